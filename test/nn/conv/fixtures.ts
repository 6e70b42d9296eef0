/** Shared inputs for the conv layer tests: small graphs, seeded float64 data, UDF message passing. */
import * as dg from '../../../src/index.js';
import { Graph } from '../../../src/graph/graph.js';
import { SparseAdj } from '../../../src/graph/sparse.js';
import { seededData } from '../../helpers.js';

export const f64 = (shape: number[], seed: number, requiresGrad = false): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });

/** Positive float64 values in [lo, hi) (edge weights). */
export const positive = (shape: number[], seed: number, requiresGrad = false, lo = 0.5, hi = 1.5): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed, lo, hi), { shape, dtype: 'float64', requiresGrad });

/** Four nodes, six edges, every node has an in-edge: 0->1, 1->2, 2->3, 3->0, 0->2, 2->1. */
export function fourNodeGraph(): dg.Graph {
  return dg.graph([[0, 1, 2, 3, 0, 2], [1, 2, 3, 0, 2, 1]], { numNodes: 4 });
}

/** Undirected (both directions stored) ten-node graph with a node of in-degree zero (node 9). */
export function mediumGraph(): dg.Graph {
  const pairs = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0], [0, 5], [5, 6], [6, 7], [7, 8], [8, 5], [2, 7], [1, 3]];
  const src = pairs.flatMap(([a, b]) => [a, b]), dst = pairs.flatMap(([a, b]) => [b, a]);
  return dg.graph([src, dst], { numNodes: 10 });
}

/** A block: 5 source nodes, 3 destination nodes (the first 3 sources), as a sampler would produce. */
export function smallBlock(): dg.Graph {
  const adj = SparseAdj.fromCoo(Int32Array.from([0, 1, 3, 4, 2, 4, 1]), Int32Array.from([0, 0, 1, 1, 2, 2, 2]), 5, 3);
  return Graph.fromSpec({ ntypes: ['_N'], numNodes: [5], dst: { ntypes: ['_N'], numNodes: [3] },
    relations: [{ srcType: '_N', etype: '_E', dstType: '_N', adj }] });
}

export type UdfReduce = 'sum' | 'mean' | 'max';

/**
 * Σ/mean/max over in-edges of src[u] (times w[e] when given), through the graph sugar with UDF message and
 * reduce functions (degree-bucketed mailboxes): an independent path from the fused g-SpMM layers use.
 */
export function udfAggregate(g: dg.Graph, src: dg.Tensor, reduce: UdfReduce, w: dg.Tensor | null = null): dg.Tensor {
  return g.localScope(() => {
    g.srcdata.set('h', src);
    if (w !== null) g.edata.set('w', w);
    const msg: dg.MessageUdf = (edges) => ({ m: w === null ? edges.src.h : edges.src.h.mul(edges.data.w) });
    dg.updateAll(g, msg, (nodes) => ({ agg: nodes.mailbox.m[reduce](1) }));
    if (!g.dstdata.has('agg')) return dg.zeros([g.numDstNodes(), ...src.shape.slice(1)], { dtype: src.dtype });
    return g.dstdata.get('agg');
  });
}

/** The per-edge form of D^-1/2 A D^-1/2 h through UDFs: each message is h[u] / sqrt(deg(u) deg(v)). */
export function udfSymmetricPropagate(g: dg.Graph, h: dg.Tensor): dg.Tensor {
  const deg = g.inDegrees() as Int32Array;
  const inv = dg.tensor(Float64Array.from(deg, (d) => 1 / Math.sqrt(Math.max(d, 1))), { shape: [deg.length, 1], dtype: 'float64' });
  return g.localScope(() => {
    g.ndata.set('h', h); g.ndata.set('c', inv);
    dg.updateAll(g, (edges) => ({ m: edges.src.h.mul(edges.src.c).mul(edges.dst.c) }), (nodes) => ({ out: nodes.mailbox.m.sum(1) }));
    return g.ndata.has('out') ? g.ndata.get('out') : dg.zerosLike(h);
  });
}

/** Gradients of sum(out * weights) for every listed tensor, cleared afterwards. */
export function gradsOf(out: dg.Tensor, tensors: readonly dg.Tensor[]): dg.Tensor[] {
  for (const t of tensors) t.grad = null;
  out.backward(f64([...out.shape], 77));
  const grads = tensors.map((t) => t.grad ?? dg.zerosLike(t));
  for (const t of tensors) t.grad = null;
  return grads;
}

/** DGL's EdgeWeightNorm('both') computed edge by edge in plain JS: w / sqrt(outW(u) inW(v)). */
export function naiveBothNorm(g: dg.Graph, w: dg.Tensor): dg.Tensor {
  const [src, dst] = g.edges() as [Int32Array, Int32Array];
  const outW = new Float64Array(g.numSrcNodes()), inW = new Float64Array(g.numDstNodes());
  for (let e = 0; e < src.length; e++) { outW[src[e]] += w.data[e]; inW[dst[e]] += w.data[e]; }
  const out = Float64Array.from(src, (u, e) => w.data[e] / Math.sqrt(outW[u] * inW[dst[e]]));
  return dg.tensor(out, { shape: [src.length, 1], dtype: 'float64' });
}
