/**
 * Node-classification models as the papers (and DGL's reference examples) build them. Each
 * builder returns the model, the graph it runs on (self-loops added where the reference adds
 * them) and the optimizer's parameter groups (which parameters get weight decay).
 */
import type { Graph } from '../graph/index.js';
import { addSelfLoop } from '../graph/transforms/add-self-loop.js';
import { removeSelfLoop } from '../graph/transforms/remove-self-loop.js';
import type { Tensor } from '../tensor/tensor.js';
import { elu, relu } from '../tensor/activation.js';
import { mean } from '../tensor/reduce.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { Dropout } from '../nn/dropout.js';
import { ModuleList } from '../nn/container.js';
import { Parameter } from '../nn/parameter.js';
import { xavierUniform } from '../nn/init.js';
import { zeros } from '../tensor/creation.js';
import { matmul } from '../tensor/matmul.js';
import { add } from '../tensor/elementwise.js';
import { flatten, transpose } from '../tensor/movement.js';
import { dropout } from '../tensor/dropout.js';
import { SparseFeatures, sparseInputGATConv } from './sparse-input.js';
import { GraphConv, GATConv, GATv2Conv, SAGEConv, APPNPConv, SGConv, TAGConv, ChebConv, GCN2Conv } from '../nn/conv/index.js';
import type { NodeModelName, NodeHyper } from './models.js';

/** Node features: dense, or a sparse bag-of-words matrix for the models that take one. */
export type NodeInput = Tensor | SparseFeatures;

/** A model mapping (graph, node features) to class logits [N, C]; only models built with sparseInput get SparseFeatures. */
export abstract class NodeModel extends Module {
  abstract override forward(g: Graph, x: NodeInput): Tensor;
}

export interface ParamGroupSpec { params: Parameter[]; weightDecay: number }

export interface BuiltNodeModel {
  model: NodeModel;
  /** Whether forward accepts SparseFeatures (worth it for bag-of-words inputs); default false. */
  sparseInput?: boolean;
  /** The graph to run the model on. */
  graph: Graph;
  paramGroups: ParamGroupSpec[];
}

/** DGL's dgl.add_self_loop after dgl.remove_self_loop: exactly one self-loop per node. */
const withSelfLoops = (g: Graph): Graph => addSelfLoop(removeSelfLoop(g));

/** Weight decay on every parameter, or on the first layer's only (the GCN paper's choice). */
function groups(model: Module, first: Module, h: NodeHyper): ParamGroupSpec[] {
  return firstLayerGroups(model, first.parameters(), h);
}

function firstLayerGroups(model: Module, first: readonly Parameter[], h: NodeHyper): ParamGroupSpec[] {
  if (h.weightDecayScope === 'all') return [{ params: model.parameters(), weightDecay: h.weightDecay }];
  const firstParams = new Set(first);
  return [
    { params: [...firstParams], weightDecay: h.weightDecay },
    { params: model.parameters().filter((p) => !firstParams.has(p)), weightDecay: 0 },
  ].filter((grp) => grp.params.length > 0);
}

/**
 * Two-layer GCN; dropout on the input and the hidden features as in Kipf & Welling's code. The
 * first layer's weight is applied before the aggregation (GraphConv does the same when
 * inFeats > outFeats), so a sparse input multiplies only its nonzeros.
 */
class GCN extends NodeModel {
  readonly weight1: Parameter;
  readonly layer1: GraphConv;
  readonly layer2: GraphConv;
  private readonly drop: Dropout;
  constructor(inFeats: number, hidden: number, classes: number, dropout: number) {
    super();
    this.weight1 = this.registerParameter('weight1', xavierUniform(new Parameter(zeros([inFeats, hidden]))) as Parameter);
    this.layer1 = this.registerModule('layer1', new GraphConv(hidden, hidden, { weight: false, activation: relu }));
    this.layer2 = this.registerModule('layer2', new GraphConv(hidden, classes));
    this.drop = this.registerModule('dropout', new Dropout(dropout));
  }
  forward(g: Graph, x: NodeInput): Tensor {
    const xw = x instanceof SparseFeatures ? x.matmul(this.weight1, this.drop.p, this.training) : matmul(this.drop.forward(x), this.weight1);
    const h = this.layer1.forward(g, xw);
    return this.layer2.forward(g, this.drop.forward(h));
  }
}

/**
 * GAT / GATv2: one hidden attention layer (heads concatenated, ELU), one output layer (heads
 * averaged). With a sparse input (GAT only) the hidden layer's projection W x runs on the nonzeros
 * (dropout there, then one g-SpMM) and feeds a GATConv whose own projection is the identity,
 * frozen and left out of the optimizer: the same function and parameters as GATConv on dense x.
 */
