/**
 * Builtin message + builtin reduce without per-edge messages. u-op-e (and e-op-u) pairs are one
 * g-SpMM. When one operand lives on the destination (v), it is constant over that node's mailbox,
 * so the reduction only needs the other operand reduced by a copy g-SpMM plus per-node algebra:
 *   sum(a + b) = sum(a) + deg·b      max(a - b) = max(a) - b      sum(a·b) = b·sum(a)
 *   max(a·b)   = b ≥ 0 ? b·max(a) : b·min(a)        b / a = b · (1/a)      sum(a·b dot) = sum(a)·b
 * (nodes without in-edges stay 0). Only dot with max/min has no such form; it returns null and
 * the caller materialises the messages with one g-SDDMM.
 */
import type { Tensor } from '../tensor/tensor.js';
import { neg, where } from '../tensor/elementwise.js';
import type { SparseAdj } from '../graph/sparse.js';
import type { BuiltinMessage, BuiltinReduce, ReduceOpName } from './fn.js';
import type { RelationView } from './batch.js';
import { gspmm } from './gspmm.js';
import { newFloat } from './tensor-util.js';

/** t [rows, ...f] reshaped to [rows, 1, ..., 1, ...f] with nd dimensions (DGL aligns features at the right). */
function align(t: Tensor, nd: number): Tensor {
  return t.ndim >= nd ? t : t.reshape([t.shape[0], ...new Array<number>(nd - t.ndim).fill(1), ...t.shape.slice(1)]);
}

/** Per-destination in-degree (or whether it is positive) as [numDst, 1, ..., 1] with nd dimensions. */
function perDst(adj: SparseAdj, like: Tensor, nd: number, indicator: boolean): Tensor {
  const out = newFloat(like.dtype as 'float32' | 'float64', [adj.numDst, ...new Array<number>(nd - 1).fill(1)]);
  const deg = adj.inDegrees();
  for (let v = 0; v < adj.numDst; v++) out.data[v] = indicator ? (deg[v] > 0 ? 1 : 0) : deg[v];
  return out;
}

const opposite = (r: ReduceOpName): ReduceOpName => (r === 'max' ? 'min' : r === 'min' ? 'max' : r);

/** Reduce over each destination's in-edges of the operand a alone (on sources or edges). */
function reduceOperand(adj: SparseAdj, a: Tensor, onEdges: boolean, r: ReduceOpName): Tensor {
  return onEdges ? gspmm(adj, 'copyRhs', r, null, a) : gspmm(adj, 'copyLhs', r, a, null);
}

/** The u/e pair: one g-SpMM (e-op-u rewritten as u-op-e). */
function fuseUE(adj: SparseAdj, msg: BuiltinMessage & { kind: 'binary' }, x: Tensor, e: Tensor, r: ReduceOpName): Tensor | null {
  const uFirst = msg.lhs === 'u';
  switch (msg.op) {
    case 'add': case 'mul': return gspmm(adj, msg.op, r, x, e);
    case 'sub': return uFirst ? gspmm(adj, 'sub', r, x, e) : neg(gspmm(adj, 'sub', opposite(r), x, e));
    case 'div': return uFirst ? gspmm(adj, 'div', r, x, e) : gspmm(adj, 'mul', r, x.reciprocal(), e);
    case 'dot': return r === 'sum' || r === 'mean' ? gspmm(adj, 'mul', r, x, e).sum(-1, true) : null;
  }
}

/** A pair with a destination operand b: reduce the other operand a, then combine with b per node. */
function fuseWithDst(adj: SparseAdj, msg: BuiltinMessage & { kind: 'binary' }, a: Tensor, aOnEdges: boolean, b: Tensor,
  r: ReduceOpName): Tensor | null {
  const aFirst = msg.rhs === 'v';
  if (msg.op === 'dot') {
    if (r !== 'sum' && r !== 'mean') return null;
    const red = reduceOperand(adj, a, aOnEdges, r), nd = Math.max(red.ndim, b.ndim);
    return align(red, nd).mul(align(b, nd)).sum(-1, true);
  }
  // b / a = b · (1/a): reduce the reciprocal instead, then it is a product.
  const invert = msg.op === 'div' && !aFirst;
  const base = invert ? a.reciprocal() : a;
  const nd = Math.max(base.ndim, b.ndim);
  const B = align(b, nd);
  const red = (k: ReduceOpName): Tensor => align(reduceOperand(adj, base, aOnEdges, k), nd);
  if (msg.op === 'add' || msg.op === 'sub') {
    const sign = msg.op === 'add' || aFirst ? 1 : -1; // message = sign·a ± b
    const reduced = sign === 1 ? red(r) : neg(red(opposite(r)));
    const bTerm = r === 'sum' ? B.mul(perDst(adj, B, nd, false)) : B.mul(perDst(adj, B, nd, true));
    return msg.op === 'add' || !aFirst ? reduced.add(bTerm) : reduced.sub(bTerm);
  }
  // mul, a / b, b / a: a (or 1/a) times b (or 1/b); max / min pick the end by the sign of b.
  const factor = msg.op === 'div' && aFirst ? B.reciprocal() : B;
  if (r === 'sum' || r === 'mean') return red(r).mul(factor);
  const nonNegative = B.ge(0);
  return where(nonNegative, red(r).mul(factor), red(opposite(r)).mul(factor));
}

/** The fused result of a builtin pair, or null when the message has to be materialised first. */
export function fusedBuiltin(rel: RelationView, msg: BuiltinMessage, reduce: BuiltinReduce): Tensor | null {
  if (msg.out !== reduce.msg) return null;
  const r = reduce.op, adj = rel.adj;
  if (msg.kind === 'copy') {
    return msg.target === 'u' ? gspmm(adj, 'copyLhs', r, rel.src.get(msg.field), null)
      : gspmm(adj, 'copyRhs', r, null, rel.edges.get(msg.field));
  }
  const read = (t: 'u' | 'v' | 'e', field: string): Tensor => (t === 'u' ? rel.src : t === 'v' ? rel.dst : rel.edges).get(field);
  const lhs = read(msg.lhs, msg.lhsField), rhs = read(msg.rhs, msg.rhsField);
  if (msg.lhs !== 'v' && msg.rhs !== 'v') {
    return msg.lhs === 'u' ? fuseUE(adj, msg, lhs, rhs, r) : fuseUE(adj, msg, rhs, lhs, r);
  }
  return msg.lhs === 'v' ? fuseWithDst(adj, msg, rhs, msg.rhs === 'e', lhs, r) : fuseWithDst(adj, msg, lhs, msg.lhs === 'e', rhs, r);
}
