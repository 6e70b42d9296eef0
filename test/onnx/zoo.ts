/**
 * The models the ONNX tests export: every supported layer on Cora (or MUTAG batches for the
 * readouts, AIFB for RelGraphConv), each with a second, differently sized graph that the same
 * file must serve. Built lazily: the datasets load once per test process.
 */
import * as dg from '../../src/index.js';
import type { Graph } from '../../src/graph/graph.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { Module } from '../../src/nn/module.js';
import { sharedData } from '../data/shared-data.js';

export interface Sample { graph: Graph; features: Tensor; etypes?: Int32Array; edata?: Record<string, Tensor> }
export interface ZooCase { name: string; model: Module; samples: [Sample, Sample] }

/** A model from named parts and a forward function of (graph, features[, etypes]). */
export class GraphModel extends Module {
  constructor(parts: Record<string, Module>, private readonly fn: (p: Record<string, Module>, g: Graph, x: Tensor, e?: Int32Array) => Tensor) {
    super();
    for (const [name, m] of Object.entries(parts)) this.registerModule(name, m);
    this.parts = parts;
  }
  private readonly parts: Record<string, Module>;
  forward(g: Graph, x: Tensor, e?: Int32Array): Tensor { return this.fn(this.parts, g, x, e); }
}

type Fwd = (m: Module, ...args: unknown[]) => Tensor;
const call: Fwd = (m, ...args) => (m.forward as (...a: unknown[]) => Tensor)(...args);

let cora: { full: Sample; small: Sample; numClasses: number } | null = null;

/** Cora with self-loops, and the subgraph of its first 1200 nodes (self-loops too). */
export function coraSamples(): { full: Sample; small: Sample; numClasses: number } {
  if (cora !== null) return cora;
  const ds = new dg.data.CoraGraphDataset({ rawDir: sharedData('planetoid', 'raw'), transform: dg.data.normalizeFeatures() });
  const g0 = ds.get(0);
  const feat = g0.ndata.get('feat');
  const full = dg.addSelfLoop(dg.removeSelfLoop(g0));
  const keep = Int32Array.from({ length: 1200 }, (_, i) => i);
  const sub = dg.addSelfLoop(dg.removeSelfLoop(dg.nodeSubgraph(g0, keep)));
  const bare = (g: Graph): Graph => { const { src, dst } = g.sparse().coo(); return dg.graph([src, dst], { numNodes: g.numNodes() }); };
  cora = {
    full: { graph: bare(full), features: feat },
    small: { graph: bare(sub), features: dg.indexSelect(feat, 0, keep) },
    numClasses: ds.numClasses,
  };
  return cora;
}

let mutag: { a: Sample; b: Sample; inFeats: number; classes: number; graphs: Graph[]; labels: Int32Array } | null = null;

/** Two MUTAG batches of different sizes (32 and 50 graphs) with their node features. */
export function mutagSamples(): NonNullable<typeof mutag> {
  if (mutag !== null) return mutag;
  const ds = new dg.data.TUDataset('MUTAG', { rawDir: sharedData('tu', 'MUTAG') });
  const graphs = Array.from({ length: ds.length }, (_, i) => ds.get(i)[0]);
  const bare = graphs.map((g) => {
    const { src, dst } = g.sparse().coo();
    const out = dg.graph([src, dst], { numNodes: g.numNodes() });
    out.ndata.set('feat', g.ndata.get('feat'));
    return out;
  });
  const batchOf = (ids: number[]): Sample => {
    const g = dg.batch(ids.map((i) => bare[i]));
    return { graph: g, features: g.ndata.get('feat') };
  };
  const labels = ds.labels;
  mutag = {
    a: batchOf(Array.from({ length: 32 }, (_, i) => i)), b: batchOf(Array.from({ length: 50 }, (_, i) => 100 + i)),
    inFeats: bare[0].ndata.get('feat').shape[1], classes: 2, graphs: bare, labels,
  };
  return mutag;
}