export class GAT extends NodeModel {
  /** The hidden layer's projection [inFeats, heads * hidden] in the sparse-input form, else null. */
  readonly projection: Parameter | null;
  readonly hiddenLayer: GATConv | GATv2Conv;
  readonly outputLayer: GATConv | GATv2Conv;
  private readonly featDrop: number;
  constructor(v2: boolean, inFeats: number, classes: number, h: NodeHyper, sparse: boolean) {
    super();
    const Conv = v2 ? GATv2Conv : GATConv;
    const common = { featDrop: h.dropout, attnDrop: h.attnDropout, negativeSlope: 0.2 };
    const width = h.hidden * h.heads;
    this.featDrop = h.dropout;
    if (sparse) {
      if (v2) throw new Error('GAT: the sparse-input form exists for GATConv only');
      const { projection, layer } = sparseInputGATConv(inFeats, h.hidden, h.heads, { ...common, activation: elu });
      this.projection = this.registerParameter('projection', projection);
      this.hiddenLayer = this.registerModule('hiddenLayer', layer);
    } else {
      this.projection = null;
      this.hiddenLayer = this.registerModule('hiddenLayer', new Conv(inFeats, h.hidden, h.heads, { ...common, activation: elu }));
    }
    this.outputLayer = this.registerModule('outputLayer', new Conv(width, classes, h.outHeads, common));
  }
  forward(g: Graph, x: NodeInput): Tensor {
    // Dense features (as when exporting) go through the same projection as the sparse form.
    const input = x instanceof SparseFeatures ? x.matmul(this.projection as Parameter, this.featDrop, this.training)
      : this.projection === null ? x : matmul(dropout(x, this.featDrop, this.training), this.projection);
    const hidden = flatten(this.hiddenLayer.forward(g, input), 1);
    return mean(this.outputLayer.forward(g, hidden), 1);
  }
}

/** Two SAGEConv layers with the 'gcn' aggregator; dropout on the input and hidden features. */
class SAGE extends NodeModel {
  readonly layer1: SAGEConv;
  readonly layer2: SAGEConv;
  private readonly drop: Dropout;
  constructor(inFeats: number, hidden: number, classes: number, dropout: number) {
    super();
    this.layer1 = this.registerModule('layer1', new SAGEConv(inFeats, hidden, 'gcn'));
    this.layer2 = this.registerModule('layer2', new SAGEConv(hidden, classes, 'gcn'));
    this.drop = this.registerModule('dropout', new Dropout(dropout));
  }
  forward(g: Graph, x: Tensor): Tensor {
    const h = this.drop.forward(relu(this.layer1.forward(g, this.drop.forward(x))));
    return this.layer2.forward(g, h);
  }
}

/** APPNP: predict with a 2-layer MLP, then propagate K steps of personalised PageRank. */
class APPNP extends NodeModel {
  readonly lin1: Linear;
  readonly lin2: Linear;
  readonly propagate: APPNPConv;
  private readonly drop: Dropout;
  constructor(inFeats: number, classes: number, h: NodeHyper) {
    super();
    this.lin1 = this.registerModule('lin1', new Linear(inFeats, h.hidden));
    this.lin2 = this.registerModule('lin2', new Linear(h.hidden, classes));
    this.propagate = this.registerModule('propagate', new APPNPConv(h.k, h.alpha, { edgeDrop: h.edgeDropout }));
    this.drop = this.registerModule('dropout', new Dropout(h.dropout));
  }
  forward(g: Graph, x: NodeInput): Tensor {
    const first = x instanceof SparseFeatures
      ? add(x.matmul(transpose(this.lin1.weight, 0, 1), this.drop.p, this.training), this.lin1.bias as Parameter)
      : this.lin1.forward(this.drop.forward(x));
    const hidden = relu(first);
    return this.propagate.forward(g, this.lin2.forward(this.drop.forward(hidden)));
  }
}

/** SGC: a linear classifier on features propagated K times (computed once and cached). */
class SGC extends NodeModel {
  readonly conv: SGConv;
  constructor(inFeats: number, classes: number, h: NodeHyper) {
    super();
    this.conv = this.registerModule('conv', new SGConv(inFeats, classes, { k: h.k, cached: true, bias: false }));
  }
  forward(g: Graph, x: Tensor): Tensor { return this.conv.forward(g, x); }
}

/** TAGCN: two TAGConv layers, dropout before the second (DGL's example). */
class TAGCN extends NodeModel {
  readonly layer1: TAGConv;
  readonly layer2: TAGConv;
  private readonly drop: Dropout;
  constructor(inFeats: number, classes: number, h: NodeHyper) {
    super();
    this.layer1 = this.registerModule('layer1', new TAGConv(inFeats, h.hidden, { k: h.k, activation: relu }));
    this.layer2 = this.registerModule('layer2', new TAGConv(h.hidden, classes, { k: h.k }));
    this.drop = this.registerModule('dropout', new Dropout(h.dropout));
  }
  forward(g: Graph, x: Tensor): Tensor {
    return this.layer2.forward(g, this.drop.forward(this.layer1.forward(g, x)));
  }
}

