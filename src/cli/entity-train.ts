/**
 * Entity classification on a typed graph with R-GCN as the paper and DGL's entity_classify.py
 * (the example whose published accuracies are 96.29 on AIFB and 70.59-73.53 on MUTAG): the
 * featureless input is each node's one-hot id, so the first layer's message along relation r
 * from node j is row j of W_r (a [numNodes, hidden] matrix per relation, basis-decomposed); a
 * second RelGraphConv maps to the classes; edges are normalised by 1 / in-degree per relation;
 * Adam lr 0.01, 50 epochs, test accuracy after the last epoch.
 */
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { manualSeed } from '../tensor/random.js';
import { indexSelect } from '../tensor/indexing.js';
import { crossEntropy } from '../tensor/loss.js';
import { relu } from '../tensor/activation.js';
import { graph, toHomogeneous, ETYPE, type Graph } from '../graph/index.js';
import { Module } from '../nn/module.js';
import { RelGraphConv } from '../nn/conv/rel-graph-conv.js';
import { uniform } from '../nn/init.js';
import { FeaturelessRelGraphConv, NodeEmbeddingInput } from '../nn/conv/featureless-rel-graph-conv.js';
import { Adam } from '../optim/adam.js';
import { AIFBDataset, MUTAGDataset } from '../data/rdf.js';
import { accuracy, type NodeRunResult } from './node-train.js';
import type { EpochReport } from './progress.js';
import type { NodeSplit } from './datasets.js';

/** A typed graph whose `category` nodes are classified (R-GCN's entity classification). */
export interface EntityData extends NodeSplit {
  kind: 'entity';
  name: string;
  graph: Graph;
  category: string;
  /** [numNodes(category)] int32; -1 where unlabelled. */
  labels: Tensor;
  /** The split's ids are within the category. */
  numClasses: number;
}

/** AIFB or MUTAG (RDF) as DGL's RDF datasets build them; `dir` holds the raw files (or a data root with rdf/<name>). */
export async function loadRdfEntity(name: 'aifb' | 'mutag-rdf', dir: string | undefined, rdfDir: (d: string, n: string) => string): Promise<EntityData> {
  const raw = name === 'aifb' ? 'aifb' : 'mutag';
  const opts = dir === undefined ? {} : { rawDir: rdfDir(dir, raw) };
  const ds = name === 'aifb'
    ? (dir === undefined ? await AIFBDataset.load(opts) : new AIFBDataset(opts))
    : (dir === undefined ? await MUTAGDataset.load(opts) : new MUTAGDataset(opts));
  return {
    kind: 'entity', name, graph: ds.graph, category: ds.predictCategory, labels: ds.graph.nodeFrame(ds.predictCategory).get('label'),
    numClasses: ds.numClasses, trainIdx: ds.trainIdx, valIdx: new Int32Array(0), testIdx: ds.testIdx,
    splitNote: `the R-GCN paper's split: ${ds.trainIdx.length} train / ${ds.testIdx.length} test ${ds.predictCategory} entities`,
  };
}

/** R-GCN's settings (DGL's entity.py; the CLI's --epochs, --lr, --weight-decay, --hidden override). */
export interface RgcnHyper {
  epochs: number;
  lr: number;
  weightDecay: number;
  hidden: number;
  /** Bases of the basis decomposition; 0 = one per relation (DGL's num_bases=-1: no decomposition). */
  numBases: number;
  /** W_0 h_i term of each layer (DGL's --use-self-loop, off by default). */
  selfLoop: boolean;
  /**
   * 'onehot': one-hot ids through a relation-specific first layer (entity_classify.py, the paper);
   * 'embed': a learned embedding per node, averaged per relation without a weight, then one
   * RelGraphConv with weights shared by relations of the same name (rgcn-hetero/entity_classify.py).
   */
  input: 'onehot' | 'embed';
  /** 'first': L2 on the first layer only (the R-GCN authors' code); 'all': every weight (DGL's examples). */
  weightDecayScope: 'first' | 'all';
  /**
   * The paper's self-connection (eq. 2, W_0 h_i) as the authors' code builds it: one more relation
   * whose edges are the self-loops (norm 1), basis-decomposed like the others (tkipf/relational-gcn
   * appends an identity adjacency). DGL's examples leave it out (selfLoop is their separate weight).
   */
  identityRelation: boolean;
  /**
   * 'canonical': one relation per canonical edge type (DGL's heterograph RDF datasets split a
   * predicate by its subject and object node types); 'predicate': one per edge type name (the RDF
   * predicate or its inverse, as the authors' code and DGL's earlier homogeneous loader), with the
   * norm 1 / in-degree per predicate.
   */
  relations: 'canonical' | 'predicate';
  /** A bias in each layer (DGL: yes; the authors' GraphConvolution: no). */
  bias: boolean;
  /**
   * 'dgl': DGL's RelGraphConv initialisation; 'glorot': the authors' Keras glorot_uniform on each
   * basis matrix V_b [in, out] (U(±sqrt(6 / (in + out)))) and on the coefficients [R, B].
   */
  init: 'dgl' | 'glorot';
}

