/**
 * Graph-level models for the OGB molecule runs (run-molecules.ts) and the GINEConv test: a
 * 1-layer MLP baseline without message passing, PNAConv, GraphormerLayer with degree and
 * spatial encoders, and GINEConv with bond features. Each maps a batched graph to [B, 1].
 */
import * as dg from '../../src/index.js';
import { CategoricalEncoder } from './ogb-csv.js';

const { nn } = dg;

export interface GraphModel extends dg.nn.Module { forward(g: dg.Graph): dg.Tensor }

/** Atom embeddings -> one hidden layer per node -> mean over the graph -> linear. */
export class MLPBaseline extends nn.Module implements GraphModel {
  readonly atom: CategoricalEncoder; readonly hidden: dg.nn.Linear; readonly out: dg.nn.Linear;
  constructor(atomDims: number[], size = 64) {
    super();
    this.atom = this.registerModule('atom', new CategoricalEncoder(atomDims, size));
    this.hidden = this.registerModule('hidden', new nn.Linear(size, size));
    this.out = this.registerModule('out', new nn.Linear(size, 1));
  }
  forward(g: dg.Graph): dg.Tensor { return this.out.forward(dg.meanNodes(g, dg.relu(this.hidden.forward(this.atom.forward(g.ndata.get('feat')))))); }
}

/** PNA (Corso et al.'s molecule setup): atom and bond encoders, PNAConv layers, mean readout, MLP head. */
export class PNAModel extends nn.Module implements GraphModel {
  readonly atom: CategoricalEncoder; readonly bond: CategoricalEncoder; readonly convs: dg.nn.ModuleList<dg.nn.PNAConv>; readonly head: dg.nn.Sequential;
  constructor(atomDims: number[], bondDims: number[], delta: number, size = 64, layers = 3) {
    super();
    this.atom = this.registerModule('atom', new CategoricalEncoder(atomDims, size));
    this.bond = this.registerModule('bond', new CategoricalEncoder(bondDims, 16));
    this.convs = this.registerModule('convs', new nn.ModuleList(Array.from({ length: layers }, () =>
      new nn.PNAConv(size, size, ['mean', 'max', 'min', 'std'], ['identity', 'amplification', 'attenuation'], delta, { edgeFeatSize: 16, numTowers: 4 }))));
    this.head = this.registerModule('head', new nn.Sequential(new nn.Linear(size, size / 2), new nn.ReLU(), new nn.Linear(size / 2, 1)));
  }
  forward(g: dg.Graph): dg.Tensor {
    let h = this.atom.forward(g.ndata.get('feat'));
    const e = this.bond.forward(g.edata.get('feat'));
    for (const conv of this.convs) h = conv.forward(g, h, e);
    return this.head.forward(dg.meanNodes(g, h)) as dg.Tensor;
  }
}

/** GIN with edge features (GINEConv; Hu et al.'s molecule model): bond embeddings per layer, sum readout. */
export class GINEModel extends nn.Module implements GraphModel {
  readonly atom: CategoricalEncoder; readonly bonds: dg.nn.ModuleList<CategoricalEncoder>; readonly convs: dg.nn.ModuleList<dg.nn.GINEConv>; readonly out: dg.nn.Linear;
  constructor(atomDims: number[], bondDims: number[], size = 64, layers = 3) {
    super();
    this.atom = this.registerModule('atom', new CategoricalEncoder(atomDims, size));
    this.bonds = this.registerModule('bonds', new nn.ModuleList(Array.from({ length: layers }, () => new CategoricalEncoder(bondDims, size))));
    this.convs = this.registerModule('convs', new nn.ModuleList(Array.from({ length: layers }, () => new nn.GINEConv({
      applyFunc: new nn.Sequential(new nn.Linear(size, size), new nn.BatchNorm1d(size), new nn.ReLU(), new nn.Linear(size, size)), learnEps: true }))));
    this.out = this.registerModule('out', new nn.Linear(size, 1));
  }
  forward(g: dg.Graph): dg.Tensor {
    let h = this.atom.forward(g.ndata.get('feat'));
    [...this.convs].forEach((conv, i) => { h = dg.relu(conv.forward(g, h, this.bonds.get(i).forward(g.edata.get('feat')))); });
    return this.out.forward(dg.meanNodes(g, h));
  }
}

/** Graphormer (Ying et al.): atom + degree encodings, spatial attention bias from shortest paths, GraphormerLayers on padded batches. */
export class GraphormerModel extends nn.Module implements GraphModel {
  readonly atom: CategoricalEncoder; readonly degree: dg.nn.DegreeEncoder; readonly spatial: dg.nn.SpatialEncoder;
  readonly layers: dg.nn.ModuleList<dg.nn.GraphormerLayer>; readonly out: dg.nn.Linear;
  constructor(atomDims: number[], readonly size = 64, readonly heads = 4, layers = 3) {
    super();
    this.atom = this.registerModule('atom', new CategoricalEncoder(atomDims, size));
    this.degree = this.registerModule('degree', new nn.DegreeEncoder(8, size, 'in'));
    this.spatial = this.registerModule('spatial', new nn.SpatialEncoder(8, heads));
    this.layers = this.registerModule('layers', new nn.ModuleList(Array.from({ length: layers }, () =>
      new nn.GraphormerLayer(size, 2 * size, heads, { dropout: 0.1, attnDropout: 0.1, normFirst: true }))));
    this.out = this.registerModule('out', new nn.Linear(size, 1));
  }
  forward(g: dg.Graph): dg.Tensor {
    const sizes = g.batchNumNodes(), B = sizes.length, N = Math.max(...sizes);
    const pos = new Int32Array(g.numNodes()), degree = new Int32Array(B * N), dist = new Int32Array(B * N * N).fill(-1);
    const mask = new Uint8Array(B * N * N);
    const members = dg.unbatch(g);
    let v = 0;
    members.forEach((m, b) => {
      const n = sizes[b], d = dg.shortestDist(m).data, deg = m.inDegrees();
      for (let i = 0; i < n; i++, v++) { pos[v] = b * N + i; degree[b * N + i] = deg[i]; }
      for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
        if (j >= n) mask[(b * N + i) * N + j] = 1;
        else if (i < n) dist[(b * N + i) * N + j] = d[i * n + j];
      }
    });
    let h = this.atom.forward(g.ndata.get('feat'));
    const padded = dg.indexAdd(dg.zeros([B * N, this.size]), 0, pos, h).reshape([B, N, this.size]);
    let x = padded.add(this.degree.forward(dg.tensor(degree, { shape: [B, N], dtype: 'int32' })));
    const bias = this.spatial.forward(dg.tensor(dist, { shape: [B, N, N], dtype: 'int32' }));
    const m = dg.tensor(mask, { shape: [B, N, N], dtype: 'bool' });
    for (const layer of this.layers) x = layer.forward(x, bias, m);
    h = x.reshape([B * N, this.size]).indexSelect(0, pos);
    return this.out.forward(dg.meanNodes(g, h));
  }
}