/** Every single layer (and the activations, norms, dropout, readouts) in a small model. */
export function layerCases(): ZooCase[] {
  const { full, small, numClasses } = coraSamples();
  const F = full.features.shape[1];
  const node = (name: string, parts: Record<string, Module>, fn: (p: Record<string, Module>, g: Graph, x: Tensor) => Tensor): ZooCase =>
    ({ name, model: new GraphModel(parts, fn), samples: [full, small] });
  const one = (name: string, layer: Module): ZooCase => node(name, { layer }, (p, g, x) => call(p.layer, g, x));
  dg.manualSeed(1);
  const cases: ZooCase[] = [
    one('GraphConv', new dg.nn.GraphConv(F, 16, { activation: dg.relu })),
    one('GraphConv-right', new dg.nn.GraphConv(F, 16, { norm: 'right' })),
    one('SAGEConv-mean', new dg.nn.SAGEConv(F, 16, 'mean')),
    one('SAGEConv-gcn', new dg.nn.SAGEConv(F, 16, 'gcn')),
    node('SAGEConv-pool', { lin: new dg.nn.Linear(F, 32), conv: new dg.nn.SAGEConv(32, 16, 'pool') },
      (p, g, x) => call(p.conv, g, call(p.lin, x))),
    one('GATConv', new dg.nn.GATConv(F, 8, 4, { activation: dg.elu })),
    one('GATv2Conv', new dg.nn.GATv2Conv(F, 8, 4)),
    one('GINConv', new dg.nn.GINConv({ applyFunc: new dg.nn.Linear(F, 16), learnEps: true, initEps: 0.3 })),
    node('GINConv-max', { lin: new dg.nn.Linear(F, 16), conv: new dg.nn.GINConv({ aggregatorType: 'max' }) },
      (p, g, x) => call(p.conv, g, dg.tanh(call(p.lin, x)))),
    node('APPNPConv', { lin: new dg.nn.Linear(F, numClasses), conv: new dg.nn.APPNPConv(5, 0.1) }, (p, g, x) => call(p.conv, g, call(p.lin, x))),
    // cached: false, so deepgraph's own reference recomputes on the second graph (the export never uses the cache).
    one('SGConv', new dg.nn.SGConv(F, numClasses, { k: 2 })),
    one('TAGConv', new dg.nn.TAGConv(F, 16, { k: 2 })),
    node('TAGConv-wide', { lin: new dg.nn.Linear(F, 8), conv: new dg.nn.TAGConv(8, 12, { k: 3, activation: dg.relu }) },
      (p, g, x) => call(p.conv, g, call(p.lin, x))),
    node('GCN2Conv', { lin: new dg.nn.Linear(F, 16), conv: new dg.nn.GCN2Conv(16, 1, { alpha: 0.1, lambda: 0.5, projectInitialFeatures: true }) },
      (p, g, x) => { const h0 = call(p.lin, x); return call(p.conv, g, h0, h0); }),
    node('Linear-activations-dropout', { lin: new dg.nn.Linear(F, 16), drop: new dg.nn.Dropout(0.5), act: new dg.nn.LeakyReLU(0.1) },
      (p, _g, x) => {
        const h = call(p.lin, call(p.drop, x));
        return dg.concat([dg.relu(h), call(p.act, h), dg.elu(h), dg.sigmoid(h), dg.tanh(h), dg.gelu(h), dg.softplus(h), dg.logSoftmax(h, 1)], 1);
      }),
    node('BatchNorm-LayerNorm', { lin: new dg.nn.Linear(F, 16), bn: new dg.nn.BatchNorm1d(16), ln: new dg.nn.LayerNorm(16) },
      (p, _g, x) => call(p.ln, call(p.bn, call(p.lin, x)))),
  ];
  const bn = cases[cases.length - 1].model.modules().find((m) => m instanceof dg.nn.BatchNorm1d) as dg.nn.BatchNorm1d;
  bn.runningMean!.data.set(Float32Array.from({ length: 16 }, (_, i) => 0.01 * i));
  bn.runningVar!.data.set(Float32Array.from({ length: 16 }, (_, i) => 0.5 + 0.1 * i));
  return [...cases, edgeWeightCase(full, small), ...readoutCases()];
}

/** GraphConv with per-edge weights read from edata 'w', exported as an input named w. */
function edgeWeightCase(full: Sample, small: Sample): ZooCase {
  const withWeights = (s: Sample, seed: number): Sample => {
    const { src, dst } = s.graph.sparse().coo();
    const graph = dg.graph([src, dst], { numNodes: s.graph.numNodes() });
    const w = dg.add(dg.rand([src.length], { generator: new dg.Generator(seed) }), 0.1);
    graph.edata.set('w', w);
    return { graph, features: s.features, edata: { w } };
  };
  const conv = new dg.nn.GraphConv(full.features.shape[1], 16);
  return {
    name: 'GraphConv-edgeWeight', samples: [withWeights(full, 1), withWeights(small, 2)],
    model: new GraphModel({ conv }, (p, g, x) => call(p.conv, g, x, { edgeWeight: g.edata.get('w') })),
  };
}

/** Sum, mean and max pooling over MUTAG batches (graph_ids input). */
function readoutCases(): ZooCase[] {
  const m = mutagSamples();
  const pool = (name: string, p: Module): ZooCase => ({
    name, samples: [m.a, m.b],
    model: new GraphModel({ conv: new dg.nn.GraphConv(m.inFeats, 8, { allowZeroInDegree: true }), pool: p },
      (parts, g, x) => call(parts.pool, g, dg.relu(call(parts.conv, g, x)))),
  });
  return [pool('SumPooling', new dg.nn.SumPooling()), pool('AvgPooling', new dg.nn.AvgPooling()), pool('MaxPooling', new dg.nn.MaxPooling())];
}