/** U(±sqrt(6 / (rows + cols))) on each trailing [rows, cols] matrix of t (Keras 1's glorot_uniform per matrix). */
function glorotPerMatrix(t: Tensor): void {
  const [rows, cols] = t.shape.slice(-2);
  uniform(t, -Math.sqrt(6 / (rows + cols)), Math.sqrt(6 / (rows + cols)));
}

/**
 * The RDF benchmarks as DGL's README runs entity_classify.py (aifb with the defaults; mutag with
 * --l2norm 5e-4 --n-bases 30). Other typed graphs (--data) take the embedding input, whose size does
 * not grow with the number of relations (as DGL's current entity.py), with L2 5e-4.
 */
export function rgcnDefaults(dataset: string): RgcnHyper {
  const base: RgcnHyper = {
    epochs: 50, lr: 0.01, weightDecay: 0, hidden: 16, numBases: 0, selfLoop: false, input: 'onehot', weightDecayScope: 'all', identityRelation: false, bias: true, init: 'dgl', relations: 'canonical',
  };
  if (dataset === 'aifb') return base;
  if (dataset === 'mutag-rdf') return { ...base, weightDecay: 5e-4, numBases: 30 };
  return { ...base, weightDecay: 5e-4, input: 'embed' };
}

/**
 * What tkipf/relational-gcn (the code behind the paper's numbers) does differently from DGL's
 * example: relations are the predicates (not split by node types), the identity relation, no bias, L2 on the first layer only, added as Keras does
 * (l2 * sum w^2, so the gradient term is 2 * l2 * w: weight decay 1e-3 for the paper's 5e-4),
 * glorot init per basis matrix. Applied over the dataset's settings (bases, epochs, lr, hidden).
 */
export const AUTHORS_SETUP: Partial<RgcnHyper> = { identityRelation: true, bias: false, weightDecayScope: 'first', init: 'glorot', relations: 'predicate' };

export const RGCN_DESCRIBE = "R-GCN (Schlichtkrull et al. 2018, DGL's entity_classify.py): one-hot node ids as input, 2 RelGraphConv layers " +
  '(16 hidden, ReLU, basis decomposition), edges normalised by 1 / in-degree per relation, no self-loop, Adam lr 0.01, 50 epochs, ' +
  'L2 0 and no decomposition on AIFB, L2 5e-4 and 30 bases on MUTAG (DGL README); test after the last epoch';

/** Reported test accuracies (percent): the R-GCN paper. */
export const RGCN_REFERENCE: Record<string, number> = { aifb: 95.83, 'mutag-rdf': 73.23 };

/** R-GCN for entity classification: node ids in, class scores out (per-edge norm read from g.edata[RGCN_NORM]). */
export class EntityRGCN extends Module {
  readonly conv1: FeaturelessRelGraphConv | NodeEmbeddingInput;
  readonly conv2: RelGraphConv;

