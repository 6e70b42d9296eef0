/**
 * Small helpers the conv layers share: feature pairs for bipartite graphs and blocks, the
 * zero-in-degree check, cached degree normalisers, GCN edge-weight normalisation, and
 * callables that may be modules. Everything here is functional: no graph is written to.
 */
import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { assertFloatFeatures, type FloatDType } from '../../tensor/dtype.js';
import { narrow } from '../../tensor/movement.js';
import { mul, pow } from '../../tensor/elementwise.js';
import { min } from '../../tensor/reduce.js';
import { noGrad, traceDerived } from '../../tensor/tape.js';
import { Graph } from '../../graph/graph.js';
import { SparseAdj, type HasSparse } from '../../graph/sparse.js';
import { copyESum, copyU, copyV, uMulV } from '../../message/shortcuts.js';
import { Module } from '../module.js';

/** What a conv layer runs on: a graph with one relation (a homogeneous graph, a bipartite graph, a block). */
export type ConvGraph = Graph | SparseAdj | HasSparse;
/** Node features: one tensor, or [source features, destination features] for a bipartite graph. */
export type ConvInput = Tensor | readonly [Tensor, Tensor];
/** An elementwise function such as dg.relu, or a module (whose parameters the layer then owns). */
export type Activation = ((x: Tensor) => Tensor) | Module;

export function adjOf(g: ConvGraph): SparseAdj {
  return g instanceof SparseAdj ? g : g.sparse();
}

export function isBlock(g: ConvGraph): boolean {
  return g instanceof Graph && g.isBlock;
}

/** in_feats as DGL takes it: one size for both sides, or [source size, destination size]. */
export function featSizes(inFeats: number | readonly [number, number]): [number, number] {
  return typeof inFeats === 'number' ? [inFeats, inFeats] : [inFeats[0], inFeats[1]];
}

function checkFeat(layer: string, what: string, t: Tensor, rows: number, cols: number | null, extraDims: boolean): void {
  assertFloatFeatures(t.dtype, layer, what);
  const ndimOk = extraDims ? t.ndim >= 2 : t.ndim === 2;
  if (!ndimOk || t.shape[0] !== rows || (cols !== null && t.shape[t.ndim - 1] !== cols)) {
    throw new ShapeError(`${layer}: ${what} has shape ${formatShape(t.shape)}, expected [${rows}, ${extraDims ? '*, ' : ''}${cols ?? '*'}]`);
  }
}

export interface ExpandOptions {
  /** Accept [N, *, F] features (DGL's GraphConv); the size check is on the last dimension. */
  extraDims?: boolean;
  /** The layer reads only the source side: one tensor on a bipartite graph is taken for both sides. */
  srcOnly?: boolean;
  /** For a block, return the one tensor for both sides instead of slicing its destination rows (the layer slices what it needs). */
  keepBlockWhole?: boolean;
}

/**
 * Source and destination features (DGL's expand_as_pair): a pair is taken as given; one tensor
 * serves both sides of a graph whose sources are its destinations (or of any graph, for a layer
 * that reads only sources: DGL returns (x, x) there too), and for a block the destinations are its
 * first numDst source nodes. `cols` are the expected feature sizes.
 */
export function expandAsPair(layer: string, g: ConvGraph, feat: ConvInput, cols: readonly [number | null, number | null] = [null, null],
  opts: ExpandOptions = {}): [Tensor, Tensor] {
  const adj = adjOf(g);
  const extra = opts.extraDims ?? false;
  if (!(feat instanceof Tensor)) {
    if (!Array.isArray(feat) || feat.length !== 2) throw new TypeError(`${layer}: features must be a tensor or a [src, dst] pair`);
    checkFeat(layer, 'source features', feat[0], adj.numSrc, cols[0], extra);
    checkFeat(layer, 'destination features', feat[1], adj.numDst, cols[1], extra);
    return [feat[0], feat[1]];
  }
  checkFeat(layer, 'node features', feat, adj.numSrc, cols[0], extra);
  if (isBlock(g)) return [feat, opts.keepBlockWhole ? feat : narrow(feat, 0, 0, adj.numDst)];
  if (adj.numSrc !== adj.numDst && !opts.srcOnly) {
    throw new ShapeError(`${layer}: the graph is bipartite (${adj.numSrc} source and ${adj.numDst} destination nodes); ` +
      'pass features as a [featSrc, featDst] pair');
  }
  return [feat, feat];
}

