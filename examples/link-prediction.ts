/**
 * Link prediction with a GraphSAGE encoder and a dot-product predictor (DGL's
 * examples/pytorch/graphsage/link_pred.py, on Cora): edge batches from a DataLoader with
 * asEdgePredictionSampler (the batch's edges and their reverses excluded from the blocks, uniform
 * negatives), binary cross entropy on positive and negative pair scores, test AUC on held-out
 * edges against sampled non-edges.
 *
 *   node dist/examples/link-prediction.js --data-dir ../shared/data [--epochs 10 --batch-size 512 --fanouts 10,25 --workers 0]
 */
import * as dg from 'deepgraph';
import { pathToFileURL } from 'node:url';
import { SAGE } from './sage-minibatch.js';

/** Undirected edges split into train / val / test, and the graph of the training edges (both directions). */
export interface EdgeSplit {
  /** Training edges u -> v (e < m) followed by their reverses v -> u (e >= m); ndata copied from the input. */
  trainGraph: dg.Graph;
  /** reverseEids[e] is the reverse of training edge e. */
  reverseEids: Int32Array;
  val: { src: Int32Array; dst: Int32Array };
  test: { src: Int32Array; dst: Int32Array };
}

/**
 * Splits the undirected edges of g (each u-v once, self loops dropped) at random: valShare and
 * testShare of them are held out; the rest form the training graph in both directions.
 */
export function splitEdges(g: dg.Graph, valShare: number, testShare: number, seed: number): EdgeSplit {
  const [s, d] = g.edges();
  const seen = new Set<number>(), us: number[] = [], vs: number[] = [];
  const n = g.numNodes();
  for (let e = 0; e < s.length; e++) {
    const u = Math.min(s[e], d[e]), v = Math.max(s[e], d[e]);
    if (u === v || seen.has(u * n + v)) continue;
    seen.add(u * n + v); us.push(u); vs.push(v);
  }
  const order = dg.randperm(us.length, { generator: new dg.Generator(seed) }).data;
  const numVal = Math.round(valShare * us.length), numTest = Math.round(testShare * us.length);
  const pick = (from: number, to: number): { src: Int32Array; dst: Int32Array } =>
    ({ src: Int32Array.from({ length: to - from }, (_, i) => us[order[from + i]]), dst: Int32Array.from({ length: to - from }, (_, i) => vs[order[from + i]]) });
  const val = pick(0, numVal), test = pick(numVal, numVal + numTest), train = pick(numVal + numTest, us.length);
  const m = train.src.length;
  const src = new Int32Array(2 * m), dst = new Int32Array(2 * m);
  src.set(train.src); src.set(train.dst, m); dst.set(train.dst); dst.set(train.src, m);
  const trainGraph = dg.graph([src, dst], { numNodes: n });
  for (const [name, x] of g.ndata) trainGraph.ndata.set(name, x);
  const reverseEids = Int32Array.from({ length: 2 * m }, (_, e) => (e < m ? e + m : e - m));
  return { trainGraph, reverseEids, val, test };
}

