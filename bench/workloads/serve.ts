/**
 * `bench serve`: what one prediction for one node costs a service that embeds deepgraph. On the
 * seeded power-law graph (powerLawNodeTask, default 2M nodes / 50M edges, 100 features), a 2-layer
 * GraphSAGE ('mean', --hidden, default 256; initialised weights: they do not change the work) in
 * eval mode answers --batches requests (default 10000) for random nodes: sample the node's 2-hop
 * neighbourhood with the model's --fanouts (NeighborSampler, blocks only), gather the input rows,
 * forward under noGrad, argmax. Two lines: one request at a time (latency = its own time), and
 * --concurrency requests (default 8) arriving together and answered as one batch (each sees the
 * batch's time). p50 / p99 / max latency in ms, the same quantiles of each request's process CPU
 * time, and requests per second. The machine's stream triad
 * comes first in the same run.
 */
import { NeighborSampler } from '../../src/dataloading/neighbor-sampler.js';
import { gatherRows } from '../../src/graph/rows.js';
import { noGrad } from '../../src/tensor/tape.js';
import { argmax } from '../../src/tensor/reduce.js';
import { manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { MinibatchSAGE } from '../../src/cli/minibatch.js';
import type { BenchOptions } from '../args.js';
import { cpuNowMs, log, printLine, resultLine, round, type Context } from '../harness.js';
import { runStream } from './stream.js';
import { samplingTask } from './sample-task.js';

/** The q-quantile (nearest rank) of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export async function runServe(o: BenchOptions, ctx: Context): Promise<void> {
  await runStream({ ...o, ops: ['triad'] });
  const { task, params, built } = samplingTask(o);
  const g = task.graph, feat = g.ndata.get('feat');
  const hidden = o.hidden ?? 256, requests = o.batches ?? 10_000, n = g.numNodes();
  manualSeed(o.seed);
  const model = new MinibatchSAGE(o.feats, hidden, task.numClasses, o.fanouts.length, 0, 0);
  model.eval();
  const sampler = new NeighborSampler(o.fanouts);
  // Request targets: a seeded stream of node ids (xorshift), the same for both settings.
  let state = (o.seed * 2654435761 + 1) >>> 0 || 1;
  const nextNode = (): number => { state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0; return state % n; };
  // Requests that arrive together are for distinct nodes (the sampler answers a repeated seed once).
  const distinctNodes = (count: number): Int32Array => {
    const seen = new Set<number>();
    while (seen.size < Math.min(count, n)) seen.add(nextNode());
    return Int32Array.from(seen);
  };
  let sampleSeed = 1;
  const answer = (nodes: Int32Array): Int32Array => noGrad(() => {
    const [input, , blocks] = sampler.sample(g, nodes, { seed: sampleSeed++ });
    const x = gatherRows(feat, (input as Tensor).data as Int32Array);
    return argmax(model.forward(blocks, x), 1).data as Int32Array;
  });
  for (const batch of [1, o.concurrency]) {
    const rounds = Math.ceil(requests / batch);
    for (let w = 0; w < Math.min(100, rounds); w++) answer(distinctNodes(batch));  // warm-up
    // Per request also the process CPU time: on a busy machine a wall-clock tail can be time spent
    // descheduled, which the CPU time does not contain.
    const ms: number[] = [], cpu: number[] = [];
    const c0 = cpuNowMs(), t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      const nodes = distinctNodes(batch);
      const s = performance.now(), sc = cpuNowMs();
      const pred = answer(nodes);
      const took = performance.now() - s, tookCpu = cpuNowMs() - sc;
      if (pred.length !== batch) throw new Error(`bench serve: ${pred.length} predictions for ${batch} requests`);
      for (let i = 0; i < batch; i++) { ms.push(took); cpu.push(tookCpu); }
    }
    const wallMs = performance.now() - t0, cpuMs = cpuNowMs() - c0;
    const sorted = [...ms].sort((a, b) => a - b), sortedCpu = cpu.sort((a, b) => a - b);
    log(`bench: serve, ${batch} request(s) per batch: p50 ${quantile(sorted, 0.5).toFixed(3)} ms, p99 ${quantile(sorted, 0.99).toFixed(3)} ms`);
    printLine(resultLine('serve', { ...params, fanouts: o.fanouts, hidden, classes: task.numClasses, concurrency: batch, requests: rounds * batch }, ctx,
      { runs: rounds, minMs: round(sorted[0], 3), medianMs: round(quantile(sorted, 0.5), 3), cpuMs: round(cpuMs / rounds, 3), meanMs: wallMs / rounds },
      { requestsPerS: round((rounds * batch) / (wallMs / 1e3), 1) },
      { p50Ms: round(quantile(sorted, 0.5), 3), p99Ms: round(quantile(sorted, 0.99), 3), maxMs: round(sorted[sorted.length - 1], 3),
        cpuP50Ms: round(quantile(sortedCpu, 0.5), 3), cpuP99Ms: round(quantile(sortedCpu, 0.99), 3), ...built }));
  }
}
