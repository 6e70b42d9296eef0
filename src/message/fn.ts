/**
 * Built-in message and reduce functions (DGL's dgl.function), as plain data: because a
 * descriptor says what it computes, updateAll can map a builtin pair onto one fused g-SpMM.
 * u = source node, v = destination node, e = edge. Exported as `dg.fn`.
 */
import type { SddmmOp, Target } from '../kernels/backend.js';

/** The operators of builtin binary messages. */
export type BinaryMessageOp = Exclude<SddmmOp, 'copyLhs' | 'copyRhs'>;

/** Copies a source-node (u) or edge (e) feature into the message field `out`. */
export interface CopyMessage {
  readonly kind: 'copy';
  readonly name: 'copyU' | 'copyE';
  readonly target: 'u' | 'e';
  readonly field: string;
  readonly out: string;
}

/** out = lhs op rhs, each operand read from its target (u, v or e). */
export interface BinaryMessage {
  readonly kind: 'binary';
  readonly name: string;
  readonly op: BinaryMessageOp;
  readonly lhs: Target;
  readonly rhs: Target;
  readonly lhsField: string;
  readonly rhsField: string;
  readonly out: string;
}

/** Any builtin message function (`dg.fn.copyU`, `dg.fn.uMulE`, ...). */
export type BuiltinMessage = CopyMessage | BinaryMessage;

/** The builtin reducers. */
export type ReduceOpName = 'sum' | 'mean' | 'max' | 'min';

/** Reduces the mailbox field `msg` of each destination into the node field `out`. */
export interface BuiltinReduce {
  readonly kind: 'reduce';
  readonly op: ReduceOpName;
  readonly msg: string;
  readonly out: string;
}

/** Whether x is a builtin message (lowered to a fused kernel) rather than a UDF. */
export function isBuiltinMessage(x: unknown): x is BuiltinMessage {
  return typeof x === 'object' && x !== null && ((x as BuiltinMessage).kind === 'copy' || (x as BuiltinMessage).kind === 'binary');
}

/** Whether x is a builtin reducer rather than a UDF. */
export function isBuiltinReduce(x: unknown): x is BuiltinReduce {
  return typeof x === 'object' && x !== null && (x as BuiltinReduce).kind === 'reduce';
}

/** Builtin message: copies the source-node feature `field` into message `out` (DGL's `dgl.function.copy_u`). */
export const copyU = (field: string, out: string): CopyMessage => ({ kind: 'copy', name: 'copyU', target: 'u', field, out });
/** Builtin message: copies the edge feature `field` into message `out` (DGL's `dgl.function.copy_e`). */
export const copyE = (field: string, out: string): CopyMessage => ({ kind: 'copy', name: 'copyE', target: 'e', field, out });

function binary(name: string, op: BinaryMessageOp, lhs: Target, rhs: Target, lhsField: string, rhsField: string,
  out: string): BinaryMessage {
  return { kind: 'binary', name, op, lhs, rhs, lhsField, rhsField, out };
}

