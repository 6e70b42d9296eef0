/**
 * Where a minibatch GraphSAGE step's time goes (`bench sage-minibatch`, after the epochs): on the
 * training thread, without a loader, each batch's sampling (NeighborSampler.sample, blocks only),
 * feature and label gather, forward, backward and Adam step timed apart, averaged over the
 * batches; beside them the step's roofline (gather + forward + backward + optimiser: dense FLOPs at
 * the measured BLAS rate plus bytes at the measured stream triad, sageMinibatchStepCost), both
 * measured in the same run and printed as their own lines.
 */
import { NeighborSampler } from '../../src/dataloading/neighbor-sampler.js';
import type { PowerLawTask } from '../../src/dataloading/power-law.js';
import { gatherRows } from '../../src/graph/rows.js';
import { Adam } from '../../src/optim/adam.js';
import { manualSeed } from '../../src/tensor/random.js';
import { crossEntropy } from '../../src/tensor/loss.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { MinibatchSAGE } from '../../src/cli/minibatch.js';
import type { BenchOptions } from '../args.js';
import { sageMinibatchStepCost, type BlockSize } from '../cost-model.js';
import { printLine, resultLine, round, summarise, withLineSink, type BenchLine, type Context } from '../harness.js';
import { KernelProfile } from '../profile.js';
import { runMatmul } from './matmul.js';
import { runStream } from './stream.js';

/** The machine's stream triad GB/s and matmul GFLOP/s at the first layer's shape, printed as lines of this run. */
async function machineRates(o: BenchOptions, ctx: Context, m: number, k: number, n: number): Promise<{ stream: number; blas: number }> {
  const lines: BenchLine[] = [];
  await withLineSink((l) => { lines.push(l); }, async () => {
    await runStream({ ...o, ops: ['triad'] });
    runMatmul({ ...o, m, k, n }, ctx);
  });
  for (const l of lines) printLine(l);
  return { stream: Number(lines[0].gbPerS), blas: Number(lines[1].gflopPerS) };
}

const PHASES = ['sample', 'gather', 'forward', 'backward', 'optimizer'] as const;

export async function runMinibatchPhases(o: BenchOptions, ctx: Context, task: PowerLawTask, params: Record<string, unknown>, hidden: number): Promise<void> {
  const g = task.graph;
  const feat = g.ndata.get('feat'), label = g.ndata.get('label');
  const batches = Math.min(o.batches ?? 20, Math.floor(task.trainIds.length / o.batchSize));
  manualSeed(o.seed);
  const model = new MinibatchSAGE(o.feats, hidden, task.numClasses, o.fanouts.length, 0.5, 0);
  model.train();
  const opt = new Adam(model.parameters(), { lr: 3e-3 });
  const sampler = new NeighborSampler(o.fanouts);
  const ms: Record<string, number[]> = Object.fromEntries(PHASES.map((p) => [p, []]));
  const sizes: BlockSize[][] = [];
  const profile = o.profile ? new KernelProfile() : null;
  profile?.install();
  for (let b = -1; b < batches; b++) {  // batch -1 warms up
    if (b === 0) profile?.reset();
    const seeds = task.trainIds.subarray(Math.max(b, 0) * o.batchSize, (Math.max(b, 0) + 1) * o.batchSize);
    const t0 = performance.now();
    const [input, output, blocks] = sampler.sample(g, seeds, { seed: o.seed + b + 1 });
    const t1 = performance.now();
    const x = gatherRows(feat, (input as Tensor).data as Int32Array), y = gatherRows(label, (output as Tensor).data as Int32Array);
    const t2 = performance.now();
    const loss = crossEntropy(model.forward(blocks, x), y);
    const t3 = performance.now();
    opt.zeroGrad();
    loss.backward();
    const t4 = performance.now();
    opt.step();
    const t5 = performance.now();
    if (b < 0) continue;
    [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4].forEach((v, i) => ms[PHASES[i]].push(v));
    sizes.push(blocks.map((blk) => ({ src: blk.numSrcNodes(), dst: blk.numDstNodes(), edges: blk.numEdges() })));
  }
  const mean = (xs: number[]): number => xs.reduce((a, c) => a + c, 0) / xs.length;
  const avgSizes = sizes[0].map((_, l) => ({
    src: mean(sizes.map((s) => s[l].src)), dst: mean(sizes.map((s) => s[l].dst)), edges: mean(sizes.map((s) => s[l].edges)),
  }));
  const numParams = model.parameters().reduce((a, p) => a + p.size, 0);
  const cost = sageMinibatchStepCost(avgSizes, [o.feats, ...new Array<number>(o.fanouts.length - 1).fill(hidden), task.numClasses], numParams);
  const rates = await machineRates(o, ctx, Math.round(avgSizes[0].dst), o.feats, hidden);
  const rooflineMs = cost.denseFlops / 1e9 / rates.blas * 1e3 + cost.sparseBytes / 1e9 / rates.stream * 1e3;
  const steps = ms.gather.map((_, i) => ms.gather[i] + ms.forward[i] + ms.backward[i] + ms.optimizer[i]);
  // Per batch, sampling included (the profile times its kernels too).
  const kernelMs = profile?.summarise(batches, mean(steps) + mean(ms.sample));
  const t = summarise(steps, steps.map(() => NaN));
  printLine(resultLine('sage-minibatch-phases', { ...params, fanouts: o.fanouts, batchSize: o.batchSize, hidden, batches }, ctx, t,
    { stepsPerS: round(1e3 / mean(steps), 2) }, {
      meanMs: Object.fromEntries(PHASES.map((p) => [p, round(mean(ms[p]), 2)])),
      stepMeanMs: round(mean(steps), 2), rooflineMs: round(rooflineMs, 2), stepOverRoofline: round(mean(steps) / rooflineMs, 2),
      denseFlops: Math.round(cost.denseFlops), sparseBytes: Math.round(cost.sparseBytes), streamGbPerS: rates.stream, blasGflopPerS: rates.blas,
      blocks: avgSizes.map((s) => ({ src: Math.round(s.src), dst: Math.round(s.dst), edges: Math.round(s.edges) })), costModel: cost.model,
      ...(kernelMs === undefined ? {} : { profiled: true, kernelMs }),
    }));
}
