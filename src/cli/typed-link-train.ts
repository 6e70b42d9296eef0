/**
 * `deepgraph train --data DIR --task link --etype E --model rgcn|sage|hgt|rgat|han|pinsage` on a typed
 * graph: per-type inputs (a Linear on the type's features, else a learned embedding), a 2-layer encoder
 * (typed-link-models.ts), dot-product scores between the target relation's source and destination types, BCE against
 * uniform negatives of the destination type; test AUC, Hits@K and MRR at the best validation AUC,
 * next to a destination-popularity baseline ranked on the same negatives.
 *   rgcn, sage, hgt, rgat, han: the encoders of typed-link-models.ts;
 *   pinsage: destination items by nn.PinSAGE over the PinSAGESampler item graph of the training
 *            pairs plus an id embedding, sources by an embedding (the target must join two types).
 */
import { backendName } from '../kernels/registry.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from '../tensor/elementwise.js';
import { heterograph } from '../graph/construct.js';
import { Module } from '../nn/module.js';
import { Embedding } from '../nn/embedding.js';
import { normal } from '../nn/init.js';
import { PinSAGE } from '../nn/recommend/pinsage.js';
import { PinSAGESampler } from '../sampling/pinsage.js';
import type { Graph } from '../graph/graph.js';
import { UsageError } from './args.js';
import type { UserDataset } from './data-dir.js';
import { LINK_DEFAULTS, runLinkLoop, type LinkHyper, type LinkRunResult, type Pairs } from './link-train.js';
import { typedLinkTaskData, type TypedLinkData } from './typed-link-data.js';
import { HANEncoder, HGTEncoder, TypedEncoder, TypedInput } from './typed-link-models.js';
import type { Progress } from './progress.js';
import { mean, median, std } from './stats.js';
import type { TrainConfig, TrainSummary } from './train.js';

/** The models `--task link` trains on a typed graph. */
export const TYPED_LINK_MODELS = ['rgcn', 'sage', 'hgt', 'rgat', 'han', 'pinsage'] as const;
type TypedLinkModel = typeof TYPED_LINK_MODELS[number];

/** PinSAGE items (features or an id embedding as input, plus an id embedding) and embedded sources. */
class PinSAGELink extends Module {
  readonly pinsage: PinSAGE;
  readonly itemInput: TypedInput;
  readonly itemIds: Embedding;
  readonly users: Embedding;
  private readonly itemGraph: Graph;
  constructor(data: TypedLinkData, hidden: number, seed: number) {
    super();
    const [u, , i] = data.target, g = data.trainGraph;
    if (u === i) throw new UsageError(`--model pinsage walks item → user → item: the target ${data.target.join(':')} must join two node types`);
    const pairs = heterograph({ [`${i}:to:${u}`]: [data.train.dst, data.train.src], [`${u}:to:${i}`]: [data.train.src, data.train.dst] },
      { numNodes: { [u]: g.numNodes(u), [i]: g.numNodes(i) } });
    const items = Int32Array.from({ length: g.numNodes(i) }, (_, k) => k);
    this.itemGraph = new PinSAGESampler(pairs, i, u, { numTraversals: 2, terminationProb: 0.5, numRandomWalks: 10, numNeighbors: 10, seed }).sample(items);
    const itemOnly = heterograph({ [`${i}:self:${i}`]: [new Int32Array(0), new Int32Array(0)] }, { numNodes: { [i]: g.numNodes(i) } });
    this.itemInput = this.registerModule('itemInput', new TypedInput(itemOnly, { [i]: data.features[i] }, hidden));
    this.pinsage = this.registerModule('pinsage', new PinSAGE(hidden, hidden, { numLayers: 2, dropout: 0 }));
    this.itemIds = this.registerModule('itemIds', new Embedding(g.numNodes(i), hidden));
    this.users = this.registerModule('users', new Embedding(g.numNodes(u), hidden));
    normal(this.itemIds.weight, 0, 0.1);
    normal(this.users.weight, 0, 0.1);
  }
  forward(): readonly [Tensor, Tensor] {
    const x = Object.values(this.itemInput.forward())[0];
    return [this.users.weight, add(this.pinsage.forward(this.itemGraph, x), this.itemIds.weight)];
  }
}