/** The first numDst rows of a source-side tensor when g is a block, else the tensor itself. */
export function dstRowsOfBlock(g: ConvGraph, t: Tensor): Tensor {
  return isBlock(g) ? narrow(t, 0, 0, adjOf(g).numDst) : t;
}

/** The first few destinations without in-edges, per (immutable) structure. */
const zeroInDegreeCache = new WeakMap<SparseAdj, number[]>();

/** DGL's guard: nodes without in-edges would get a meaningless output. */
export function checkZeroInDegree(layer: string, adj: SparseAdj): void {
  let bad = zeroInDegreeCache.get(adj);
  if (bad === undefined) {
    const deg = adj.inDegrees();
    bad = [];
    for (let v = 0; v < deg.length && bad.length < 5; v++) if (deg[v] === 0) bad.push(v);
    zeroInDegreeCache.set(adj, bad);
  }
  if (bad.length === 0) return;
  throw new DeepGraphError(`${layer}: there are 0-in-degree nodes in the graph (e.g. node ${bad.join(', ')}); ` +
    'their output would be invalid, which silently hurts some applications. Add self-loops with ' +
    '`g = dg.addSelfLoop(g)` to fix the graph, or set `allowZeroInDegree: true` when constructing the layer ' +
    'to suppress this check.');
}

const normCache = new WeakMap<SparseAdj, Map<string, Tensor>>();

/**
 * max(degree, 1)^power as a [n, 1] column (in-degrees of destinations or out-degrees of sources),
 * or (degree + 1)^power with plusOne (a self-loop counted in), cached per structure: a SparseAdj
 * is immutable, so the column never goes stale. Read only.
 */
export function degreeNorm(adj: SparseAdj, side: 'in' | 'out', power: number, dtype: FloatDType, plusOne = false): Tensor {
  let byKey = normCache.get(adj);
  if (byKey === undefined) { byKey = new Map(); normCache.set(adj, byKey); }
  const key = `${side}:${power}:${dtype}:${plusOne}`;
  let t = byKey.get(key);
  if (t === undefined) {
    const deg = side === 'in' ? adj.inDegrees() : adj.outDegrees();
    const data = dtype === 'float64' ? new Float64Array(deg.length) : new Float32Array(deg.length);
    for (let i = 0; i < deg.length; i++) data[i] = Math.pow(plusOne ? deg[i] + 1 : Math.max(deg[i], 1), power);
    t = new Tensor(data, [deg.length, 1], dtype);
    byKey.set(key, t);
  }
  return traceDerived(t, { kind: 'degreeNorm', adj, side, power, plusOne });
}

const edgeNormCache = new WeakMap<SparseAdj, Map<string, Tensor>>();

/**
 * The per-edge product srcNorm[u] * dstNorm[v] of two degree normalisers as an [E, 1] column
 * (either side may be absent), cached per structure: folding both scalings into the edge values
 * of one g-SpMM saves two passes over the node features, forward and backward. The source side
 * uses out-degrees, or in-degrees with srcDegrees 'in' (SGConv's rule, for graphs whose sources
 * are their destinations). Read only.
 */
export function edgeDegreeNorm(adj: SparseAdj, srcPower: number | null, dstPower: number | null, dtype: FloatDType,
  srcDegrees: 'out' | 'in' = 'out'): Tensor {
  let byKey = edgeNormCache.get(adj);
  if (byKey === undefined) { byKey = new Map(); edgeNormCache.set(adj, byKey); }
  const key = `${srcPower}:${dstPower}:${dtype}:${srcDegrees}`;
  let t = byKey.get(key);
  if (t === undefined) {
    const src = srcPower === null ? null : degreeNorm(adj, srcDegrees, srcPower, dtype);
    const dst = dstPower === null ? null : degreeNorm(adj, 'in', dstPower, dtype);
    t = noGrad(() => (src !== null && dst !== null ? uMulV(adj, src, dst) : src !== null ? copyU(adj, src) : copyV(adj, dst!)));
    byKey.set(key, t);
  }
  return traceDerived(t, { kind: 'edgeDegreeNorm', adj, srcPower, dstPower, srcDegrees });
}

/** Normalisations of edgeWeightNorm (DGL's EdgeWeightNorm norm argument). */
export type EdgeNorm = 'both' | 'right' | 'none';
const EDGE_NORMS: readonly EdgeNorm[] = ['both', 'right', 'none'];

