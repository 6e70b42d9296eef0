/**
 * The models the epoch workloads train, built from the library's GNN layers the way DGL's examples
 * build them (examples/pytorch/{gcn,gat,graphsage}); bench/compare/torch_bench.py mirrors each one.
 */
import type { Graph } from '../src/graph/index.js';
import * as nn from '../src/nn/index.js';
import { GATConv, GraphConv, SAGEConv } from '../src/nn/index.js';
import type { Module } from '../src/nn/module.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { elu, relu } from '../src/tensor/activation.js';
import { reshape } from '../src/tensor/movement.js';
import { mean } from '../src/tensor/reduce.js';

export type ModelKind = 'gcn' | 'gat' | 'sage';

export interface ModelSizes {
  inFeats: number;
  hidden: number;
  classes: number;
  heads: number;
}

export interface NodeModel {
  module: Module;
  forward(g: Graph, x: Tensor): Tensor;
  /** Adam settings of the DGL example. */
  lr: number;
  weightDecay: number;
  describe: Record<string, unknown>;
}

/** GCN (Kipf & Welling): GraphConv(in, hidden) + relu, dropout 0.5, GraphConv(hidden, classes). */
function gcn(s: ModelSizes): NodeModel {
  const conv1 = new GraphConv(s.inFeats, s.hidden), conv2 = new GraphConv(s.hidden, s.classes);
  const drop = new nn.Dropout(0.5);
  const module = new nn.ModuleList([conv1, drop, conv2]);
  return {
    module, lr: 1e-2, weightDecay: 5e-4, describe: { hidden: s.hidden, dropout: 0.5, norm: 'both' },
    forward: (g, x) => conv2.forward(g, drop.forward(relu(conv1.forward(g, x)))),
  };
}

/** GAT (Velickovic et al.): GATConv(in, hidden, heads) + elu, GATConv(hidden*heads, classes, 1 head); feature and attention dropout 0.6. */
function gat(s: ModelSizes): NodeModel {
  const opts = { featDrop: 0.6, attnDrop: 0.6 };
  const conv1 = new GATConv(s.inFeats, s.hidden, s.heads, opts);
  const conv2 = new GATConv(s.hidden * s.heads, s.classes, 1, opts);
  const module = new nn.ModuleList([conv1, conv2]);
  return {
    module, lr: 5e-3, weightDecay: 5e-4, describe: { hidden: s.hidden, heads: s.heads, featDrop: 0.6, attnDrop: 0.6 },
    forward: (g, x) => {
      const h = elu(conv1.forward(g, x));
      const flat = reshape(h, [h.shape[0], s.hidden * s.heads]);
      return mean(conv2.forward(g, flat), 1);
    },
  };
}

/** GraphSAGE (Hamilton et al.), mean aggregator: dropout 0.5 on the input and between SAGEConv layers, relu. */
function sage(s: ModelSizes): NodeModel {
  const conv1 = new SAGEConv(s.inFeats, s.hidden, 'mean'), conv2 = new SAGEConv(s.hidden, s.classes, 'mean');
  const drop = new nn.Dropout(0.5);
  const module = new nn.ModuleList([conv1, drop, conv2]);
  return {
    module, lr: 1e-2, weightDecay: 5e-4, describe: { hidden: s.hidden, dropout: 0.5, aggregator: 'mean' },
    forward: (g, x) => conv2.forward(g, drop.forward(relu(conv1.forward(g, drop.forward(x))))),
  };
}

export function buildModel(kind: ModelKind, sizes: ModelSizes): NodeModel {
  return kind === 'gcn' ? gcn(sizes) : kind === 'gat' ? gat(sizes) : sage(sizes);
}

/** One SAGEConv(feats, feats, 'mean') layer, for the sage-layer workload. */
export function sageLayer(feats: number): SAGEConv {
  return new SAGEConv(feats, feats, 'mean');
}
