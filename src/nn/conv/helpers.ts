/**
 * Helpers of TAGConv, ChebConv, GCN2Conv, EdgeConv, GINConv and GatedGraphConv beyond the shared
 * util.ts: the homogeneous-graph guard, the normalised propagation step, activation summaries and
 * argument checks. Tensors in, tensors out; nothing writes into the caller's graph.
 */
import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { mul } from '../../tensor/elementwise.js';
import { Graph } from '../../graph/graph.js';
import type { SparseAdj } from '../../graph/sparse.js';
import { gspmm } from '../../message/gspmm.js';
import { Module } from '../module.js';
import { type Activation, type ConvGraph, adjOf, edgeColumn, edgeWeightNorm, degreeNorm } from './util.js';

/**
 * The attention mode an option names (`fallback` when absent): which edges share one softmax in a
 * relational attention layer, all in-edges of a destination ('across') or those of one relation
 * ('within'). Anything else is an error naming the layer, the default first among the choices.
 */
export function checkAttentionMode(layer: string, mode: unknown, fallback: 'within' | 'across'): 'within' | 'across' {
  const m = mode ?? fallback;
  if (m !== 'within' && m !== 'across') {
    throw new DeepGraphError(`${layer}: attentionMode must be '${fallback}' or '${fallback === 'within' ? 'across' : 'within'}', got '${String(m)}'`);
  }
  return m;
}

/** The single relation of a homogeneous, non-block graph (what TAGConv, ChebConv, GCN2Conv, GatedGraphConv take). */
export function homogeneousAdj(g: ConvGraph, layer: string): SparseAdj {
  if (g instanceof Graph && (g.isBlock || !g.isHomogeneous)) {
    throw new DeepGraphError(`${layer}: expects a homogeneous graph (one node type, one edge type, not a block); ` +
      `got node types [${g.ntypes.join(', ')}] and edge types [${g.etypes.join(', ')}]${g.isBlock ? ' (a block)' : ''}`);
  }
  const adj = adjOf(g);
  if (adj.numSrc !== adj.numDst) {
    throw new DeepGraphError(`${layer}: expects a homogeneous graph; got ${adj.numSrc} source and ${adj.numDst} destination nodes`);
  }
  return adj;
}

/**
 * One propagation step h -> Â h: Â = D^-1/2 A D^-1/2 with in-degrees clamped at 1 (both sides, as DGL's
 * TAGConv, ChebConv and GCN2Conv), or the given edge weights under EdgeWeightNorm('both').
 */
export function symmetricPropagator(adj: SparseAdj, dtype: FloatDType, edgeWeight: Tensor | null): (h: Tensor) => Tensor {
  if (edgeWeight !== null) {
    const w = edgeColumn(edgeWeightNorm(adj, edgeWeight, 'both'), adj.numEdges);
    return (h) => gspmm(adj, 'mul', 'sum', h, w);
  }
  const norm = degreeNorm(adj, 'in', -0.5, dtype);
  return (h) => mul(gspmm(adj, 'copyLhs', 'sum', mul(h, norm), null), norm);
}

/** [n, 1] tensor holding 1 where the in-degree is positive and 0 elsewhere. */
export function hasInEdgesMask(adj: SparseAdj, dtype: FloatDType): Tensor {
  const deg = adj.inDegrees();
  const data = dtype === 'float64' ? new Float64Array(deg.length) : new Float32Array(deg.length);
  for (let i = 0; i < deg.length; i++) data[i] = deg[i] > 0 ? 1 : 0;
  return new Tensor(data, [deg.length, 1], dtype);
}

/** How an activation or apply function shows in toString: a module's own summary, or a function's name. */
export function describeActivation(act: Activation | null): string {
  if (act === null) return 'null';
  if (act instanceof Module) return act.toString();
  return act.name === '' ? 'function' : act.name;
}

/** Re-initialises a module the way PyG's reset() does: its own resetParameters, else its children's. */
export function resetModule(m: Module): void {
  const own = (m as unknown as { resetParameters?: () => void }).resetParameters;
  if (typeof own === 'function') { own.call(m); return; }
  for (const child of m.children()) resetModule(child);
}

export function checkPositiveInt(layer: string, name: string, v: number, minimum = 1): void {
  if (!Number.isInteger(v) || v < minimum) throw new RangeError(`${layer}: ${name} must be an integer >= ${minimum}, got ${v}`);
}

export function checkFeatureSize(layer: string, x: Tensor, rows: number, cols: number, what = 'input features'): void {
  if (x.ndim !== 2 || x.shape[0] !== rows || x.shape[1] !== cols) {
    throw new ShapeError(`${layer}: ${what} of shape ${formatShape(x.shape)} must be [${rows}, ${cols}]`);
  }
}