  constructor(numNodes: number, classes: number, numRels: number, h: RgcnHyper) {
    super();
    this.conv1 = this.registerModule('conv1', h.input === 'embed' ? new NodeEmbeddingInput(numNodes, h.hidden)
      : new FeaturelessRelGraphConv(numNodes, h.hidden, numRels, h.numBases, h.selfLoop, h.bias));
    const numBases = h.numBases > 0 && h.numBases < numRels ? h.numBases : numRels;
    this.conv2 = this.registerModule('conv2', new RelGraphConv(h.hidden, classes, numRels,
      numBases < numRels ? { regularizer: 'basis', numBases, selfLoop: h.selfLoop, bias: h.bias } : { selfLoop: h.selfLoop, bias: h.bias }));
    if (h.init === 'glorot') {
      const c1 = this.conv1, lin = this.conv2.linearR;
      for (const t of c1 instanceof FeaturelessRelGraphConv ? [c1.weight, c1.wComp] : [c1.emb]) if (t !== null) glorotPerMatrix(t);
      for (const t of [lin.W, lin.coeff]) if (t !== null) glorotPerMatrix(t);
    }
  }

  /** g: the homogeneous form (or a subgraph keeping ids); ids [N] int32: each node's id in the trained graph. */
  forward(g: Graph, ids: Tensor, etypes: Tensor): Tensor {
    const c = this.conv1, norm = g.edata.get(RGCN_NORM);
    const h = relu(c instanceof NodeEmbeddingInput ? c.forward(g, ids, { norm }) : c.forward(g, ids, etypes, { norm }));
    return this.conv2.forward(g, h, etypes, { norm });
  }
}

/** The edge data holding R-GCN's normaliser 1 / in-degree of the destination within the edge's relation, [E, 1]. */
export const RGCN_NORM = '_rgcnNorm';

/** The homogeneous form of an entity graph: relation id and 1 / in-degree per relation on each edge, category offset. */
export function entityGraph(data: EntityData, byName = false, identityRelation = false, normByName = false): { g: Graph; etypes: Tensor; norm: Tensor; offset: number; numRels: number } {
  const h = relationalForm(data, byName);
  if (normByName) {
    // 1 / in-degree of the destination among the edges of the same relation name.
    const { dst } = h.g.sparse().coo(), et = h.etypes.data as Int32Array, count = new Map<number, number>();
    const key = (e: number): number => dst[e] * h.numRels + et[e];
    for (let e = 0; e < dst.length; e++) count.set(key(e), (count.get(key(e)) ?? 0) + 1);
    h.g.edata.set(RGCN_NORM, new Tensor(Float32Array.from(dst, (_, e) => 1 / count.get(key(e))!), [dst.length, 1], 'float32'));
    h.norm = h.g.edata.get(RGCN_NORM);
  }
  if (!identityRelation) return h;
  // The identity relation: a self-loop on every node, relation id numRels, norm 1 (its only in-edge).
  const n = h.g.numNodes(), { src, dst } = h.g.sparse().coo(), E = src.length;
  const loops = (a: Int32Array): Int32Array => { const out = new Int32Array(E + n); out.set(a); for (let v = 0; v < n; v++) out[E + v] = v; return out; };
  const g = graph([loops(src), loops(dst)], { numNodes: n });
  const etypes = new Int32Array(E + n).fill(h.numRels); etypes.set(h.etypes.data as Int32Array);
  const norm = new Float32Array(E + n).fill(1); norm.set(h.norm.data as Float32Array);
  g.edata.set(RGCN_NORM, new Tensor(norm, [E + n, 1], 'float32'));
  return { g, etypes: new Tensor(etypes, [E + n], 'int32'), norm: g.edata.get(RGCN_NORM), offset: h.offset, numRels: h.numRels + 1 };
}

