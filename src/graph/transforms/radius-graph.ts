import type { Graph } from '../graph.js';
import { ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { graph } from '../construct.js';

/** Options of `radiusGraph` (DGL's `dgl.radius_graph`). */
export interface RadiusGraphOptions {
  /** The p of the p-norm distance (default 2). */
  p?: number;
  /** Keep i -> i edges (default false). */
  selfLoop?: boolean;
}

/**
 * Edges i -> j between every pair of points of x [N, D] at p-norm distance at most r (DGL's
 * radius_graph), sorted by (i, j); both directions appear. With getDistances the [E, 1]
 * distances of the edges come back too.
 */
export function radiusGraph(x: Tensor, r: number, opts: RadiusGraphOptions & { getDistances: true }): [Graph, Tensor];
export function radiusGraph(x: Tensor, r: number, opts?: RadiusGraphOptions & { getDistances?: false }): Graph;
export function radiusGraph(x: Tensor, r: number, opts: RadiusGraphOptions & { getDistances?: boolean } = {}): Graph | [Graph, Tensor] {
  if (x.ndim !== 2) throw new ShapeError(`radiusGraph: points must be [N, D], got ${formatShape(x.shape)}`);
  if (!(r >= 0)) throw new RangeError(`radiusGraph: r must be a non-negative number, got ${r}`);
  const p = opts.p ?? 2;
  if (!(p > 0)) throw new RangeError(`radiusGraph: p must be positive, got ${p}`);
  const [n, d] = x.shape;
  const src: number[] = [], dst: number[] = [], dist: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j && !opts.selfLoop) continue;
      let s = 0;
      for (let f = 0; f < d; f++) s += Math.abs(x.data[i * d + f] - x.data[j * d + f]) ** p;
      const v = s ** (1 / p);
      if (v <= r) { src.push(i); dst.push(j); dist.push(v); }
    }
  }
  const g = graph([Int32Array.from(src), Int32Array.from(dst)], { numNodes: n });
  if (!opts.getDistances) return g;
  const data = x.dtype === 'float64' ? Float64Array.from(dist) : Float32Array.from(dist);
  return [g, new Tensor(data, [dist.length, 1], x.dtype === 'float64' ? 'float64' : 'float32')];
}
