import type { FloatArray, SddmmOp, Target } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../tensor/tape.js';
import { neg, reciprocal } from '../tensor/elementwise.js';
import { type EtypeKey, type HasSparse, type SparseAdj, toAdj } from '../graph/sparse.js';
import { broadcastFeatures, checkRows, commonDType, newFloat, reduceFeatures, rowsOfTarget } from './tensor-util.js';
import { gspmm } from './gspmm.js';

/** Options of `gsddmm`: where each operand lives (u, v or e). */
export interface SddmmOptions {
  /** Where lhs lives: 'u' (source nodes, default), 'v' (destinations) or 'e' (edges). */
  lhsTarget?: Target;
  /** Where rhs lives; 'v' by default. */
  rhsTarget?: Target;
  etype?: EtypeKey;
}

const SDDMM_OPS: readonly SddmmOp[] = ['add', 'sub', 'mul', 'div', 'dot', 'copyLhs', 'copyRhs'];

/**
 * Generalised sampled dense-dense matrix multiplication (DGL's gsddmm): for every edge
 * u -e-> v, out[e] = op(lhs[target], rhs[target]). Feature shapes broadcast; `dot` contracts
 * the last dimension and keeps it as size 1.
 */
export function gsddmm(g: SparseAdj | HasSparse, op: SddmmOp, lhs: Tensor | null, rhs: Tensor | null,
  opts: SddmmOptions = {}): Tensor {
  const adj = toAdj(g, opts.etype);
  const lt = opts.lhsTarget ?? 'u', rt = opts.rhsTarget ?? 'v';
  const name = `gsddmm(${op}, ${lt}, ${rt})`;
  if (!SDDMM_OPS.includes(op)) throw new RangeError(`${name}: unknown op '${String(op)}' (ops: ${SDDMM_OPS.join(', ')})`);
  const usesLhs = op !== 'copyRhs', usesRhs = op !== 'copyLhs';
  if (usesLhs && lhs === null) throw new TypeError(`${name}: lhs is required`);
  if (usesRhs && rhs === null) throw new TypeError(`${name}: rhs is required`);
  const x = usesLhs ? lhs : null, y = usesRhs ? rhs : null;
  const dtype = commonDType(name, [['lhs', x], ['rhs', y]]);
  if (x !== null) checkRows(name, 'lhs', x, rowsOfTarget(adj, lt), lt);
  if (y !== null) checkRows(name, 'rhs', y, rowsOfTarget(adj, rt), rt);
  const lf = x === null ? [] : x.shape.slice(1), rf = y === null ? [] : y.shape.slice(1);
  let outF: number[];
  if (op === 'dot') {
    if (lf.length === 0 || rf.length === 0 || lf[lf.length - 1] !== rf[rf.length - 1]) {
      throw new ShapeError(`${name}: lhs of shape ${formatShape(x!.shape)} and rhs of shape ${formatShape(y!.shape)} ` +
        'must have the same last dimension');
    }
    outF = [...broadcastFeatures(name, x!, y!, lf.slice(0, -1), rf.slice(0, -1)), 1];
  } else {
    outF = x === null ? rf : y === null ? lf : broadcastFeatures(name, x, y, lf, rf);
  }
  const out = newFloat(dtype, [adj.numEdges, ...outF]);
  const coo = adj.coo();
  getBackend().gsddmm({
    op, numSrc: adj.numSrc, numDst: adj.numDst, numEdges: adj.numEdges, src: coo.src, dst: coo.dst,
    lhs: x === null ? null : x.data as FloatArray, lhsTarget: lt, lhsShape: lf,
    rhs: y === null ? null : y.data as FloatArray, rhsTarget: rt, rhsShape: rf,
    out: out.data as FloatArray, outShape: outF,
  });
  const inputs = [x, y].filter((t): t is Tensor => t !== null);
  return record(out, name, inputs, (grad) => {
    const gx = x !== null && x.requiresGrad ? lhsGrad(adj, op, grad, y, rt, lt, x) : null;
    const gy = y !== null && y.requiresGrad ? rhsGrad(adj, op, grad, x, lt, rt, y, out) : null;
    return x === null ? [gy] : y === null ? [gx] : [gx, gy];
  }, { adj, op, lhsTarget: lt, rhsTarget: rt, lhs: x, rhs: y });
}

const onEdges = (t: Target): SddmmOptions => ({ lhsTarget: 'e', rhsTarget: t });

/** Sums per-edge gradients onto the rows of `target` (a copy-edge g-SpMM), then onto the operand's shape. */
function toTarget(adj: SparseAdj, perEdge: Tensor, target: Target, like: Tensor): Tensor {
  const rows = target === 'e' ? perEdge
    : target === 'v' ? gspmm(adj, 'copyRhs', 'sum', null, perEdge)
      : gspmm(adj.reverse(), 'copyRhs', 'sum', null, perEdge);
  return reduceFeatures(rows, like.shape);
}

/**
 * The gradient of the operand on `target` of a product g-SDDMM (mul, dot, or div via 1/other):
 * sum over the target node's edges of grad[e] * other[end] where `other` lives on the edge's other
 * end. That is one g-SpMM (u-mul-e on the graph or its reverse), so no [E, ...] product of the
 * two is built (for dot, grad is [E, ..., 1] and other [.., F]). Null when the operands do not sit
 * on the two ends of the edges.
 */
function productToNode(adj: SparseAdj, grad: Tensor, other: Tensor, otherTarget: Target, target: Target,
  like: Tensor): Tensor | null {
  if (target === 'u' && otherTarget === 'v') return reduceFeatures(gspmm(adj.reverse(), 'mul', 'sum', other, grad), like.shape);
  if (target === 'v' && otherTarget === 'u') return reduceFeatures(gspmm(adj, 'mul', 'sum', other, grad), like.shape);
  return null;
}

function lhsGrad(adj: SparseAdj, op: SddmmOp, grad: Tensor, y: Tensor | null, rt: Target, lt: Target, x: Tensor): Tensor {
  if (op === 'mul' || op === 'dot' || op === 'div') {
    const other = op === 'div' ? reciprocal(y!) : y!;
    const direct = productToNode(adj, grad, other, rt, lt, x);
    if (direct !== null) return direct;
  }
  let perEdge: Tensor;
  if (op === 'mul' || op === 'dot') perEdge = gsddmm(adj, 'mul', grad, y, onEdges(rt));
  else if (op === 'div') perEdge = gsddmm(adj, 'div', grad, y, onEdges(rt));
  else perEdge = grad;
  return toTarget(adj, perEdge, lt, x);
}

function rhsGrad(adj: SparseAdj, op: SddmmOp, grad: Tensor, x: Tensor | null, lt: Target, rt: Target, y: Tensor,
  out: Tensor): Tensor {
  if (op === 'mul' || op === 'dot') {
    const direct = productToNode(adj, grad, x!, lt, rt, y);
    if (direct !== null) return direct;
  }
  let perEdge: Tensor;
  if (op === 'mul' || op === 'dot') perEdge = gsddmm(adj, 'mul', grad, x, onEdges(lt));
  else if (op === 'div') {
    // d(x/y)/dy = -(x/y) / y = -out / y, with out this op's own result.
    perEdge = neg(gsddmm(adj, 'mul', gsddmm(adj, 'div', grad, y, onEdges(rt)), out.detach(), onEdges('e')));
  } else perEdge = op === 'sub' ? neg(grad) : grad;
  return toTarget(adj, perEdge, rt, y);
}
