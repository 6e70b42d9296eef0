/**
 * The models the epoch workloads train, built from the library's GNN layers the way DGL's examples
 * build them (examples/pytorch/{gcn,gat,graphsage}); bench/compare/torch_bench.py mirrors each one.
 */
import type { Graph } from '../src/graph/index.js';
import * as nn from '../src/nn/index.js';
import { GATConv, GraphConv, SAGEConv } from '../src/nn/index.js';
import type { Module } from '../src/nn/module.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { Parameter } from '../src/nn/parameter.js';
import { xavierUniform } from '../src/nn/init.js';
import { zeros } from '../src/tensor/creation.js';
import { SparseFeatures, sparseInputGATConv } from '../src/cli/sparse-input.js';
import { elu, relu } from '../src/tensor/activation.js';
import { flatten } from '../src/tensor/movement.js';
import { mean } from '../src/tensor/reduce.js';

export type ModelKind = 'gcn' | 'gat' | 'sage';

export interface ModelSizes {
  inFeats: number;
  hidden: number;
  classes: number;
  heads: number;
  /** gcn: the first layer multiplies the input's nonzeros (SparseFeatures) by its weight. */
  sparseInput?: boolean;
}

const dense = (x: Tensor | SparseFeatures): Tensor => {
  if (x instanceof SparseFeatures) throw new TypeError('bench model: this model takes a dense feature tensor');
  return x;
};

export interface NodeModel {
  module: Module;
  /** SparseFeatures only for a model built with sparseInput. */
  forward(g: Graph, x: Tensor | SparseFeatures): Tensor;
  /** Adam settings of the DGL example. */
  lr: number;
  weightDecay: number;
  describe: Record<string, unknown>;
}

/** GCN (Kipf & Welling): GraphConv(in, hidden) + relu, dropout 0.5, GraphConv(hidden, classes). */
function gcn(s: ModelSizes): NodeModel {
  const conv2 = new GraphConv(s.hidden, s.classes);
  const drop = new nn.Dropout(0.5);
  const describe = { hidden: s.hidden, dropout: 0.5, norm: 'both', input: s.sparseInput === true ? 'sparse' : 'dense' };
  if (s.sparseInput === true) {
    // The same layer as GraphConv(in, hidden) (which multiplies by W before aggregating when in > hidden):
    // x W on the nonzeros, then a weightless GraphConv normalises, aggregates and adds the bias.
    const w1 = new Parameter(zeros([s.inFeats, s.hidden]));
    xavierUniform(w1);
    const conv1 = new GraphConv(s.hidden, s.hidden, { weight: false });
    const module = new nn.ModuleList([conv1, drop, conv2]);
    module.registerParameter('weight1', w1);
    const xw = (x: Tensor | SparseFeatures): Tensor => {
      if (!(x instanceof SparseFeatures)) throw new TypeError('bench model: the sparse-input GCN takes SparseFeatures');
      return x.matmul(w1);
    };
    return {
      module, lr: 1e-2, weightDecay: 5e-4, describe,
      forward: (g, x) => conv2.forward(g, drop.forward(relu(conv1.forward(g, xw(x))))),
    };
  }
  const conv1 = new GraphConv(s.inFeats, s.hidden);
  const module = new nn.ModuleList([conv1, drop, conv2]);
  return {
    module, lr: 1e-2, weightDecay: 5e-4, describe,
    forward: (g, x) => conv2.forward(g, drop.forward(relu(conv1.forward(g, dense(x))))),
  };
}

/** GAT (Velickovic et al.): GATConv(in, hidden, heads) + elu, GATConv(hidden*heads, classes, 1 head); feature and attention dropout 0.6. */
function gat(s: ModelSizes): NodeModel {
  const opts = { featDrop: 0.6, attnDrop: 0.6 };
  const width = s.hidden * s.heads;
  const conv2 = new GATConv(width, s.classes, 1, opts);
  const describe = { hidden: s.hidden, heads: s.heads, featDrop: 0.6, attnDrop: 0.6, input: s.sparseInput === true ? 'sparse' : 'dense' };
  const headOn = (g: Graph, h: Tensor): Tensor => mean(conv2.forward(g, flatten(elu(h), 1)), 1);
  if (s.sparseInput === true) {
    // src/cli/models-node.ts's GAT form: dropout and W x on the input's nonzeros, then a GATConv
    // whose own projection is the frozen identity.
    const { projection: w, layer: conv1 } = sparseInputGATConv(s.inFeats, s.hidden, s.heads, opts);
    const module = new nn.ModuleList([conv1, conv2]);
    module.registerParameter('projection', w);
    return {
      module, lr: 5e-3, weightDecay: 5e-4, describe,
      forward: (g, x) => {
        if (!(x instanceof SparseFeatures)) throw new TypeError('bench model: the sparse-input GAT takes SparseFeatures');
        return headOn(g, conv1.forward(g, x.matmul(w, 0.6, module.training)));
      },
    };
  }
  const conv1 = new GATConv(s.inFeats, s.hidden, s.heads, opts);
  const module = new nn.ModuleList([conv1, conv2]);
  return {
    module, lr: 5e-3, weightDecay: 5e-4, describe,
    forward: (g, x) => headOn(g, conv1.forward(g, dense(x))),
  };
}

/** GraphSAGE (Hamilton et al.), mean aggregator: dropout 0.5 on the input and between SAGEConv layers, relu. */
function sage(s: ModelSizes): NodeModel {
  const conv1 = new SAGEConv(s.inFeats, s.hidden, 'mean'), conv2 = new SAGEConv(s.hidden, s.classes, 'mean');
  const drop = new nn.Dropout(0.5);
  const module = new nn.ModuleList([conv1, drop, conv2]);
  return {
    module, lr: 1e-2, weightDecay: 5e-4, describe: { hidden: s.hidden, dropout: 0.5, aggregator: 'mean' },
    forward: (g, x) => conv2.forward(g, drop.forward(relu(conv1.forward(g, drop.forward(dense(x)))))),
  };
}

export function buildModel(kind: ModelKind, sizes: ModelSizes): NodeModel {
  return kind === 'gcn' ? gcn(sizes) : kind === 'gat' ? gat(sizes) : sage(sizes);
}

/** One SAGEConv(feats, feats, 'mean') layer, for the sage-layer workload. */
export function sageLayer(feats: number): SAGEConv {
  return new SAGEConv(feats, feats, 'mean');
}
