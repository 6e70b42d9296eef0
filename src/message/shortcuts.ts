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

/** g-SpMM: sum over each destination's in-edges of the source-node features x (DGL's `dgl.ops.copy_u_sum`). */
export const copyUSum: Unary = (g, x) => gspmm(g, 'copyLhs', 'sum', x, null);
/** g-SpMM: max over each destination's in-edges of the source-node features x (DGL's `dgl.ops.copy_u_max`). */
export const copyUMax: Unary = (g, x) => gspmm(g, 'copyLhs', 'max', x, null);
/** g-SpMM: min over each destination's in-edges of the source-node features x (DGL's `dgl.ops.copy_u_min`). */
export const copyUMin: Unary = (g, x) => gspmm(g, 'copyLhs', 'min', x, null);
/** g-SpMM: mean over each destination's in-edges of the source-node features x (DGL's `dgl.ops.copy_u_mean`). */
export const copyUMean: Unary = (g, x) => gspmm(g, 'copyLhs', 'mean', x, null);
/** g-SpMM: sum over each destination's in-edges of the edge features e (DGL's `dgl.ops.copy_e_sum`). */
export const copyESum: Unary = (g, e) => gspmm(g, 'copyRhs', 'sum', null, e);
/** g-SpMM: max over each destination's in-edges of the edge features e (DGL's `dgl.ops.copy_e_max`). */
export const copyEMax: Unary = (g, e) => gspmm(g, 'copyRhs', 'max', null, e);
/** g-SpMM: min over each destination's in-edges of the edge features e (DGL's `dgl.ops.copy_e_min`). */
export const copyEMin: Unary = (g, e) => gspmm(g, 'copyRhs', 'min', null, e);
/** g-SpMM: mean over each destination's in-edges of the edge features e (DGL's `dgl.ops.copy_e_mean`). */
export const copyEMean: Unary = (g, e) => gspmm(g, 'copyRhs', 'mean', null, e);
/** g-SpMM: message x[src] + e[edge], sum-reduced per destination (DGL's `dgl.ops.u_add_e_sum`). */
export const uAddESum: Binary = (g, x, e) => gspmm(g, 'add', 'sum', x, e);
/** g-SpMM: message x[src] + e[edge], max-reduced per destination (DGL's `dgl.ops.u_add_e_max`). */
export const uAddEMax: Binary = (g, x, e) => gspmm(g, 'add', 'max', x, e);
/** g-SpMM: message x[src] + e[edge], min-reduced per destination (DGL's `dgl.ops.u_add_e_min`). */
export const uAddEMin: Binary = (g, x, e) => gspmm(g, 'add', 'min', x, e);
/** g-SpMM: message x[src] + e[edge], mean-reduced per destination (DGL's `dgl.ops.u_add_e_mean`). */
export const uAddEMean: Binary = (g, x, e) => gspmm(g, 'add', 'mean', x, e);
/** g-SpMM: message x[src] - e[edge], sum-reduced per destination (DGL's `dgl.ops.u_sub_e_sum`). */
export const uSubESum: Binary = (g, x, e) => gspmm(g, 'sub', 'sum', x, e);
/** g-SpMM: message x[src] - e[edge], max-reduced per destination (DGL's `dgl.ops.u_sub_e_max`). */
export const uSubEMax: Binary = (g, x, e) => gspmm(g, 'sub', 'max', x, e);
/** g-SpMM: message x[src] - e[edge], min-reduced per destination (DGL's `dgl.ops.u_sub_e_min`). */
export const uSubEMin: Binary = (g, x, e) => gspmm(g, 'sub', 'min', x, e);
/** g-SpMM: message x[src] - e[edge], mean-reduced per destination (DGL's `dgl.ops.u_sub_e_mean`). */
export const uSubEMean: Binary = (g, x, e) => gspmm(g, 'sub', 'mean', x, e);
/** g-SpMM: message x[src] * e[edge], sum-reduced per destination (DGL's `dgl.ops.u_mul_e_sum`). */
export const uMulESum: Binary = (g, x, e) => gspmm(g, 'mul', 'sum', x, e);
/** g-SpMM: message x[src] * e[edge], max-reduced per destination (DGL's `dgl.ops.u_mul_e_max`). */
export const uMulEMax: Binary = (g, x, e) => gspmm(g, 'mul', 'max', x, e);
/** g-SpMM: message x[src] * e[edge], min-reduced per destination (DGL's `dgl.ops.u_mul_e_min`). */
export const uMulEMin: Binary = (g, x, e) => gspmm(g, 'mul', 'min', x, e);
/** g-SpMM: message x[src] * e[edge], mean-reduced per destination (DGL's `dgl.ops.u_mul_e_mean`). */
export const uMulEMean: Binary = (g, x, e) => gspmm(g, 'mul', 'mean', x, e);
/** g-SpMM: message x[src] / e[edge], sum-reduced per destination (DGL's `dgl.ops.u_div_e_sum`). */
export const uDivESum: Binary = (g, x, e) => gspmm(g, 'div', 'sum', x, e);
/** g-SpMM: message x[src] / e[edge], max-reduced per destination (DGL's `dgl.ops.u_div_e_max`). */
export const uDivEMax: Binary = (g, x, e) => gspmm(g, 'div', 'max', x, e);
/** g-SpMM: message x[src] / e[edge], min-reduced per destination (DGL's `dgl.ops.u_div_e_min`). */
export const uDivEMin: Binary = (g, x, e) => gspmm(g, 'div', 'min', x, e);
/** g-SpMM: message x[src] / e[edge], mean-reduced per destination (DGL's `dgl.ops.u_div_e_mean`). */
export const uDivEMean: Binary = (g, x, e) => gspmm(g, 'div', 'mean', x, e);

