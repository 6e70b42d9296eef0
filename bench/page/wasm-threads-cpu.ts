/**
 * The wasm threads speed-up measured in CPU time, for a machine too loaded for wall time to mean
 * anything (Linux: per-thread CPU from /proc/self/task/<tid>/stat, in clock ticks, summed over the
 * runs). The call is `deepgraph bench spmm`'s copyU-sum (the same uniform graph and features, the
 * input copied into the module on every call as there). With one thread the critical path is the
 * calling thread's CPU per call; with two it is the longer of the calling thread's (copies in and
 * out, validation, its half) and the worker's (its half): the time the call takes when each thread
 * has a core of its own. Prints one JSON line.
 *
 *   node dist/bench/page/wasm-threads-cpu.js [--nodes 100000] [--edges 1000000] [--feats 64] [--runs 20]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { setBackend } from '../../src/kernels/registry.js';
import { setWasmThreads, wasmThreads } from '../../src/kernels/wasm/threads.js';
import { SparseAdj } from '../../src/graph/sparse.js';
import { copyUSum } from '../../src/message/shortcuts.js';
import { loadEdges } from '../graph-input.js';
import { uniformTensor } from '../workloads/data.js';

/** CPU clock ticks (user + system) of every thread of this process, by thread id. */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
    out.set(tid, Number(fields[11]) + Number(fields[12]));
  }
  return out;
}

function main(): void {
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '100000' }, edges: { type: 'string', default: '1000000' },
    feats: { type: 'string', default: '64' }, runs: { type: 'string', default: '20' } } });
  const nodes = Number(values.nodes), edges = Number(values.edges), feats = Number(values.feats), runs = Number(values.runs);
  setBackend('wasm');
  const input = loadEdges({ edgesNpy: null, nodes, nodesGiven: true, edges, graph: 'uniform', seed: 0 });
  const adj = SparseAdj.fromCoo(input.src, input.dst, input.numNodes, input.numNodes);
  adj.csc();
  const x = uniformTensor([input.numNodes, feats], 1);
  const tick = 1000 / 100;  // ms per clock tick (USER_HZ = 100 on Linux)
  const main = String(process.pid), result: Record<string, unknown> = {};
  for (const threads of [1, 2]) {
    setWasmThreads(threads);
    if (wasmThreads() !== threads) throw new Error(`wasm-threads-cpu: ${wasmThreads()} thread(s) started, not ${threads}`);
    copyUSum(adj, x);
    const before = threadTicks(), t0 = performance.now();
    for (let r = 0; r < runs; r++) copyUSum(adj, x);
    const wallMs = (performance.now() - t0) / runs, after = threadTicks();
    const perCall = (tid: string): number => ((after.get(tid) ?? 0) - (before.get(tid) ?? 0)) * tick / runs;
    const others = [...after.keys()].filter((t) => t !== main).map(perCall).sort((a, b) => b - a);
    // The busiest other thread is the worker (the rest are V8's and libuv's, a few ms at most).
    const criticalMs = Math.max(perCall(main), ...(threads > 1 ? others.slice(0, threads - 1) : []));
    result[`threads${threads}`] = { wallMs: +wallMs.toFixed(1), callingThreadCpuMs: +perCall(main).toFixed(1),
      busiestOtherThreadCpuMs: +(others[0] ?? 0).toFixed(1), criticalPathCpuMs: +criticalMs.toFixed(1) };
  }
  const one = result.threads1 as { criticalPathCpuMs: number; wallMs: number }, two = result.threads2 as typeof one;
  console.log(JSON.stringify({ name: 'wasm-threads-cpu', op: 'copyU-sum', nodes, edges, feats, runs, ...result,
    cpuNormalisedSpeedup: +(one.criticalPathCpuMs / two.criticalPathCpuMs).toFixed(2), wallSpeedup: +(one.wallMs / two.wallMs).toFixed(2),
    load1: +loadavg()[0].toFixed(2) }));
}

main();
