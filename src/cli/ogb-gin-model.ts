/**
 * GIN with a virtual node for molecules, as OGB's example (examples/graphproppred/mol: conv.py GINConv and
 * GNN_node_Virtualnode, gnn.py GNN): atom and bond embeddings, messages relu(h_u + bond_uv) summed,
 * (1 + ε) h_v + Σ through Linear-BN-ReLU-Linear, batch norm, ReLU (not after the last layer), dropout;
 * a virtual node per graph added to every node before each layer and updated from the sum of the
 * graph's node states by Linear-BN-ReLU-Linear-BN-ReLU; mean pooling and a linear prediction.
 */
import type { Graph } from '../graph/index.js';
import { Tensor } from '../tensor/tensor.js';
import { relu } from '../tensor/activation.js';
import { add, mul } from '../tensor/elementwise.js';
import { zeros } from '../tensor/creation.js';
import { gsddmm } from '../message/gsddmm.js';
import { gspmm } from '../message/gspmm.js';
import { broadcastNodes, meanNodes, sumNodes } from '../message/readout.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { Linear } from '../nn/linear.js';
import { BatchNorm1d } from '../nn/norm.js';
import { ReLU } from '../nn/activation.js';
import { Dropout } from '../nn/dropout.js';
import { Embedding } from '../nn/embedding.js';
import { ModuleList, Sequential } from '../nn/container.js';
import { AtomEncoder, BondEncoder } from '../nn/mol-encoder.js';

export interface OgbGinHyper {
  numLayers: number;
  embDim: number;
  dropout: number;
}

/** OGB's conv.py GINConv: a bond encoder per layer, learnable ε (initially 0). */
export class OgbGINConv extends Module {
  readonly mlp: Sequential;
  readonly eps: Parameter;
  readonly bondEncoder: BondEncoder;

  constructor(embDim: number) {
    super();
    this.mlp = this.registerModule('mlp', new Sequential(new Linear(embDim, 2 * embDim), new BatchNorm1d(2 * embDim), new ReLU(), new Linear(2 * embDim, embDim)));
    this.eps = this.registerParameter('eps', new Parameter(zeros([1])));
    this.bondEncoder = this.registerModule('bondEncoder', new BondEncoder(embDim));
  }

  forward(g: Graph, h: Tensor, bondFeat: Tensor): Tensor {
    const messages = relu(gsddmm(g, 'add', h, this.bondEncoder.forward(bondFeat), { lhsTarget: 'u', rhsTarget: 'e' }));
    const agg = gspmm(g, 'copyRhs', 'sum', null, messages);
    return this.mlp.forward(add(mul(add(this.eps, 1), h), agg));
  }
}

/** gnn.py GNN(gnn_type='gin', virtual_node=True): [numGraphs, numTasks] predictions of a batched graph. */
export class OgbGINVirtual extends Module {
  readonly atomEncoder: AtomEncoder;
  readonly virtualNode: Embedding;
  readonly convs: ModuleList<OgbGINConv>;
  readonly norms: ModuleList<BatchNorm1d>;
  readonly virtualMlps: ModuleList<Sequential>;
  readonly predict: Linear;
  private readonly drop: Dropout;

  constructor(numTasks: number, readonly h: OgbGinHyper) {
    super();
    if (!Number.isInteger(h.numLayers) || h.numLayers < 2) throw new RangeError(`OgbGINVirtual: numLayers must be an integer >= 2, got ${h.numLayers}`);
    const d = h.embDim;
    this.atomEncoder = this.registerModule('atomEncoder', new AtomEncoder(d));
    this.virtualNode = this.registerModule('virtualNode', new Embedding(1, d));
    this.virtualNode.weight.data.fill(0);
    const layers = Array.from({ length: h.numLayers }, (_, i) => i);
    this.convs = this.registerModule('convs', new ModuleList(layers.map(() => new OgbGINConv(d))));
    this.norms = this.registerModule('norms', new ModuleList(layers.map(() => new BatchNorm1d(d))));
    this.virtualMlps = this.registerModule('virtualMlps', new ModuleList(layers.slice(1).map(() => new Sequential(
      new Linear(d, 2 * d), new BatchNorm1d(2 * d), new ReLU(), new Linear(2 * d, d), new BatchNorm1d(d), new ReLU()))));
    this.predict = this.registerModule('predict', new Linear(d, numTasks));
    this.drop = this.registerModule('dropout', new Dropout(h.dropout));
  }

  /** g: a batch of molecules with int32 ndata 'feat' [N, 9] and edata 'feat' [E, 3]. */
  forward(g: Graph): Tensor {
    const last = this.h.numLayers - 1;
    const bondFeat = g.edata.get('feat');
    let vn = this.virtualNode.forward(new Int32Array(g.batchSize));
    let hPrev = this.atomEncoder.forward(g.ndata.get('feat'));
    for (let l = 0; l <= last; l++) {
      const hIn = add(hPrev, broadcastNodes(g, vn));
      let hOut = this.norms.get(l).forward(this.convs.get(l).forward(g, hIn, bondFeat));
      hOut = this.drop.forward(l === last ? hOut : relu(hOut));
      if (l < last) vn = this.drop.forward(this.virtualMlps.get(l).forward(add(sumNodes(g, hIn), vn)));
      hPrev = hOut;
    }
    return this.predict.forward(meanNodes(g, hPrev));
  }
}
