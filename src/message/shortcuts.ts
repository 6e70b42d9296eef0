/**
 * Named shortcuts of gspmm and gsddmm, as in dgl.ops (written out so tools can see them).
 * g-SpMM: copyU{Reduce}(g, x), copyE{Reduce}(g, e), u{Op}E{Reduce}(g, x, e): x on source nodes, e on edges.
 * g-SDDMM: {a}{Op}{b}(g, x, y) for distinct targets a, b in u, v, e; copyU / copyV gather node rows onto edges.
 */
import type { Tensor } from '../tensor/tensor.js';
import { gspmm, type GraphLike } from './gspmm.js';
import { gsddmm } from './gsddmm.js';

type Unary = (g: GraphLike, x: Tensor) => Tensor;
type Binary = (g: GraphLike, x: Tensor, y: Tensor) => Tensor;

export const copyUSum: Unary = (g, x) => gspmm(g, 'copyLhs', 'sum', x, null);
export const copyUMax: Unary = (g, x) => gspmm(g, 'copyLhs', 'max', x, null);
export const copyUMin: Unary = (g, x) => gspmm(g, 'copyLhs', 'min', x, null);
export const copyUMean: Unary = (g, x) => gspmm(g, 'copyLhs', 'mean', x, null);
export const copyESum: Unary = (g, e) => gspmm(g, 'copyRhs', 'sum', null, e);
export const copyEMax: Unary = (g, e) => gspmm(g, 'copyRhs', 'max', null, e);
export const copyEMin: Unary = (g, e) => gspmm(g, 'copyRhs', 'min', null, e);
export const copyEMean: Unary = (g, e) => gspmm(g, 'copyRhs', 'mean', null, e);
export const uAddESum: Binary = (g, x, e) => gspmm(g, 'add', 'sum', x, e);
export const uAddEMax: Binary = (g, x, e) => gspmm(g, 'add', 'max', x, e);
export const uAddEMin: Binary = (g, x, e) => gspmm(g, 'add', 'min', x, e);
export const uAddEMean: Binary = (g, x, e) => gspmm(g, 'add', 'mean', x, e);
export const uSubESum: Binary = (g, x, e) => gspmm(g, 'sub', 'sum', x, e);
export const uSubEMax: Binary = (g, x, e) => gspmm(g, 'sub', 'max', x, e);
export const uSubEMin: Binary = (g, x, e) => gspmm(g, 'sub', 'min', x, e);
export const uSubEMean: Binary = (g, x, e) => gspmm(g, 'sub', 'mean', x, e);
export const uMulESum: Binary = (g, x, e) => gspmm(g, 'mul', 'sum', x, e);
export const uMulEMax: Binary = (g, x, e) => gspmm(g, 'mul', 'max', x, e);
export const uMulEMin: Binary = (g, x, e) => gspmm(g, 'mul', 'min', x, e);
export const uMulEMean: Binary = (g, x, e) => gspmm(g, 'mul', 'mean', x, e);
export const uDivESum: Binary = (g, x, e) => gspmm(g, 'div', 'sum', x, e);
export const uDivEMax: Binary = (g, x, e) => gspmm(g, 'div', 'max', x, e);
export const uDivEMin: Binary = (g, x, e) => gspmm(g, 'div', 'min', x, e);
export const uDivEMean: Binary = (g, x, e) => gspmm(g, 'div', 'mean', x, e);

export const copyU: Unary = (g, x) => gsddmm(g, 'copyLhs', x, null, { lhsTarget: 'u' });
export const copyV: Unary = (g, x) => gsddmm(g, 'copyLhs', x, null, { lhsTarget: 'v' });
export const uAddV: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
export const uSubV: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
export const uMulV: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
export const uDivV: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
export const uDotV: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
export const uAddE: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
export const uSubE: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
export const uMulE: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
export const uDivE: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
export const uDotE: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
export const vAddU: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
export const vSubU: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
export const vMulU: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
export const vDivU: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
export const vDotU: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
export const vAddE: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
export const vSubE: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
export const vMulE: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
export const vDivE: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
export const vDotE: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
export const eAddU: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
export const eSubU: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
export const eMulU: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
export const eDivU: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
export const eDotU: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
export const eAddV: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
export const eSubV: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
export const eMulV: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
export const eDivV: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
export const eDotV: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
