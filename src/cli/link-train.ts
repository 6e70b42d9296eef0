/**
 * Link prediction on a --data folder (`--task link`), as DGL's link-prediction tutorial: the
 * undirected edges split into train / validation / test, a 2-layer GraphSAGE (mean) encoder on
 * the training edges, dot-product scores, binary cross entropy against uniform negatives (one per
 * positive, fresh every epoch); reported at the best validation AUC: test AUC, Hits@K (OGB's
 * ogbl-collab rule: positives scored above the K-th best of the negatives) and MRR (each positive
 * ranked among 100 negatives with the same source, as OGB's ogbl-citation2).
 */
import { binaryAuc } from '../metrics/topk.js';
import { hitsAboveKthNegative, ranksAmongOwnNegatives } from '../metrics/ranking.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { Generator, manualSeed } from '../tensor/random.js';
import { binaryCrossEntropyWithLogits } from '../tensor/loss.js';
import { ones } from '../tensor/creation.js';
import { mul } from '../tensor/elementwise.js';
import { sum } from '../tensor/reduce.js';
import { relu } from '../tensor/activation.js';
import { concat } from '../tensor/movement.js';
import { gatherRows } from '../message/gather.js';
import { graph, type Graph } from '../graph/index.js';
import { Module } from '../nn/module.js';
import { SAGEConv } from '../nn/conv/sage-conv.js';
import { Adam } from '../optim/adam.js';
import { UsageError } from './args.js';
import { nodeFeatures, randomSplit, type SplitFractions, type UserDataset } from './data-dir.js';
import type { EpochReport } from './progress.js';

interface Pairs { src: Int32Array; dst: Int32Array }

export interface LinkData {
  name: string;
  numNodes: number;
  features: Tensor;
  /** The training edges in both directions. */
  trainGraph: Graph;
  train: Pairs; val: Pairs; test: Pairs;
  splitNote: string;
}

/** Undirected distinct edges (self loops dropped) split by the fractions; the training graph holds both directions. */
export function linkTaskData(d: UserDataset, split: SplitFractions | undefined, seed: number): LinkData {
  const g = d.graphs[0];
  if (d.graphs.length === 1 && (g.ntypes.length > 1 || g.canonicalEtypes.length > 1)) {
    throw new UsageError(`${d.name}: --task link takes one homogeneous graph; this one is typed (edge types `
      + `[${g.canonicalEtypes.map((c) => c.join(':')).join(', ')}]) and the command line cannot yet pick an edge type to predict; `
      + 'train typed link prediction in code (asEdgePredictionSampler with etype, exclude \'reverseTypes\'; see examples/recommender-csv.ts)');
  }
  if (d.graphs.length !== 1 || g.ntypes.length !== 1 || g.canonicalEtypes.length !== 1) {
    throw new UsageError(`${d.name}: --task link takes one homogeneous graph (one node and one edge type)`);
  }
  const n = g.numNodes(), [s, t] = g.edges() as unknown as [Int32Array, Int32Array];
  const seen = new Set<number>(), us: number[] = [], vs: number[] = [];
  for (let e = 0; e < s.length; e++) {
    const u = Math.min(s[e], t[e]), v = Math.max(s[e], t[e]);
    if (u === v || seen.has(u * n + v)) continue;
    seen.add(u * n + v); us.push(u); vs.push(v);
  }
  const f = split ?? [0.85, 0.05, 0.1] as const;
  const [tr, va, te] = randomSplit(Int32Array.from(us.keys()), f, seed);
  const pick = (ids: Int32Array): Pairs => ({ src: Int32Array.from(ids, (i) => us[i]), dst: Int32Array.from(ids, (i) => vs[i]) });
  const train = pick(tr), m = train.src.length;
  const src = new Int32Array(2 * m), dst = new Int32Array(2 * m);
  src.set(train.src); src.set(train.dst, m); dst.set(train.dst); dst.set(train.src, m);
  const features = nodeFeatures(g, g.ntypes[0]) ?? ones([n, 1]);
  return {
    name: d.name, numNodes: n, features, trainGraph: graph([src, dst], { numNodes: n }), train, val: pick(va), test: pick(te),
    splitNote: `random split ${f.join('/')} of the ${us.length} undirected edges (seed ${seed}${split === undefined ? ', the default for links' : ''})`,
  };
}