/**
 * GCN normalisation of positive scalar edge weights (DGL's EdgeWeightNorm): 'both' gives
 * w_uv / sqrt(out_w(u) in_w(v)), 'right' gives w_uv / in_w(v), with weighted degrees out_w, in_w;
 * 'none' returns the weights unchanged; any other norm is an error.
 * Differentiable in the weights. Weights are [E] or [E, 1]; the result has the same shape.
 */
export function edgeWeightNorm(g: ConvGraph, weight: Tensor, norm: EdgeNorm = 'both', eps = 0): Tensor {
  const adj = adjOf(g);
  if (!EDGE_NORMS.includes(norm)) {
    throw new DeepGraphError(`edgeWeightNorm: invalid norm '${String(norm)}'; expected one of ${EDGE_NORMS.map((n) => `'${n}'`).join(', ')}`);
  }
  if (weight.shape[0] !== adj.numEdges || weight.size !== adj.numEdges) {
    throw new ShapeError(`edgeWeightNorm: edge weights of shape ${formatShape(weight.shape)} must hold one scalar per edge ` +
      `(${adj.numEdges} edges)`);
  }
  // One reduction (a backend kernel) checks the weights; only a failure looks for the culprit.
  if (norm === 'both' && adj.numEdges > 0 && !(noGrad(() => min(weight).item()) > 0)) {
    const i = weight.data.findIndex((v) => !(v > 0));
    throw new DeepGraphError(`edgeWeightNorm: non-positive edge weight ${weight.data[i]} at edge ${i} with norm 'both'; ` +
      "use norm 'right' or make the weights positive");
  }
  if (norm === 'none') return weight;
  const w = weight.reshape([adj.numEdges, 1]);
  const inW = copyESum(adj, w).add(eps);
  const dstNorm = norm === 'both' ? pow(inW, -0.5) : pow(inW, -1);
  const srcNorm = norm === 'both' ? pow(copyESum(adj.reverse(), w).add(eps), -0.5)
    : new Tensor(new (w.dtype === 'float64' ? Float64Array : Float32Array)(adj.numSrc).fill(1), [adj.numSrc, 1], w.dtype);
  return mul(uMulV(adj, srcNorm, dstNorm), w).reshape(weight.shape);
}

/** Edge weights as an [E, 1] column (accepting [E] or [E, 1]). */
export function edgeColumn(w: Tensor, numEdges: number): Tensor {
  if (w.size !== numEdges || w.shape[0] !== numEdges) {
    throw new ShapeError(`edge weights of shape ${formatShape(w.shape)} must hold one scalar per edge (${numEdges} edges)`);
  }
  return w.ndim === 2 ? w : w.reshape([numEdges, 1]);
}

/** A plain function as is; a module registered on `owner` under `name` and called through forward. */
export function callableOf(owner: Module, name: string, f: Activation | null | undefined): ((x: Tensor) => Tensor) | null {
  if (f === null || f === undefined) return null;
  if (f instanceof Module) {
    const m = owner.registerModule(name, f);
    return (x) => m.forward(x) as Tensor;
  }
  if (typeof f !== 'function') throw new TypeError(`${owner.constructor.name}: ${name} must be a function or a Module`);
  return f;
}


export function checkRate(name: string, p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${name} must be a dropout rate in [0, 1], got ${p}`);
  return p;
}

/** PyG's habit: a conv layer prints on one line, `GATConv(1433, 8, heads=8)`, hiding its sublayers. */
export function oneLine(m: Module): string {
  return `${m.constructor.name}(${m.extraRepr()})`;
}

/** Registers m on owner under name when present (optional sublayers such as a residual projection). */
export function optionalModule<M extends Module>(owner: Module, name: string, m: M | null): M | null {
  return m === null ? null : owner.registerModule(name, m);
}

/** The aggregator of NNConv / GMMConv: 'sum', 'mean' or 'max' (a named error otherwise). */
export function sumMeanMax(layer: string, value: string | undefined, fallback: 'sum' | 'mean' | 'max'): 'sum' | 'mean' | 'max' {
  const v = value ?? fallback;
  if (v !== 'sum' && v !== 'mean' && v !== 'max') throw new DeepGraphError(`${layer}: aggregatorType must be 'sum', 'mean' or 'max', got '${String(v)}'`);
  return v;
}
