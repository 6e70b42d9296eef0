/**
 * Small helpers shared by the conv layers of this folder: input pairs for bipartite graphs and
 * blocks, the zero-in-degree check, degree and edge-weight normalisation, activations.
 * Everything is tensors in, tensors out; nothing writes into the caller's graph.
 */
import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { mul, pow } from '../../tensor/elementwise.js';
import { min } from '../../tensor/reduce.js';
import { narrow, reshape } from '../../tensor/movement.js';
import type { Graph } from '../../graph/graph.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { gspmm } from '../../message/gspmm.js';
import { gsddmm } from '../../message/gsddmm.js';
import { Module } from '../module.js';

/** An activation or apply function: a plain tensor function (dg.relu) or a Module (registered as a child). */
export type Activation = ((x: Tensor) => Tensor) | Module;

export function applyActivation(act: Activation | null, x: Tensor, layer: string): Tensor {
  if (act === null) return x;
  const y = act instanceof Module ? act.forward(x) : act(x);
  if (!(y instanceof Tensor)) throw new DeepGraphError(`${layer}: the activation / apply function must return a Tensor`);
  return y;
}

/** How an activation shows in toString: a module's own summary, or a function's name. */
export function describeActivation(act: Activation): string {
  if (act instanceof Module) return act.toString();
  return act.name === '' ? 'function' : act.name;
}

/** Re-initialises a module the way PyG's reset() does: its own resetParameters, else its children's. */
export function resetModule(m: Module): void {
  const own = (m as unknown as { resetParameters?: () => void }).resetParameters;
  if (typeof own === 'function') { own.call(m); return; }
  for (const child of m.children()) resetModule(child);
}

/** Source and destination features (DGL's expand_as_pair): a pair as given, a block's dst rows, or x twice. */
export function expandAsPair(g: Graph, feat: Tensor | readonly [Tensor, Tensor], layer: string): [Tensor, Tensor] {
  if (!(feat instanceof Tensor)) return [feat[0], feat[1]];
  if (g.isBlock) {
    const numDst = g.numDstNodes();
    if (feat.ndim === 0 || feat.shape[0] < numDst) {
      throw new ShapeError(`${layer}: block input features of shape ${formatShape(feat.shape)} need at least ` +
        `numDstNodes = ${numDst} rows (destination nodes are the first source nodes)`);
    }
    return [feat, narrow(feat, 0, 0, numDst)];
  }
  const src = g.srctypes, dst = g.dsttypes;
  if (src.join() !== dst.join()) {
    throw new DeepGraphError(`${layer}: graph is bipartite (${src.join(',')} -> ${dst.join(',')}); ` +
      'pass the features as a pair [srcFeat, dstFeat]');
  }
  return [feat, feat];
}

/** The single relation of a homogeneous, non-block graph (what TAGConv, ChebConv, GCN2Conv, GatedGraphConv take). */
export function homogeneousAdj(g: Graph, layer: string): SparseAdj {
  if (g.isBlock || !g.isHomogeneous) {
    throw new DeepGraphError(`${layer}: expects a homogeneous graph (one node type, one edge type, not a block); ` +
      `got node types [${g.ntypes.join(', ')}] and edge types [${g.etypes.join(', ')}]${g.isBlock ? ' (a block)' : ''}`);
  }
  return g.sparse();
}

/** DGL's check: destination nodes without in-edges would silently get an invalid output. */
export function checkZeroInDegree(adj: SparseAdj, layer: string): void {
  const deg = adj.inDegrees();
  for (let v = 0; v < deg.length; v++) {
    if (deg[v] === 0) {
      throw new DeepGraphError(`${layer}: there are 0-in-degree nodes in the graph (node ${v} is one); their output ` +
        'would be invalid. Add self-loops with dg.addSelfLoop(g), or pass allowZeroInDegree: true to the layer ' +
        'to suppress this check.');
    }
  }
}