function linkHyper(cfg: TrainConfig): LinkHyper {
  const o = cfg.overrides;
  return { ...LINK_DEFAULTS, ...(o.epochs === undefined ? {} : { epochs: o.epochs }), ...(o.lr === undefined ? {} : { lr: o.lr }),
    ...(o.hidden === undefined ? {} : { hidden: o.hidden }) };
}

/** One seed of typed link prediction. */
export function trainTypedLinkRun(data: TypedLinkData, model: TypedLinkModel, h: LinkHyper, seed: number,
  onEpoch?: Parameters<typeof runLinkLoop>[3]): LinkRunResult {
  const [stype, , dtype] = data.target;
  const g = data.trainGraph, f = data.features;
  const net = model === 'pinsage' ? new PinSAGELink(data, h.hidden, seed) : model === 'hgt' ? new HGTEncoder(g, f, h.hidden)
    : model === 'han' ? new HANEncoder(g, f, h.hidden, data.target) : new TypedEncoder(g, f, h.hidden, model);
  const embed = (): readonly [Tensor, Tensor] => {
    if (net instanceof PinSAGELink) return net.forward();
    const out = net.forward();
    return [out[stype], out[dtype]];
  };
  const popularity = new Float32Array(data.trainGraph.numNodes(dtype));
  for (const i of data.train.dst) popularity[i]++;
  return runLinkLoop({ train: data.train, val: data.val, test: data.test, numDst: popularity.length, model: net, embed,
    baseline: (p: Pairs) => Float32Array.from(p.dst, (i) => popularity[i]) }, h, seed, onEpoch);
}

/** `--task link` on a typed --data graph over `runs` seeds. */
export function trainTypedLinkTask(d: UserDataset, cfg: TrainConfig, progress: Progress): TrainSummary {
  const model = (cfg.modelGiven ? cfg.model : 'rgcn') as string;
  if (!(TYPED_LINK_MODELS as readonly string[]).includes(model)) {
    throw new UsageError(`${d.name} is a typed graph: --task link trains ${TYPED_LINK_MODELS.join(', ')}, not ${model}`);
  }
  const data = typedLinkTaskData(d, cfg.etype, cfg.reverseEtype, cfg.split, cfg.seed);
  const h = linkHyper(cfg);
  const runs: LinkRunResult[] = [];
  for (let r = 0; r < cfg.runs; r++) {
    progress.start(`run ${r + 1}/${cfg.runs}`, h.epochs);
    const res = trainTypedLinkRun(data, model as TypedLinkModel, h, cfg.seed + r, (e) => progress.update(e));
    progress.stop(`test auc ${res.auc.toFixed(4)}, hits@${h.hitsK} ${res.hits.toFixed(4)}, mrr ${res.mrr.toFixed(4)}`
      + ` (popularity: auc ${res.baseline!.auc.toFixed(4)}, mrr ${res.baseline!.mrr.toFixed(4)})`);
    runs.push(res);
  }
  const aucs = runs.map((r) => r.auc), of = (f: (r: LinkRunResult) => number): number => mean(runs.map(f));
  return {
    dataset: d.name, model: model as TrainSummary['model'], runs: cfg.runs, testAccMean: mean(aucs), testAccStd: std(aucs),
    epochMsMedian: median(runs.flatMap((r) => r.epochMs)), backend: backendName(), testAccs: aucs, metric: 'auc',
    extra: { [`hits@${h.hitsK}`]: of((r) => r.hits), mrr: of((r) => r.mrr), 'popularity auc': of((r) => r.baseline!.auc),
      [`popularity hits@${h.hitsK}`]: of((r) => r.baseline!.hits), 'popularity mrr': of((r) => r.baseline!.mrr) },
    protocol: `${model} (2 layers, ${h.hidden} hidden) + dot product, BCE with one uniform ${data.target[2]} negative per edge, ${h.epochs} epochs, lr ${h.lr}; `
      + `${data.splitNote}; test at the best validation AUC; Hits@${h.hitsK} against the test negatives, MRR among 100 negatives per positive; `
      + 'baseline: destination popularity (training degree) on the same negatives',
  };
}
