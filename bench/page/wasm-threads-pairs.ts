/**
 * The wasm threads speed-up of `deepgraph bench spmm`'s copyU-sum with both sides under the same
 * conditions: one process alternates a one-thread call and a two-thread call run by run (the
 * one-thread call keeps every part on the calling thread), so a load that comes and goes hits both
 * alike. Per call it also reads every thread's run time and run-queue wait (Linux
 * /proc/self/task/<tid>/schedstat), which tells a slow two-thread call's cause: a thread that
 * waited for a core, or a busy third thread (V8's compiler or GC). Prints one JSON line: min and
 * median of each side, the median of the per-pair ratios, and the medians of the two-thread calls'
 * waits and third-thread time.
 *
 *   node dist/bench/page/wasm-threads-pairs.js [--nodes 100000] [--edges 1000000] [--feats 64] [--runs 40]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { setBackend } from '../../src/kernels/registry.js';
import { setMinPartWorkForTests, setWasmThreads, wasmThreads } from '../../src/kernels/wasm/threads.js';
import { SparseAdj } from '../../src/graph/sparse.js';
import { copyUSum } from '../../src/message/shortcuts.js';
import { noGrad } from '../../src/tensor/tape.js';
import { median } from '../harness.js';
import { loadEdges } from '../graph-input.js';
import { uniformTensor } from '../workloads/data.js';

/** Nanoseconds on a core and waiting for one, by thread id. */
function schedstat(): Map<string, { run: number; wait: number }> {
  const out = new Map<string, { run: number; wait: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const [run, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      out.set(tid, { run, wait });
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return out;
}

const med = (v: number[]): number => median([...v].sort((a, b) => a - b));
const ms = (v: number): number => +v.toFixed(2);

function main(): void {
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '100000' }, edges: { type: 'string', default: '1000000' },
    feats: { type: 'string', default: '64' }, runs: { type: 'string', default: '40' } } });
  const nodes = Number(values.nodes), edges = Number(values.edges), feats = Number(values.feats), runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 5) throw new Error(`wasm-threads-pairs: --runs must be an integer >= 5, got ${values.runs}`);
  setBackend('wasm');
  setWasmThreads(2);
  if (wasmThreads() !== 2) throw new Error(`wasm-threads-pairs: ${wasmThreads()} thread(s) started, not 2`);
  const input = loadEdges({ edgesNpy: null, nodes, nodesGiven: true, edges, graph: 'uniform', seed: 0 });
  const adj = SparseAdj.fromCoo(input.src, input.dst, input.numNodes, input.numNodes);
  adj.csc();
  const x = uniformTensor([input.numNodes, feats], 1);
  const main = String(process.pid);
  const call = (oneThread: boolean) => {
    setMinPartWorkForTests(oneThread ? Infinity : null);
    const s0 = schedstat(), t0 = performance.now();
    noGrad(() => copyUSum(adj, x));
    const wall = performance.now() - t0, s1 = schedstat();
    let wait = 0, others = 0, worker = 0;
    for (const [tid, b] of s1) {
      const a = s0.get(tid) ?? { run: 0, wait: 0 };
      const run = (b.run - a.run) / 1e6;
      wait += (b.wait - a.wait) / 1e6;
      // The busiest thread besides the calling one is the worker; the rest are V8's and libuv's.
      if (tid !== main) { others += run; worker = Math.max(worker, run); }
    }
    return { wall, wait, third: others - worker };
  };
  try {
    for (let w = 0; w < 3; w++) { call(true); call(false); }
    const one: number[] = [], two: number[] = [], ratio: number[] = [], waits: number[] = [], third: number[] = [];
    for (let r = 0; r < runs; r++) {
      const a = call(true), b = call(false);
      one.push(a.wall); two.push(b.wall); ratio.push(a.wall / b.wall); waits.push(b.wait); third.push(b.third);
    }
    console.log(JSON.stringify({ name: 'wasm-threads-pairs', op: 'copyU-sum', nodes, edges, feats, runs,
      oneThreadMinMs: ms(Math.min(...one)), oneThreadMedianMs: ms(med(one)), twoThreadMinMs: ms(Math.min(...two)), twoThreadMedianMs: ms(med(two)),
      minSpeedup: +(Math.min(...one) / Math.min(...two)).toFixed(2), medianSpeedup: +(med(one) / med(two)).toFixed(2),
      medianPairSpeedup: +med(ratio).toFixed(2), twoThreadMedianRunQueueWaitMs: ms(med(waits)), twoThreadMedianThirdThreadMs: ms(med(third)),
      load1: +loadavg()[0].toFixed(2) }));
  } finally {
    setMinPartWorkForTests(null);
  }
}

main();