class SageEncoder extends Module {
  readonly conv1: SAGEConv;
  readonly conv2: SAGEConv;
  constructor(inFeats: number, hidden: number) {
    super();
    this.conv1 = this.registerModule('conv1', new SAGEConv(inFeats, hidden, 'mean'));
    this.conv2 = this.registerModule('conv2', new SAGEConv(hidden, hidden, 'mean'));
  }
  forward(g: Graph, x: Tensor): Tensor { return this.conv2.forward(g, relu(this.conv1.forward(g, x))); }
}

const score = (h: Tensor, p: Pairs): Tensor => sum(mul(gatherRows(h, p.src), gatherRows(h, p.dst)), 1);

function uniformPairs(src: Int32Array, n: number, rng: Generator): Pairs {
  return { src, dst: Int32Array.from(src, () => rng.nextInt(n)) };
}

/** Area under the ROC curve of positive vs negative scores (ties count one half). */
export function rocAuc(pos: ArrayLike<number>, neg: ArrayLike<number>): number {
  const labels = [...new Array<number>(pos.length).fill(1), ...new Array<number>(neg.length).fill(0)];
  return binaryAuc([...Array.from(pos), ...Array.from(neg)], labels, 0, labels.length) ?? NaN;
}

/** OGB's Hits@K: the share of positives scored strictly above the K-th highest negative score. */
export const hitsAtK = hitsAboveKthNegative;

/** OGB's MRR: mean of 1 / rank of each positive among its own k negatives (optimistic and pessimistic ranks averaged). */
export function mrr(pos: ArrayLike<number>, negPerPos: ArrayLike<number>, k: number): number {
  const ranks = ranksAmongOwnNegatives(pos, { data: negPerPos, rows: pos.length, cols: k });
  let total = 0;
  for (const r of ranks) total += 1 / r;
  return total / pos.length;
}

export interface LinkHyper { epochs: number; lr: number; hidden: number; hitsK: number }
export const LINK_DEFAULTS: LinkHyper = { epochs: 100, lr: 0.01, hidden: 16, hitsK: 50 };

export interface LinkRunResult { auc: number; hits: number; mrr: number; valAuc: number; selectedEpoch: number; epochMs: number[] }

export function trainLinkRun(data: LinkData, h: LinkHyper, seed: number, onEpoch?: (r: EpochReport) => void): LinkRunResult {
  manualSeed(seed);
  const rng = new Generator(seed * 31 + 7), evalRng = new Generator(seed * 31 + 8);
  const model = new SageEncoder(data.features.shape[1], h.hidden);
  const opt = new Adam(model.parameters(), { lr: h.lr });
  const valNeg = uniformPairs(data.val.src, data.numNodes, evalRng), testNeg = uniformPairs(data.test.src, data.numNodes, evalRng);
  const mrrNeg = uniformPairs(Int32Array.from({ length: data.test.src.length * 100 }, (_, i) => data.test.src[Math.floor(i / 100)]), data.numNodes, evalRng);
  const label = concat([ones([data.train.src.length]), new Tensor(new Float32Array(data.train.src.length), [data.train.src.length], 'float32')]);
  let best = { valAuc: -Infinity, auc: NaN, hits: NaN, mrr: NaN, epoch: -1 };
  const epochMs: number[] = [];
  for (let epoch = 0; epoch < h.epochs; epoch++) {
    model.train();
    const t0 = performance.now();
    const emb = model.forward(data.trainGraph, data.features);
    const logits = concat([score(emb, data.train), score(emb, uniformPairs(data.train.src, data.numNodes, rng))]);
    const loss = binaryCrossEntropyWithLogits(logits, label);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    epochMs.push(performance.now() - t0);
    model.eval();
    const r = noGrad(() => {
      const e = model.forward(data.trainGraph, data.features);
      return { e, valAuc: rocAuc(score(e, data.val).data, score(e, valNeg).data) };
    });
    if (r.valAuc > best.valAuc) {
      const pos = noGrad(() => score(r.e, data.test)).data;
      const neg = noGrad(() => score(r.e, testNeg)).data, perPos = noGrad(() => score(r.e, mrrNeg)).data;
      best = { valAuc: r.valAuc, auc: rocAuc(pos, neg), hits: hitsAtK(pos, neg, h.hitsK), mrr: mrr(pos, perPos, 100), epoch };
    }
    onEpoch?.({ epoch, loss: loss.item(), valAcc: r.valAuc });
  }
  return { auc: best.auc, hits: best.hits, mrr: best.mrr, valAuc: best.valAuc, selectedEpoch: best.epoch, epochMs };
}