/** [n, 1] tensor of max(degree, 1)^power, the D^power of GCN-style normalisation. */
export function degreePower(deg: Int32Array, power: number, dtype: FloatDType): Tensor {
  const data = dtype === 'float64' ? new Float64Array(deg.length) : new Float32Array(deg.length);
  for (let i = 0; i < deg.length; i++) data[i] = Math.pow(Math.max(deg[i], 1), power);
  return new Tensor(data, [deg.length, 1], dtype);
}

/** [n, 1] tensor holding 1 where the in-degree is positive and 0 elsewhere. */
export function hasInEdgesMask(adj: SparseAdj, dtype: FloatDType): Tensor {
  const deg = adj.inDegrees();
  const data = dtype === 'float64' ? new Float64Array(deg.length) : new Float32Array(deg.length);
  for (let i = 0; i < deg.length; i++) data[i] = deg[i] > 0 ? 1 : 0;
  return new Tensor(data, [deg.length, 1], dtype);
}

/** Edge weights as an [E, 1] column (from [E] or [E, 1]), with the shape checked. */
export function edgeWeightColumn(adj: SparseAdj, w: Tensor, layer: string): Tensor {
  const ok = (w.ndim === 1 || (w.ndim === 2 && w.shape[1] === 1)) && w.shape[0] === adj.numEdges;
  if (!ok) throw new ShapeError(`${layer}: edge weight of shape ${formatShape(w.shape)} must be [${adj.numEdges}] or [${adj.numEdges}, 1]`);
  return w.ndim === 1 ? reshape(w, [adj.numEdges, 1]) : w;
}

/**
 * DGL's EdgeWeightNorm('both'): w_uv / sqrt(sum of w over u's out-edges * sum of w over v's in-edges).
 * Differentiable in w; weights must be positive. Returns an [E, 1] column.
 */
export function normalizeEdgeWeightBoth(adj: SparseAdj, edgeWeight: Tensor, layer: string): Tensor {
  const w = edgeWeightColumn(adj, edgeWeight, layer);
  if (adj.numEdges > 0 && min(w).item() <= 0) {
    throw new DeepGraphError(`${layer}: non-positive edge weight with 'both' normalisation (square root of a value <= 0)`);
  }
  const outWeight = gspmm(adj.reverse(), 'copyRhs', 'sum', null, w);
  const inWeight = gspmm(adj, 'copyRhs', 'sum', null, w);
  const scale = gsddmm(adj, 'mul', pow(outWeight, -0.5), pow(inWeight, -0.5), { lhsTarget: 'u', rhsTarget: 'v' });
  return mul(w, scale);
}

/** One propagation step h -> Â h with Â = D^-1/2 A D^-1/2 (in-degrees, clamped at 1) or normalised edge weights. */
export function symmetricPropagator(adj: SparseAdj, dtype: FloatDType, edgeWeight: Tensor | null, layer: string): (h: Tensor) => Tensor {
  if (edgeWeight !== null) {
    const w = normalizeEdgeWeightBoth(adj, edgeWeight, layer);
    return (h) => gspmm(adj, 'mul', 'sum', h, w);
  }
  const norm = degreePower(adj.inDegrees(), -0.5, dtype);
  return (h) => mul(gspmm(adj, 'copyLhs', 'sum', mul(h, norm), null), norm);
}

export function checkPositiveInt(layer: string, name: string, v: number, minimum = 1): void {
  if (!Number.isInteger(v) || v < minimum) throw new RangeError(`${layer}: ${name} must be an integer >= ${minimum}, got ${v}`);
}

export function checkFeatureSize(layer: string, x: Tensor, expected: number, what = 'input features'): void {
  if (x.ndim !== 2 || x.shape[1] !== expected) {
    throw new ShapeError(`${layer}: ${what} of shape ${formatShape(x.shape)} must be [numNodes, ${expected}]`);
  }
}
