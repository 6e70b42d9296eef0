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

export interface Pairs { src: Int32Array; dst: Int32Array }

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

export interface LinkRunResult { auc: number; hits: number; mrr: number; valAuc: number; selectedEpoch: number; epochMs: number[]; baseline?: LinkScores }

/** Test AUC, Hits@K and MRR of one scorer. */
export interface LinkScores { auc: number; hits: number; mrr: number }

/** What one link-prediction training loop needs: the pairs, the number of candidate destinations and the model. */
export interface LinkLoop {
  train: Pairs; val: Pairs; test: Pairs;
  /** Negatives are drawn uniformly from [0, numDst) (the destination node type on a typed graph). */
  numDst: number;
  model: Module;
  /** Source and destination embeddings (the same tensor twice on a homogeneous graph). */
  embed: () => readonly [Tensor, Tensor];
  /** A fixed scorer (e.g. destination popularity) ranked on the same test negatives as the model. */
  baseline?: (p: Pairs) => ArrayLike<number>;
}

const pairScore = (hs: Tensor, hd: Tensor, p: Pairs): Tensor => sum(mul(gatherRows(hs, p.src), gatherRows(hd, p.dst)), 1);

/**
 * Full-graph training with BCE against one uniform negative destination per positive (fresh every
 * epoch); the test scores are taken at the epoch of the best validation AUC. The caller seeds the
 * global generator (manualSeed) before building the model.
 */
export function runLinkLoop(task: LinkLoop, h: LinkHyper, seed: number, onEpoch?: (r: EpochReport) => void): LinkRunResult {
  const rng = new Generator(seed * 31 + 7), evalRng = new Generator(seed * 31 + 8);
  const { model, numDst } = task;
  const opt = new Adam(model.parameters(), { lr: h.lr });
  const valNeg = uniformPairs(task.val.src, numDst, evalRng), testNeg = uniformPairs(task.test.src, numDst, evalRng);
  const mrrNeg = uniformPairs(Int32Array.from({ length: task.test.src.length * 100 }, (_, i) => task.test.src[Math.floor(i / 100)]), numDst, evalRng);
  const measure = (s: (p: Pairs) => ArrayLike<number>): LinkScores => {
    const pos = s(task.test), neg = s(testNeg);
    return { auc: rocAuc(pos, neg), hits: hitsAtK(pos, neg, h.hitsK), mrr: mrr(pos, s(mrrNeg), 100) };
  };
  const m = task.train.src.length;
  const label = concat([ones([m]), new Tensor(new Float32Array(m), [m], 'float32')]);
  let best = { valAuc: -Infinity, auc: NaN, hits: NaN, mrr: NaN, epoch: -1 };
  const epochMs: number[] = [];
  for (let epoch = 0; epoch < h.epochs; epoch++) {
    model.train();
    const t0 = performance.now();
    const [hs, hd] = task.embed();
    const logits = concat([pairScore(hs, hd, task.train), pairScore(hs, hd, uniformPairs(task.train.src, numDst, rng))]);
    const loss = binaryCrossEntropyWithLogits(logits, label);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    epochMs.push(performance.now() - t0);
    model.eval();
    const r = noGrad(() => {
      const [es, ed] = task.embed();
      return { es, ed, valAuc: rocAuc(pairScore(es, ed, task.val).data, pairScore(es, ed, valNeg).data) };
    });
    if (r.valAuc > best.valAuc) best = { valAuc: r.valAuc, ...measure((p) => noGrad(() => pairScore(r.es, r.ed, p)).data), epoch };
    onEpoch?.({ epoch, loss: loss.item(), valAcc: r.valAuc });
  }
  return { auc: best.auc, hits: best.hits, mrr: best.mrr, valAuc: best.valAuc, selectedEpoch: best.epoch, epochMs,
    ...(task.baseline === undefined ? {} : { baseline: measure(task.baseline) }) };
}

export function trainLinkRun(data: LinkData, h: LinkHyper, seed: number, onEpoch?: (r: EpochReport) => void): LinkRunResult {
  manualSeed(seed);
  const model = new SageEncoder(data.features.shape[1], h.hidden);
  const embed = (): readonly [Tensor, Tensor] => { const e = model.forward(data.trainGraph, data.features); return [e, e]; };
  return runLinkLoop({ train: data.train, val: data.val, test: data.test, numDst: data.numNodes, model, embed }, h, seed, onEpoch);
}
