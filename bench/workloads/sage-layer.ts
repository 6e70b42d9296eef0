/**
 * sage-layer: one SAGEConv(F, F, 'mean') forward and backward (sum of the output as the loss) on a
 * random graph, the input requiring a gradient. Gradients are cleared before each run, outside
 * the timed region, so no run pays for accumulating into the previous run's gradients.
 */
import { sum } from '../../src/tensor/reduce.js';
import { manualSeed } from '../../src/tensor/random.js';
import { graph } from '../../src/graph/index.js';
import type { BenchOptions } from '../args.js';
import { sageLayerCost } from '../cost-model.js';
import { loadEdges } from '../graph-input.js';
import { KernelProfile } from '../profile.js';
import { log, perSecond, printLine, resultLine, rssMb, time, type Context } from '../harness.js';
import { sageLayer } from '../models.js';
import { uniformTensor } from './data.js';

export function runSageLayer(o: BenchOptions, ctx: Context): void {
  const input = loadEdges(o);
  const n = input.numNodes, e = input.numEdges, f = o.feats;
  log(`bench: sage-layer on ${n} nodes, ${e} edges, ${f} features (${JSON.stringify(input.describe)})`);
  const g = graph([input.src, input.dst], { numNodes: n });
  const x = uniformTensor([n, f], o.seed + 1).setRequiresGrad();
  manualSeed(o.seed);
  const conv = sageLayer(f);
  const setup = (): void => { x.grad = null; conv.zeroGrad(); };
  const step = (): void => { sum(conv.forward(g, x)).backward(); };
  const profile = o.profile ? new KernelProfile() : null;
  profile?.install();
  const setupRss = rssMb();
  const t = time(step, { runs: o.runs, warmup: o.warmup, setup, label: 'sage-layer', afterWarmup: () => profile?.reset() });
  const cost = sageLayerCost(n, e, f);
  printLine(resultLine('sage-layer', { nodes: n, edges: e, feats: f, aggregator: 'mean', ...input.describe }, ctx, t,
    { edgesPerS: perSecond(e, t.minMs, 0) }, {
      setupRssMb: setupRss, denseFlops: cost.denseFlops, sparseBytes: cost.sparseBytes, costModel: cost.model,
      ...(profile === null ? {} : { profiled: true, kernelMs: profile.summarise(t.runs, t.meanMs) }),
    }));
}
