import { Tensor } from '../tensor/tensor.js';
import { ShapeError, DTypeError, formatShape } from '../errors.js';

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
