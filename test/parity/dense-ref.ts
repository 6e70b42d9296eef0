/** Plain-JS references for the layer tests: in-edge lists, row access, small dense algebra. */
import * as dg from '../../src/index.js';

/** For each destination, its in-edges as [source, edge id] pairs (edge-id order). */
export function inEdgeLists(g: dg.Graph): [number, number][][] {
  const [src, dst] = g.edges();
  const lists: [number, number][][] = Array.from({ length: g.numDstNodes() }, () => []);
  for (let e = 0; e < src.length; e++) lists[dst[e]].push([src[e], e]);
  return lists;
}

/** Row r of a 2-D tensor as numbers. */
export function row(t: dg.Tensor, r: number): number[] {
  const w = t.size / t.shape[0];
  return Array.from(t.data.subarray(r * w, (r + 1) * w));
}

/** x [n] times the transposed weight of a Linear ([out, in]) plus its bias. */
export function linearRef(lin: dg.nn.Linear, x: number[]): number[] {
  const out = lin.outFeatures, inF = lin.inFeatures;
  return Array.from({ length: out }, (_, o) => {
    let s = lin.bias === null ? 0 : lin.bias.data[o];
    for (let i = 0; i < inF; i++) s += lin.weight.data[o * inF + i] * x[i];
    return s;
  });
}

export function softmaxRef(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

export const addVec = (a: number[], b: number[]): number[] => a.map((v, i) => v + b[i]);
export const scaleVec = (a: number[], s: number): number[] => a.map((v) => v * s);
export const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * b[i], 0);

export function f64(shape: number[], seed: number, requiresGrad = false, lo = -1, hi = 1): dg.Tensor {
  let s = seed >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; out[i] = lo + (hi - lo) * (s / 4294967296); }
  return dg.tensor(out, { shape, dtype: 'float64', requiresGrad });
}

/** Four nodes, every one with an in-edge, one multi-edge: the layer tests' graph. */
export function smallGraph(): dg.Graph {
  return dg.graph([[0, 1, 2, 3, 0, 2, 1, 0], [1, 2, 3, 0, 2, 1, 0, 2]], { numNodes: 4 });
}