/** ChebNet as in the GCN paper's comparison: two ChebConv layers, dropout on the input and hidden features. */
class ChebNet extends NodeModel {
  readonly layer1: ChebConv;
  readonly layer2: ChebConv;
  private readonly drop: Dropout;
  constructor(inFeats: number, classes: number, h: NodeHyper) {
    super();
    this.layer1 = this.registerModule('layer1', new ChebConv(inFeats, h.hidden, h.k, { activation: relu }));
    this.layer2 = this.registerModule('layer2', new ChebConv(h.hidden, classes, h.k, { activation: null }));
    this.drop = this.registerModule('dropout', new Dropout(h.dropout));
  }
  forward(g: Graph, x: Tensor): Tensor {
    const hidden = this.layer1.forward(g, this.drop.forward(x));
    return this.layer2.forward(g, this.drop.forward(hidden));
  }
}

/** GCNII: linear in, k GCN2Conv layers with initial residual and identity mapping, linear out. */
class GCNII extends NodeModel {
  readonly linIn: Linear;
  readonly linOut: Linear;
  readonly convs: ModuleList<GCN2Conv>;
  private readonly drop: Dropout;
  constructor(inFeats: number, classes: number, h: NodeHyper) {
    super();
    this.linIn = this.registerModule('linIn', new Linear(inFeats, h.hidden));
    this.convs = this.registerModule('convs', new ModuleList<GCN2Conv>(Array.from({ length: h.k },
      (_, i) => new GCN2Conv(h.hidden, i + 1, { alpha: h.alpha, lambda: h.lambda, projectInitialFeatures: true, bias: false, activation: relu }))));
    this.linOut = this.registerModule('linOut', new Linear(h.hidden, classes));
    this.drop = this.registerModule('dropout', new Dropout(h.dropout));
  }
  forward(g: Graph, x: Tensor): Tensor {
    const initial = relu(this.linIn.forward(this.drop.forward(x)));
    let h = this.drop.forward(initial);
    for (const conv of this.convs) h = this.drop.forward(conv.forward(g, h, initial));
    return this.linOut.forward(h);
  }
}

/** Builds `name` for a graph with `inFeats` features and `classes` classes. */
export function buildNodeModel(name: NodeModelName, g: Graph, inFeats: number, classes: number, h: NodeHyper): BuiltNodeModel {
  switch (name) {
    case 'gcn': {
      const m = new GCN(inFeats, h.hidden, classes, h.dropout);
      return { model: m, sparseInput: true, graph: withSelfLoops(g), paramGroups: firstLayerGroups(m, [m.weight1, ...m.layer1.parameters()], h) };
    }
    case 'gat': case 'gatv2': {
      const sparse = name === 'gat';
      const m = new GAT(name === 'gatv2', inFeats, classes, h, sparse);
      const first = m.projection === null ? m.hiddenLayer.parameters() : [m.projection, ...m.hiddenLayer.parameters()];
      const trainable = (grp: ParamGroupSpec): ParamGroupSpec => ({ ...grp, params: grp.params.filter((p) => p.requiresGrad) });
      return { model: m, sparseInput: sparse, graph: withSelfLoops(g), paramGroups: firstLayerGroups(m, first, h).map(trainable) };
    }
    case 'sage': {
      const m = new SAGE(inFeats, h.hidden, classes, h.dropout);
      return { model: m, graph: withSelfLoops(g), paramGroups: groups(m, m.layer1, h) };
    }
    case 'appnp': {
      const m = new APPNP(inFeats, classes, h);
      return { model: m, sparseInput: true, graph: withSelfLoops(g), paramGroups: groups(m, m.lin1, h) };
    }
    case 'sgc': {
      const m = new SGC(inFeats, classes, h);
      return { model: m, graph: withSelfLoops(g), paramGroups: groups(m, m.conv, h) };
    }
    case 'tag': {
      const m = new TAGCN(inFeats, classes, h);
      return { model: m, graph: withSelfLoops(g), paramGroups: groups(m, m.layer1, h) };
    }
    case 'cheb': {
      // Chebyshev filters act on the graph's own Laplacian: no self-loops.
      const m = new ChebNet(inFeats, classes, h);
      return { model: m, graph: removeSelfLoop(g), paramGroups: groups(m, m.layer1, h) };
    }
    case 'gcn2': {
      const m = new GCNII(inFeats, classes, h);
      const dense = [...m.linIn.parameters(), ...m.linOut.parameters()];
      return {
        model: m, graph: withSelfLoops(g),
        paramGroups: [{ params: m.convs.parameters(), weightDecay: h.convWeightDecay }, { params: dense, weightDecay: h.weightDecay }],
      };
    }
  }
}