/** g-SDDMM: copies the source-node rows of x onto the edges, one row per edge (DGL's `dgl.ops.copy_u`). */
export const copyU: Unary = (g, x) => gsddmm(g, 'copyLhs', x, null, { lhsTarget: 'u' });
/** g-SDDMM: copies the destination-node rows of x onto the edges, one row per edge (DGL's `dgl.ops.copy_v`). */
export const copyV: Unary = (g, x) => gsddmm(g, 'copyLhs', x, null, { lhsTarget: 'v' });
/** g-SDDMM: per edge, the sum of the source-node rows of x and the destination-node rows of y (DGL's `dgl.ops.u_add_v`). */
export const uAddV: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
/** g-SDDMM: per edge, the difference of the source-node rows of x and the destination-node rows of y (DGL's `dgl.ops.u_sub_v`). */
export const uSubV: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
/** g-SDDMM: per edge, the product of the source-node rows of x and the destination-node rows of y (DGL's `dgl.ops.u_mul_v`). */
export const uMulV: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
/** g-SDDMM: per edge, the quotient of the source-node rows of x and the destination-node rows of y (DGL's `dgl.ops.u_div_v`). */
export const uDivV: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
/** g-SDDMM: per edge, the dot product (over the last dimension) of the source-node rows of x and the destination-node rows of y (DGL's `dgl.ops.u_dot_v`). */
export const uDotV: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'u', rhsTarget: 'v' });
/** g-SDDMM: per edge, the sum of the source-node rows of x and the edge rows of y (DGL's `dgl.ops.u_add_e`). */
export const uAddE: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
/** g-SDDMM: per edge, the difference of the source-node rows of x and the edge rows of y (DGL's `dgl.ops.u_sub_e`). */
export const uSubE: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
/** g-SDDMM: per edge, the product of the source-node rows of x and the edge rows of y (DGL's `dgl.ops.u_mul_e`). */
export const uMulE: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
/** g-SDDMM: per edge, the quotient of the source-node rows of x and the edge rows of y (DGL's `dgl.ops.u_div_e`). */
export const uDivE: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
/** g-SDDMM: per edge, the dot product (over the last dimension) of the source-node rows of x and the edge rows of y (DGL's `dgl.ops.u_dot_e`). */
export const uDotE: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'u', rhsTarget: 'e' });
/** g-SDDMM: per edge, the sum of the destination-node rows of x and the source-node rows of y (DGL's `dgl.ops.v_add_u`). */
export const vAddU: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
/** g-SDDMM: per edge, the difference of the destination-node rows of x and the source-node rows of y (DGL's `dgl.ops.v_sub_u`). */
export const vSubU: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
/** g-SDDMM: per edge, the product of the destination-node rows of x and the source-node rows of y (DGL's `dgl.ops.v_mul_u`). */
export const vMulU: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
/** g-SDDMM: per edge, the quotient of the destination-node rows of x and the source-node rows of y (DGL's `dgl.ops.v_div_u`). */
export const vDivU: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
/** g-SDDMM: per edge, the dot product (over the last dimension) of the destination-node rows of x and the source-node rows of y (DGL's `dgl.ops.v_dot_u`). */
export const vDotU: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'v', rhsTarget: 'u' });
/** g-SDDMM: per edge, the sum of the destination-node rows of x and the edge rows of y (DGL's `dgl.ops.v_add_e`). */
export const vAddE: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
/** g-SDDMM: per edge, the difference of the destination-node rows of x and the edge rows of y (DGL's `dgl.ops.v_sub_e`). */
export const vSubE: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
/** g-SDDMM: per edge, the product of the destination-node rows of x and the edge rows of y (DGL's `dgl.ops.v_mul_e`). */
export const vMulE: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
/** g-SDDMM: per edge, the quotient of the destination-node rows of x and the edge rows of y (DGL's `dgl.ops.v_div_e`). */
export const vDivE: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
/** g-SDDMM: per edge, the dot product (over the last dimension) of the destination-node rows of x and the edge rows of y (DGL's `dgl.ops.v_dot_e`). */
export const vDotE: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'v', rhsTarget: 'e' });
/** g-SDDMM: per edge, the sum of the edge rows of x and the source-node rows of y (DGL's `dgl.ops.e_add_u`). */
export const eAddU: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
/** g-SDDMM: per edge, the difference of the edge rows of x and the source-node rows of y (DGL's `dgl.ops.e_sub_u`). */
export const eSubU: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
/** g-SDDMM: per edge, the product of the edge rows of x and the source-node rows of y (DGL's `dgl.ops.e_mul_u`). */
export const eMulU: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
/** g-SDDMM: per edge, the quotient of the edge rows of x and the source-node rows of y (DGL's `dgl.ops.e_div_u`). */
export const eDivU: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
/** g-SDDMM: per edge, the dot product (over the last dimension) of the edge rows of x and the source-node rows of y (DGL's `dgl.ops.e_dot_u`). */
export const eDotU: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'e', rhsTarget: 'u' });
/** g-SDDMM: per edge, the sum of the edge rows of x and the destination-node rows of y (DGL's `dgl.ops.e_add_v`). */
export const eAddV: Binary = (g, x, y) => gsddmm(g, 'add', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
/** g-SDDMM: per edge, the difference of the edge rows of x and the destination-node rows of y (DGL's `dgl.ops.e_sub_v`). */
export const eSubV: Binary = (g, x, y) => gsddmm(g, 'sub', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
/** g-SDDMM: per edge, the product of the edge rows of x and the destination-node rows of y (DGL's `dgl.ops.e_mul_v`). */
export const eMulV: Binary = (g, x, y) => gsddmm(g, 'mul', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
/** g-SDDMM: per edge, the quotient of the edge rows of x and the destination-node rows of y (DGL's `dgl.ops.e_div_v`). */
export const eDivV: Binary = (g, x, y) => gsddmm(g, 'div', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
/** g-SDDMM: per edge, the dot product (over the last dimension) of the edge rows of x and the destination-node rows of y (DGL's `dgl.ops.e_dot_v`). */
export const eDotV: Binary = (g, x, y) => gsddmm(g, 'dot', x, y, { lhsTarget: 'e', rhsTarget: 'v' });