/** Area under the ROC curve: the chance that a random positive outscores a random negative (ties count half). */
export function auc(pos: ArrayLike<number>, neg: ArrayLike<number>): number {
  const all = [...Array.from(pos, (v) => [v, 1] as const), ...Array.from(neg, (v) => [v, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const midRank = (i + j + 1) / 2; // ranks i+1..j share their mean
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += midRank;
    i = j;
  }
  const p = pos.length, q = neg.length;
  return (rankSum - (p * (p + 1)) / 2) / (p * q);
}

/** Dot-product scores of the pairs (src[i], dst[i]) from node embeddings h. */
export function pairScores(h: dg.Tensor, src: Int32Array, dst: Int32Array, numNodes: number): dg.Tensor {
  const pairs = dg.graph([src, dst], { numNodes });
  return dg.ops.uDotV(pairs, h, h);
}

export interface LinkPredictionOptions {
  fanouts?: number[];
  batchSize?: number;
  hidden?: number;
  epochs?: number;
  lr?: number;
  numWorkers?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface LinkPredictionResult {
  valAuc: number;
  testAuc: number;
  epochMs: number[];
}

/** Embeddings of every node from full neighbourhoods of the training graph (eval mode, no gradients). */
function embedAll(model: SAGE, g: dg.Graph): dg.Tensor {
  model.train(false);
  const [, , blocks] = new dg.MultiLayerFullNeighborSampler(model.layers.length, { prefetchNodeFeats: ['feat'] })
    .sample(g, dg.arange(0, g.numNodes(), 1, { dtype: 'int32' }), { seed: 0 });
  const h = dg.noGrad(() => model.forward(blocks, blocks[0].srcdata.get('feat')));
  model.train(true);
  return h;
}

/** Trains the encoder on the training edges of `split`; AUC on val and test edges against as many non-edges of g. */
export async function trainLinkPrediction(g: dg.Graph, split: EdgeSplit, opts: LinkPredictionOptions = {}): Promise<LinkPredictionResult> {
  const fanouts = opts.fanouts ?? [10, 25], log = opts.log ?? (() => undefined);
  dg.manualSeed(opts.seed ?? 0);
  const tg = split.trainGraph;
  const model = new SAGE(tg.ndata.get('feat').shape[1], opts.hidden ?? 64, opts.hidden ?? 64, fanouts.length, 0);
  const sampler = dg.asEdgePredictionSampler(new dg.NeighborSampler(fanouts, { prefetchNodeFeats: ['feat'] }), {
    exclude: 'reverseId', reverseEids: split.reverseEids, negativeSampler: new dg.Uniform(1),
  });
  dg.matchLayers(sampler, model.layers.length, 'the encoder');
  const loader = new dg.DataLoader(tg, dg.arange(0, tg.numEdges(), 1, { dtype: 'int32' }), sampler, {
    batchSize: opts.batchSize ?? 512, shuffle: true, numWorkers: opts.numWorkers ?? 0, seed: opts.seed ?? 0, persistentWorkers: true,
  });
  const opt = new dg.optim.Adam(model.parameters(), { lr: opts.lr ?? 0.01 });
  // Negatives for evaluation: non-edges of the whole graph (held-out edges are edges too).
  const evalNeg = (k: number, seed: number): dg.NegativePairs => dg.globalUniformNegativeSampling(g, k, { seed });
  const evaluate = (pairs: { src: Int32Array; dst: Int32Array }, seed: number): number => {
    const h = embedAll(model, tg);
    const neg = evalNeg(pairs.src.length, seed);
    return auc(pairScores(h, pairs.src, pairs.dst, tg.numNodes()).data, pairScores(h, neg.src.data as Int32Array, neg.dst.data as Int32Array, tg.numNodes()).data);
  };
  const result: LinkPredictionResult = { valAuc: NaN, testAuc: NaN, epochMs: [] };
  try {
    for (let epoch = 0; epoch < (opts.epochs ?? 10); epoch++) {
      const t0 = performance.now();
      let lossSum = 0, batches = 0;
      for await (const [, pos, neg, blocks] of loader) {
        const h = model.forward(blocks, blocks[0].srcdata.get('feat'));
        const ps = dg.ops.uDotV(pos, h, h), ns = dg.ops.uDotV(neg!, h, h);
        const scores = dg.concat([ps, ns], 0);
        const labels = dg.concat([dg.ones(ps.shape), dg.zeros(ns.shape)], 0);
        const loss = dg.binaryCrossEntropyWithLogits(scores, labels);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        lossSum += loss.item();
        batches++;
      }
      result.epochMs.push(performance.now() - t0);
      result.valAuc = evaluate(split.val, 1);
      log(`epoch ${epoch}: loss ${(lossSum / batches).toFixed(4)}, val AUC ${result.valAuc.toFixed(4)} (${(result.epochMs[epoch] / 1000).toFixed(2)} s)`);
    }
  } finally {
    await loader.close();
  }
  result.testAuc = evaluate(split.test, 2);
  return result;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const ds = new dg.data.CoraGraphDataset({ rawDir: `${arg('data-dir', '../shared/data')}/planetoid/raw`, transform: dg.data.normalizeFeatures() });
  const seed = Number(arg('seed', '0'));
  const split = splitEdges(ds.graph, 0.05, 0.1, seed);
  console.error(`cora: ${split.trainGraph.numEdges() / 2} training edges, ${split.val.src.length} validation, ${split.test.src.length} test`);
  const r = await trainLinkPrediction(ds.graph, split, {
    fanouts: arg('fanouts', '10,25').split(',').map(Number), batchSize: Number(arg('batch-size', '512')), epochs: Number(arg('epochs', '10')),
    hidden: Number(arg('hidden', '64')), numWorkers: Number(arg('workers', '0')), seed, log: (l) => console.error(l),
  });
  console.log(JSON.stringify({ valAuc: r.valAuc, testAuc: r.testAuc, epochMs: r.epochMs.map(Math.round) }));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
}
