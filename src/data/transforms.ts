import { Tensor } from '../tensor/tensor.js';
import { ShapeError, DTypeError, formatShape } from '../errors.js';
import type { Graph } from '../graph/index.js';

/**
 * Divides each row of a [N, F] float feature matrix by its sum (as the GCN paper preprocesses
 * Planetoid features); rows summing to zero stay zero. Returns a new tensor of the same dtype.
 */
export function rowNormalize(features: Tensor): Tensor {
  if (features.ndim !== 2) throw new ShapeError(`rowNormalize: expected a 2-d [N, F] tensor, got shape ${formatShape(features.shape)}`);
  if (features.dtype !== 'float32' && features.dtype !== 'float64') {
    throw new DTypeError(`rowNormalize: expected float32 or float64 features, got ${features.dtype}`);
  }
  const [n, f] = features.shape;
  const src = features.data;
  const out = features.dtype === 'float32' ? new Float32Array(src.length) : new Float64Array(src.length);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < f; j++) s += src[i * f + j];
    if (s === 0) continue;
    for (let j = 0; j < f; j++) out[i * f + j] = src[i * f + j] / s;
  }
  return new Tensor(out, [n, f], features.dtype);
}

/** Graph transforms for a dataset's `transform` option; the structural ones come from the graph module. */
export { addSelfLoop } from '../graph/transforms/add-self-loop.js';
export { toBidirected } from '../graph/transforms/to-bidirected.js';
export { removeSelfLoop } from '../graph/transforms/remove-self-loop.js';

/** Applies transforms left to right. */
export function compose(...fns: ReadonlyArray<(g: Graph) => Graph>): (g: Graph) => Graph {
  return (g) => fns.reduce((acc, f) => f(acc), g);
}

/** A transform that replaces ndata[name] by its row-normalised copy (PyG's NormalizeFeatures). */
export function normalizeFeatures(name = 'feat'): (g: Graph) => Graph {
  return (g) => {
    g.ndata.set(name, rowNormalize(g.ndata.get(name)));
    return g;
  };
}
