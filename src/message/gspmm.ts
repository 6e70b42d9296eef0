import type { FloatArray, SpmmOp, SpmmReduce } from '../kernels/backend.js';
import type { FloatDType } from '../tensor/dtype.js';
import { getBackend } from '../kernels/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../tensor/tape.js';
import { div, mul, neg } from '../tensor/elementwise.js';
import { type EtypeKey, type HasSparse, type SparseAdj, toAdj } from '../graph/sparse.js';
import { broadcastFeatures, checkRows, commonDType, newFloat, newFloatUninit, reduceFeatures } from './tensor-util.js';
import { gsddmm } from './gsddmm.js';
import { extremeGrads } from './arg-grad.js';

/** A graph or its sparse adjacency (the kernels need only the latter). */
export type GraphLike = SparseAdj | HasSparse;
/** The reducers of `gspmm`. */
export type ReduceName = SpmmReduce | 'mean';

const SPMM_OPS: readonly SpmmOp[] = ['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs'];
const REDUCE_NAMES: readonly ReduceName[] = ['sum', 'max', 'min', 'mean'];

/**
 * Generalised sparse-dense matrix multiplication (DGL's gspmm): for every destination v,
 * out[v] = reduce over in-edges (u -e-> v) of op(lhs[u], rhs[e]), computed in one pass without
 * materialising the messages. lhs is [numSrc, ...], rhs is [numEdges, ...]; feature shapes
 * broadcast. Destinations without in-edges get 0. mean = sum / in-degree.
 */
export function gspmm(g: GraphLike, op: SpmmOp, reduce: ReduceName, lhs: Tensor | null, rhs: Tensor | null,
  etype?: EtypeKey): Tensor {
  const adj = toAdj(g, etype);
  const name = `gspmm(${op}, ${reduce})`;
  // Names are checked here, above every backend (the TypeScript kernel would otherwise return NaN).
  if (!SPMM_OPS.includes(op)) throw new RangeError(`${name}: unknown op '${String(op)}' (ops: ${SPMM_OPS.join(', ')})`);
  if (!REDUCE_NAMES.includes(reduce)) throw new RangeError(`${name}: unknown reduce '${String(reduce)}' (reducers: ${REDUCE_NAMES.join(', ')})`);
  const usesLhs = op !== 'copyRhs', usesRhs = op !== 'copyLhs';
  if (usesLhs && lhs === null) throw new TypeError(`${name}: lhs is required`);
  if (usesRhs && rhs === null) throw new TypeError(`${name}: rhs is required`);
  const x = usesLhs ? lhs : null, y = usesRhs ? rhs : null;
  const dtype = commonDType(name, [['lhs', x], ['rhs', y]]);
  if (x !== null) checkRows(name, 'lhs', x, adj.numSrc, 'u');
  if (y !== null) checkRows(name, 'rhs', y, adj.numEdges, 'e');
  const lf = x === null ? [] : x.shape.slice(1), rf = y === null ? [] : y.shape.slice(1);
  const outF = x === null ? rf : y === null ? lf : broadcastFeatures(name, x, y, lf, rf);
  const mean = reduce === 'mean';
  const kernelReduce: SpmmReduce = mean ? 'sum' : reduce;
  // Every kernel writes each output row, in-degree 0 included (0 for sum; max / min: 0 with argU -1).
  const out = newFloatUninit(dtype, [adj.numDst, ...outF]);
  const csc = adj.csc();
  const extreme = kernelReduce !== 'sum';
  const argU = extreme ? new Int32Array(out.size) : null, argE = extreme ? new Int32Array(out.size) : null;
  const backend = getBackend();
  backend.gspmm({
    op, reduce: kernelReduce, numSrc: adj.numSrc, numDst: adj.numDst, numEdges: adj.numEdges,
    indptr: csc.indptr, indices: csc.indices, eids: csc.eids,
    lhs: x === null ? null : x.data as FloatArray, lhsShape: lf,
    rhs: y === null ? null : y.data as FloatArray, rhsShape: rf,
    out: out.data as FloatArray, outShape: outF, argU, argE,
  });
  // mean = sum / in-degree, scaled in the sum's own buffer (one op, no second [N, F] tensor). The
  // backward scales a copy of the gradient: carrying 1 / in-degree on the edges of the reverse pass
  // instead reads the edge values in reverse (scattered) order, slower than the copy (uMulE-sum 225
  // vs copyU-sum 139 ms CPU on 1M / 10M / 64).
  const inv = mean ? inverseDegrees(adj, dtype) : null;
  if (inv !== null && out.size > 0) {
    const rowShape = [adj.numDst, out.size / Math.max(adj.numDst, 1)];
    backend.binary('mul', out.data as FloatArray, rowShape, inv.data as FloatArray, [adj.numDst, 1], out.data as FloatArray, rowShape);
  }
  const inputs = [x, y].filter((t): t is Tensor => t !== null);
  return record(out, name, inputs, (grad) => {
    let gx: Tensor | null, gy: Tensor | null;
    if (extreme) [gx, gy] = extremeGrads(op, grad, x, y, argU!, argE!, adj.numSrc, adj.numEdges);
    else [gx, gy] = sumGrads(adj, op, inv === null ? grad : mul(grad, inv.reshape(alignedRows(adj.numDst, grad.ndim))), x, y);
    return x === null ? [gy] : y === null ? [gx] : [gx, gy];
  }, { adj, op, reduce, lhs: x, rhs: y });
}

