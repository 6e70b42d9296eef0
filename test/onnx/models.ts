/**
 * The full models for the ONNX tests, built as `deepgraph train` builds them (GCN, GAT, SAGE on
 * Cora; GIN on MUTAG batches) or as examples/rgcn-hetero.ts does (R-GCN on AIFB), each trained for
 * a few steps so every parameter (batch-norm statistics included) is off its initial value.
 */
import * as dg from '../../src/index.js';
import type { Graph } from '../../src/graph/graph.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { Module } from '../../src/nn/module.js';
import { buildNodeModel } from '../../src/cli/models-node.js';
import { GIN } from '../../src/cli/models-graph.js';
import { GIN_INFO, MODEL_INFO } from '../../src/cli/models.js';
import { sharedData } from '../data/shared-data.js';
import { coraSamples, mutagSamples, type Sample, type ZooCase } from './zoo.js';
import { relationNorm } from './entity.js';

function trainSteps(model: Module, steps: number, loss: () => Tensor): void {
  const opt = new dg.optim.Adam(model.parameters().filter((p) => p.requiresGrad), { lr: 0.01 });
  model.train();
  for (let i = 0; i < steps; i++) {
    const l = loss();
    opt.zeroGrad(); l.backward(); opt.step();
  }
}

/** GCN, GAT and SAGE as the CLI builds them for Cora, trained for 5 steps. */
export function nodeModelCases(): ZooCase[] {
  const { full, small, numClasses } = coraSamples();
  const labels = dg.tensor(Int32Array.from({ length: full.graph.numNodes() }, (_, i) => i % numClasses));
  return (['gcn', 'gat', 'sage'] as const).map((name) => {
    dg.manualSeed(2);
    const built = buildNodeModel(name, full.graph, full.features.shape[1], numClasses, MODEL_INFO[name].defaults('cora'));
    trainSteps(built.model, 5, () => dg.crossEntropy(built.model.forward(full.graph, full.features), labels));
    return { name: `${name.toUpperCase()} (deepgraph train's model)`, model: built.model, samples: [full, small] };
  });
}

/** GIN-0 as the CLI builds it, trained for 10 batches of MUTAG. */
export function ginCase(): ZooCase {
  const m = mutagSamples();
  dg.manualSeed(3);
  const model = new GIN(m.inFeats, m.classes, GIN_INFO.defaults());
  const y = dg.tensor(Int32Array.from({ length: 32 }, (_, i) => m.labels[i]));
  trainSteps(model, 10, () => dg.crossEntropy(model.forward(m.a.graph, m.a.features), y));
  return { name: "GIN (deepgraph train's model, MUTAG)", model, samples: [m.a, m.b] };
}

/** Two RelGraphConv layers (basis regularizer, self-loops, bias; norm from ndata 'norm') over AIFB's homogeneous form. */
class RGCN extends Module {
  readonly conv1: dg.nn.RelGraphConv;
  readonly conv2: dg.nn.RelGraphConv;
  constructor(inFeats: number, hidden: number, classes: number, rels: number) {
    super();
    this.conv1 = this.registerModule('conv1', new dg.nn.RelGraphConv(inFeats, hidden, rels, { regularizer: 'basis', numBases: 4, activation: dg.relu }));
    this.conv2 = this.registerModule('conv2', new dg.nn.RelGraphConv(hidden, classes, rels, { layerNorm: true }));
  }
  forward(g: Graph, x: Tensor, etypes: Int32Array): Tensor {
    const norm = g.edata.get('norm');
    return this.conv2.forward(g, this.conv1.forward(g, x, etypes, { norm }), etypes, { norm });
  }
}

/** DGL's R-GCN norm: 1 / (in-degree of the destination within the edge's relation), as edata 'norm' [E, 1]. */
function withNorm(g: Graph, etypes: Int32Array): Graph {
  g.edata.set('norm', relationNorm(g, etypes));
  return g;
}

/** R-GCN on AIFB (node embeddings as features), second graph: a random typed graph of 500 nodes. */
export function rgcnCase(): ZooCase {
  const ds = new dg.data.AIFBDataset({ rawDir: sharedData('rdf', 'aifb') });
  const g = dg.toHomogeneous(ds.graph);
  const etypes = Int32Array.from(g.edata.get(dg.ETYPE).data);
  const { src, dst } = g.sparse().coo();
  const graph = withNorm(dg.graph([src, dst], { numNodes: g.numNodes() }), etypes);
  const R = ds.graph.canonicalEtypes.length;
  dg.manualSeed(4);
  const model = new RGCN(16, 16, ds.numClasses, R);
  const features = dg.randn([g.numNodes(), 16]);
  const labels = dg.tensor(Int32Array.from({ length: g.numNodes() }, (_, i) => i % ds.numClasses));
  trainSteps(model, 3, () => dg.crossEntropy(model.forward(graph, features, etypes), labels));
  const rand = dg.data.randomGraph({ nodes: 500, edges: 3000, seed: 5 });
  const randTypes = Int32Array.from({ length: 3000 }, (_, i) => (i * 7) % R);
  const second = { graph: withNorm(dg.graph([rand.src, rand.dst], { numNodes: 500 }), randTypes), features: dg.randn([500, 16]), etypes: randTypes };
  const sample = (s: { graph: Graph; features: Tensor; etypes: Int32Array }): Sample => ({ ...s, edata: { norm: s.graph.edata.get('norm') } });
  return { name: 'R-GCN (AIFB, per-edge norm input)', model, samples: [sample({ graph, features, etypes }), sample(second)] };
}
