/**
 * Built-in message and reduce functions (DGL's dgl.function), as plain data: because a
 * descriptor says what it computes, updateAll can map a builtin pair onto one fused g-SpMM.
 * u = source node, v = destination node, e = edge. Exported as `dg.fn`.
 */
import type { SddmmOp, Target } from '../kernels/backend.js';

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

export type BuiltinMessage = CopyMessage | BinaryMessage;

export type ReduceOpName = 'sum' | 'mean' | 'max' | 'min';

/** Reduces the mailbox field `msg` of each destination into the node field `out`. */
export interface BuiltinReduce {
  readonly kind: 'reduce';
  readonly op: ReduceOpName;
  readonly msg: string;
  readonly out: string;
}

export function isBuiltinMessage(x: unknown): x is BuiltinMessage {
  return typeof x === 'object' && x !== null && ((x as BuiltinMessage).kind === 'copy' || (x as BuiltinMessage).kind === 'binary');
}

export function isBuiltinReduce(x: unknown): x is BuiltinReduce {
  return typeof x === 'object' && x !== null && (x as BuiltinReduce).kind === 'reduce';
}

export const copyU = (field: string, out: string): CopyMessage => ({ kind: 'copy', name: 'copyU', target: 'u', field, out });
export const copyE = (field: string, out: string): CopyMessage => ({ kind: 'copy', name: 'copyE', target: 'e', field, out });

function binary(name: string, op: BinaryMessageOp, lhs: Target, rhs: Target, lhsField: string, rhsField: string,
  out: string): BinaryMessage {
  return { kind: 'binary', name, op, lhs, rhs, lhsField, rhsField, out };
}

// The thirty binary builtins: every ordered pair of distinct targets x {add, sub, mul, div, dot}, as in DGL.
export const uAddV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uAddV', 'add', 'u', 'v', lhs, rhs, out);
export const uSubV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uSubV', 'sub', 'u', 'v', lhs, rhs, out);
export const uMulV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uMulV', 'mul', 'u', 'v', lhs, rhs, out);
export const uDivV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uDivV', 'div', 'u', 'v', lhs, rhs, out);
export const uDotV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uDotV', 'dot', 'u', 'v', lhs, rhs, out);
export const uAddE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uAddE', 'add', 'u', 'e', lhs, rhs, out);
export const uSubE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uSubE', 'sub', 'u', 'e', lhs, rhs, out);
export const uMulE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uMulE', 'mul', 'u', 'e', lhs, rhs, out);
export const uDivE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uDivE', 'div', 'u', 'e', lhs, rhs, out);
export const uDotE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('uDotE', 'dot', 'u', 'e', lhs, rhs, out);
export const vAddU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vAddU', 'add', 'v', 'u', lhs, rhs, out);
export const vSubU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vSubU', 'sub', 'v', 'u', lhs, rhs, out);
export const vMulU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vMulU', 'mul', 'v', 'u', lhs, rhs, out);
export const vDivU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vDivU', 'div', 'v', 'u', lhs, rhs, out);
export const vDotU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vDotU', 'dot', 'v', 'u', lhs, rhs, out);
export const vAddE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vAddE', 'add', 'v', 'e', lhs, rhs, out);
export const vSubE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vSubE', 'sub', 'v', 'e', lhs, rhs, out);
export const vMulE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vMulE', 'mul', 'v', 'e', lhs, rhs, out);
export const vDivE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vDivE', 'div', 'v', 'e', lhs, rhs, out);
export const vDotE = (lhs: string, rhs: string, out: string): BinaryMessage => binary('vDotE', 'dot', 'v', 'e', lhs, rhs, out);
export const eAddU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eAddU', 'add', 'e', 'u', lhs, rhs, out);
export const eSubU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eSubU', 'sub', 'e', 'u', lhs, rhs, out);
export const eMulU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eMulU', 'mul', 'e', 'u', lhs, rhs, out);
export const eDivU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eDivU', 'div', 'e', 'u', lhs, rhs, out);
export const eDotU = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eDotU', 'dot', 'e', 'u', lhs, rhs, out);
export const eAddV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eAddV', 'add', 'e', 'v', lhs, rhs, out);
export const eSubV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eSubV', 'sub', 'e', 'v', lhs, rhs, out);
export const eMulV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eMulV', 'mul', 'e', 'v', lhs, rhs, out);
export const eDivV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eDivV', 'div', 'e', 'v', lhs, rhs, out);
export const eDotV = (lhs: string, rhs: string, out: string): BinaryMessage => binary('eDotV', 'dot', 'e', 'v', lhs, rhs, out);

export const sum = (msg: string, out: string): BuiltinReduce => ({ kind: 'reduce', op: 'sum', msg, out });
export const mean = (msg: string, out: string): BuiltinReduce => ({ kind: 'reduce', op: 'mean', msg, out });
export const max = (msg: string, out: string): BuiltinReduce => ({ kind: 'reduce', op: 'max', msg, out });
export const min = (msg: string, out: string): BuiltinReduce => ({ kind: 'reduce', op: 'min', msg, out });