const alignedRows = (rows: number, nd: number): number[] => [rows, ...new Array<number>(nd - 1).fill(1)];

const inverseCache = new WeakMap<SparseAdj, Map<string, Tensor>>();

function cached(adj: SparseAdj, key: string, make: () => Tensor): Tensor {
  let m = inverseCache.get(adj);
  if (m === undefined) { m = new Map(); inverseCache.set(adj, m); }
  let t = m.get(key);
  if (t === undefined) { t = make(); m.set(key, t); }
  return t;
}

/** 1 / max(in-degree, 1) per destination, [numDst] (cached per structure and dtype). */
function inverseDegrees(adj: SparseAdj, dtype: FloatDType): Tensor {
  return cached(adj, `dst-${dtype}`, () => {
    const deg = adj.inDegrees();
    const inv = newFloat(dtype, [adj.numDst]);
    for (let v = 0; v < adj.numDst; v++) inv.data[v] = 1 / Math.max(deg[v], 1);
    return inv;
  });
}

/**
 * Backward of a sum g-SpMM: g-SpMM on the reversed graph for lhs, g-SDDMM for rhs (DGL's rule).
 * Nothing wider than its operand is built on the edges: an edge operand broadcast over the last
 * feature dimension (GAT's attention [E, H, 1] against [N, H, F]) gets its gradient from a g-SDDMM
 * dot, and one broadcast over other dimensions has the gradient reduced on the nodes before it is
 * copied onto the edges.
 */
function sumGrads(adj: SparseAdj, op: SpmmOp, grad: Tensor, x: Tensor | null, y: Tensor | null): [Tensor | null, Tensor | null] {
  let gx: Tensor | null = null, gy: Tensor | null = null;
  if (x !== null && x.requiresGrad) {
    const rev = adj.reverse();
    const full = op === 'mul' || op === 'div' ? gspmm(rev, op, 'sum', grad, y) : gspmm(rev, 'copyLhs', 'sum', grad, null);
    gx = reduceFeatures(full, x.shape);
  }
  if (y !== null && y.requiresGrad) {
    if (op === 'mul' || op === 'div') {
      // sum over y's broadcast dims of x[u] * grad[v]; for div, y is constant over them, so
      // d(x/y)/dy = -x/y^2 is applied after the reduction.
      const prod = reduceFeatures(edgeProduct(adj, x!, grad, y.shape.slice(1)), y.shape);
      gy = op === 'mul' ? prod : neg(div(div(prod, y), y));
    } else {
      // copyRhs / add / sub: the destination's gradient on every edge, reduced first on the nodes.
      const onDst = reduceFeatures(grad, [adj.numDst, ...y.shape.slice(1)]);
      const full = gsddmm(adj, 'copyRhs', null, onDst, { rhsTarget: 'v' });
      gy = op === 'sub' ? neg(full) : full;
    }
  }
  return [gx, gy];
}

/**
 * x[u] * grad[v] on every edge, to be reduced to the edge operand's feature shape rf. When that
 * operand is broadcast over the last dimension (rf ends in 1 or is empty) and x is not, the product
 * is contracted over it right away: a g-SDDMM dot, [E, ..., 1]. Otherwise the product is built.
 */
function edgeProduct(adj: SparseAdj, x: Tensor, grad: Tensor, rf: readonly number[]): Tensor {
  const outF = grad.shape.slice(1), lf = x.shape.slice(1);
  const last = outF.length === 0 ? 1 : outF[outF.length - 1];
  const edgeBroadcast = rf.length === 0 || rf[rf.length - 1] === 1;
  if (last > 1 && edgeBroadcast && lf.length > 0 && lf[lf.length - 1] === last) {
    return gsddmm(adj, 'dot', x, grad, { lhsTarget: 'u', rhsTarget: 'v' });
  }
  return gsddmm(adj, 'mul', x, grad, { lhsTarget: 'u', rhsTarget: 'v' });
}
