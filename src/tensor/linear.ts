import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from './tensor.js';
import { allocate, allocateUninit, isFloat, promoteTypes, type FloatDType } from './dtype.js';
import { cast } from './cast.js';
import { record } from './tape.js';
import { mayTakeSparsePath } from '../kernels/js/matmul-sparse.js';

/** W^T of a [rows, cols] matrix, as a fresh [cols, rows] array. */
function transposed(w: FloatArray, rows: number, cols: number, dtype: FloatDType): FloatArray {
  const out = allocateUninit(dtype, rows * cols);
  getBackend().permute(w, [rows, cols], [1, 0], out);
  return out;
}

/**
 * y = x W^T + b over the last dimension (torch.nn.functional.linear): x [*, in], weight [out, in],
 * bias [out] or null. One op on the tape: the bias is added into the product's own buffer, and the
 * backward is dx = g W, dW = (x^T g)^T, db = the column sums of g. Products keep x on the left
 * (x W^T with W^T materialised, [in, out]; x^T g for the weight gradient), so the matmul kernel can
 * skip the zeros of a mostly-zero x (bag-of-words features) in both.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.ndim !== 2) throw new ShapeError(`linear: weight must be 2-d [out, in], got ${formatShape(weight.shape)}`);
  const [nOut, nIn] = weight.shape;
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== nIn) {
    throw new ShapeError(`linear: input shape ${formatShape(x.shape)} does not end in ${nIn} (weight shape ${formatShape(weight.shape)})`);
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== nOut)) {
    throw new ShapeError(`linear: bias shape ${formatShape(bias.shape)} does not match weight shape ${formatShape(weight.shape)}`);
  }
  for (const t of bias === null ? [x, weight] : [x, weight, bias]) {
    if (!isFloat(t.dtype)) throw new DTypeError(`linear: operands must be float32 or float64, got ${t.dtype}`);
  }
  const dtype = promoteTypes(promoteTypes(x.dtype, weight.dtype), bias?.dtype ?? x.dtype) as FloatDType;
  // Mixed precision: the float32 operands are cast (recorded) and the op runs in float64.
  if (x.dtype !== dtype || weight.dtype !== dtype || (bias !== null && bias.dtype !== dtype)) {
    return linear(cast(x, dtype), cast(weight, dtype), bias === null ? null : cast(bias, dtype));
  }
  const backend = getBackend();
  const m = x.size / nIn;
  const outShape = [...x.shape.slice(0, -1), nOut];
  // The product writes every element unless the inner dimension is empty (then it is zeros).
  const out = nIn > 0 ? allocateUninit(dtype, m * nOut) : allocate(dtype, m * nOut) as FloatArray;
  if (out.length > 0) {
    const xd = x.data as FloatArray, wd = weight.data as FloatArray;
    // Only the zero-skipping kernel needs W^T laid out; a dense x multiplies W as stored (BLAS
    // transposes for free), which saves a copy of W per call: most of a small layer's time.
    if (mayTakeSparsePath(xd, m, nIn, nOut)) backend.matmul(xd, transposed(wd, nOut, nIn, dtype), out, 1, m, nIn, nOut, false, false, 0, 0);
    else backend.matmul(xd, wd, out, 1, m, nIn, nOut, false, true, 0, 0);
    // In place: the product is this op's own fresh buffer.
    if (bias !== null) backend.binary('add', out, [m, nOut], bias.data as FloatArray, [nOut], out, [m, nOut]);
  }
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record(new Tensor(out, outShape, dtype), 'linear', inputs, (g) => {
    const gd = g.data as FloatArray;
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (x.requiresGrad) {
      const d = nOut > 0 ? allocateUninit(dtype, x.size) : allocate(dtype, x.size) as FloatArray;
      if (d.length > 0) backend.matmul(gd, weight.data as FloatArray, d, 1, m, nOut, nIn, false, false, 0, 0);
      gx = new Tensor(d, x.shape, dtype);
    }
    if (weight.requiresGrad) {
      const xd = x.data as FloatArray;
      const xtg = m > 0 ? allocateUninit(dtype, nIn * nOut) : allocate(dtype, nIn * nOut) as FloatArray;
      if (m > 0 && xtg.length > 0 && !mayTakeSparsePath(xd, m, nIn, nOut)) {
        // Dense x: dW = g^T x straight into W's layout, no transpose pass.
        backend.matmul(gd, xd, xtg, 1, nOut, m, nIn, true, false, 0, 0);
        gw = new Tensor(xtg, weight.shape, dtype);
      } else {
        if (xtg.length > 0 && m > 0) backend.matmul(xd, gd, xtg, 1, nIn, m, nOut, true, false, 0, 0);
        gw = new Tensor(transposed(xtg, nIn, nOut, dtype), weight.shape, dtype);
      }
    }
    if (bias !== null && bias.requiresGrad) {
      const d = allocate(dtype, nOut) as FloatArray;
      if (m > 0) backend.reduce('sum', gd, 1, m, nOut, d);
      gb = new Tensor(d, bias.shape, dtype);
    }
    return bias === null ? [gx, gw] : [gx, gw, gb];
  });
}