function relationalForm(data: EntityData, byName: boolean): { g: Graph; etypes: Tensor; norm: Tensor; offset: number; numRels: number } {
  const hg = data.graph;
  for (const c of hg.canonicalEtypes) {
    const deg = hg.inDegrees(undefined, c), [, dst] = hg.edges({ etype: c }) as unknown as [Int32Array, Int32Array];
    hg.edgeFrame(c).set(RGCN_NORM, new Tensor(Float32Array.from(dst, (v) => 1 / deg[v]), [dst.length, 1], 'float32'));
  }
  const g = toHomogeneous(hg, { edata: [RGCN_NORM] });
  for (const c of hg.canonicalEtypes) hg.edgeFrame(c).delete(RGCN_NORM);
  let offset = 0;
  for (const t of hg.ntypes) { if (t === data.category) break; offset += hg.numNodes(t); }
  if (!byName) return { g, etypes: g.edata.get(ETYPE), norm: g.edata.get(RGCN_NORM), offset, numRels: hg.canonicalEtypes.length };
  // rgcn-hetero keys its weights by edge type name: relations that share a name share a weight.
  const names = [...new Set(hg.etypes)].sort();
  const nameOf = Int32Array.from(hg.etypes, (e) => names.indexOf(e));
  const et = g.edata.get(ETYPE);
  return { g, etypes: new Tensor(Int32Array.from(et.data, (c) => nameOf[c]), [et.size], 'int32'), norm: g.edata.get(RGCN_NORM), offset, numRels: names.length };
}

/** The trained R-GCN and the sample it runs on (the graph's homogeneous form, node ids, edge types, norm). */
export interface TrainedEntityModel {
  model: EntityRGCN;
  sample: { graph: Graph; features: Tensor; etypes: Tensor; edata: { norm: Tensor } };
}

/** 0, 1, ..., n - 1 as an int32 tensor (every node's own id). */
function arangeIds(n: number): Tensor {
  return new Tensor(Int32Array.from({ length: n }, (_, i) => i), [n], 'int32');
}

/** One seed of R-GCN entity classification (with keepModel, the trained model is handed back). */
export function trainEntityRun(data: EntityData, h: RgcnHyper, seed: number, onEpoch?: (r: EpochReport) => void,
  keepModel = false): NodeRunResult & { entity?: TrainedEntityModel } {
  manualSeed(seed);
  const { g, etypes, offset, numRels } = entityGraph(data, h.input === 'embed' || h.relations === 'predicate', h.identityRelation, h.relations === 'predicate');
  const model = new EntityRGCN(g.numNodes(), data.numClasses, numRels, h);
  const ids = arangeIds(g.numNodes());
  const opt = h.weightDecayScope === 'first'
    ? new Adam([{ params: model.conv1.parameters(), weightDecay: h.weightDecay }, { params: model.conv2.parameters(), weightDecay: 0 }], { lr: h.lr })
    : new Adam(model.parameters(), { lr: h.lr, weightDecay: h.weightDecay });
  const shift = (idx: Int32Array): Int32Array => Int32Array.from(idx, (v) => v + offset);
  const trainIds = new Tensor(shift(data.trainIdx), [data.trainIdx.length], 'int32');
  const trainLabels = indexSelect(data.labels, 0, new Tensor(data.trainIdx, [data.trainIdx.length], 'int32'));
  const allLabels = new Tensor(Int32Array.from({ length: g.numNodes() }, (_, i) => (i >= offset && i - offset < data.labels.size ? data.labels.data[i - offset] : -1)), [g.numNodes()], 'int32');
  const epochMs: number[] = [];
  let ev = { valAcc: NaN, testAcc: NaN };
  for (let epoch = 0; epoch < h.epochs; epoch++) {
    model.train();
    const t0 = performance.now();
    const loss = crossEntropy(indexSelect(model.forward(g, ids, etypes), 0, trainIds), trainLabels);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    epochMs.push(performance.now() - t0);
    // Without a validation set only the last epoch's evaluation is used (one forward saved per epoch).
    if (data.valIdx.length > 0 || epoch === h.epochs - 1) {
      model.eval();
      ev = noGrad(() => {
        const out = model.forward(g, ids, etypes);
        return { valAcc: accuracy(out, allLabels, shift(data.valIdx)), testAcc: accuracy(out, allLabels, shift(data.testIdx)) };
      });
    }
    onEpoch?.({ epoch, loss: loss.item(), valAcc: ev.valAcc });
  }
  const entity = keepModel ? { model, sample: { graph: g, features: ids, etypes, edata: { norm: g.edata.get(RGCN_NORM) } } } : undefined;
  return { seed, testAcc: ev.testAcc, valAcc: ev.valAcc, selectedEpoch: h.epochs - 1, epochsRun: h.epochs, epochMs, ...(entity === undefined ? {} : { entity }) };
}