// The thirty binary builtins: every ordered pair of distinct targets x {add, sub, mul, div, dot}, as in DGL.
/** Builtin message: the sum of source-node feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.u_add_v`). */
export const uAddV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uAddV', 'add', 'u', 'v', lhs, rhs, out);
/** Builtin message: the difference of source-node feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.u_sub_v`). */
export const uSubV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uSubV', 'sub', 'u', 'v', lhs, rhs, out);
/** Builtin message: the product of source-node feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.u_mul_v`). */
export const uMulV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uMulV', 'mul', 'u', 'v', lhs, rhs, out);
/** Builtin message: the quotient of source-node feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.u_div_v`). */
export const uDivV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uDivV', 'div', 'u', 'v', lhs, rhs, out);
/** Builtin message: the dot product (over the last dimension) of source-node feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.u_dot_v`). */
export const uDotV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uDotV', 'dot', 'u', 'v', lhs, rhs, out);
/** Builtin message: the sum of source-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.u_add_e`). */
export const uAddE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uAddE', 'add', 'u', 'e', lhs, rhs, out);
/** Builtin message: the difference of source-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.u_sub_e`). */
export const uSubE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uSubE', 'sub', 'u', 'e', lhs, rhs, out);
/** Builtin message: the product of source-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.u_mul_e`). */
export const uMulE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uMulE', 'mul', 'u', 'e', lhs, rhs, out);
/** Builtin message: the quotient of source-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.u_div_e`). */
export const uDivE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uDivE', 'div', 'u', 'e', lhs, rhs, out);
/** Builtin message: the dot product (over the last dimension) of source-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.u_dot_e`). */
export const uDotE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uDotE', 'dot', 'u', 'e', lhs, rhs, out);
/** Builtin message: the sum of destination-node feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.v_add_u`). */
export const vAddU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vAddU', 'add', 'v', 'u', lhs, rhs, out);
/** Builtin message: the difference of destination-node feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.v_sub_u`). */
export const vSubU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vSubU', 'sub', 'v', 'u', lhs, rhs, out);
/** Builtin message: the product of destination-node feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.v_mul_u`). */
export const vMulU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vMulU', 'mul', 'v', 'u', lhs, rhs, out);
/** Builtin message: the quotient of destination-node feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.v_div_u`). */
export const vDivU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vDivU', 'div', 'v', 'u', lhs, rhs, out);
/** Builtin message: the dot product (over the last dimension) of destination-node feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.v_dot_u`). */
export const vDotU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vDotU', 'dot', 'v', 'u', lhs, rhs, out);
/** Builtin message: the sum of destination-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.v_add_e`). */
export const vAddE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vAddE', 'add', 'v', 'e', lhs, rhs, out);
/** Builtin message: the difference of destination-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.v_sub_e`). */
export const vSubE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vSubE', 'sub', 'v', 'e', lhs, rhs, out);
/** Builtin message: the product of destination-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.v_mul_e`). */
export const vMulE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vMulE', 'mul', 'v', 'e', lhs, rhs, out);
/** Builtin message: the quotient of destination-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.v_div_e`). */
export const vDivE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vDivE', 'div', 'v', 'e', lhs, rhs, out);
/** Builtin message: the dot product (over the last dimension) of destination-node feature `lhs` and edge feature `rhs`, as message `out` (DGL's `dgl.function.v_dot_e`). */
export const vDotE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vDotE', 'dot', 'v', 'e', lhs, rhs, out);
/** Builtin message: the sum of edge feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.e_add_u`). */
export const eAddU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eAddU', 'add', 'e', 'u', lhs, rhs, out);
/** Builtin message: the difference of edge feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.e_sub_u`). */
export const eSubU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eSubU', 'sub', 'e', 'u', lhs, rhs, out);
/** Builtin message: the product of edge feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.e_mul_u`). */
export const eMulU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eMulU', 'mul', 'e', 'u', lhs, rhs, out);
/** Builtin message: the quotient of edge feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.e_div_u`). */
export const eDivU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eDivU', 'div', 'e', 'u', lhs, rhs, out);
/** Builtin message: the dot product (over the last dimension) of edge feature `lhs` and source-node feature `rhs`, as message `out` (DGL's `dgl.function.e_dot_u`). */
export const eDotU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eDotU', 'dot', 'e', 'u', lhs, rhs, out);
/** Builtin message: the sum of edge feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.e_add_v`). */
export const eAddV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eAddV', 'add', 'e', 'v', lhs, rhs, out);
/** Builtin message: the difference of edge feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.e_sub_v`). */
export const eSubV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eSubV', 'sub', 'e', 'v', lhs, rhs, out);
/** Builtin message: the product of edge feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.e_mul_v`). */
export const eMulV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eMulV', 'mul', 'e', 'v', lhs, rhs, out);
/** Builtin message: the quotient of edge feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.e_div_v`). */
export const eDivV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eDivV', 'div', 'e', 'v', lhs, rhs, out);
/** Builtin message: the dot product (over the last dimension) of edge feature `lhs` and destination-node feature `rhs`, as message `out` (DGL's `dgl.function.e_dot_v`). */
export const eDotV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eDotV', 'dot', 'e', 'v', lhs, rhs, out);

/** Builtin reducer: sum of the messages `msg` of each destination into node feature `out` (DGL's `dgl.function.sum`). */
export const sum = (msg: string, out: string): BuiltinReduce => ({ kind: 'reduce', op: 'sum', msg, out });
/** Builtin reducer: mean of the messages `msg` of each destination into node feature `out` (DGL's `dgl.function.mean`). */
export const mean = (msg: string, out: string): BuiltinReduce => ({ kind: 'reduce', op: 'mean', msg, out });
/** Builtin reducer: max of the messages `msg` of each destination into node feature `out` (DGL's `dgl.function.max`). */
export const max = (msg: string, out: string): BuiltinReduce => ({ kind: 'reduce', op: 'max', msg, out });
/** Builtin reducer: min of the messages `msg` of each destination into node feature `out` (DGL's `dgl.function.min`). */
export const min = (msg: string, out: string): BuiltinReduce => ({ kind: 'reduce', op: 'min', msg, out });
