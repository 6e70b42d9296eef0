import type { FloatArray } from '../kernels/backend.js';
import { getBackend } from '../kernels/registry.js';
import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from './tensor.js';
import { allocate, allocateUninit, isFloat, promoteTypes, type FloatDType } from './dtype.js';
import { record } from './tape.js';
import { cast } from './cast.js';

/** One backend call: out[batch] = op(a) @ op(b); a batch stride of 0 broadcasts that operand. */
function gemm(a: Tensor, b: Tensor, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean,
  aStride: number, bStride: number, dtype: FloatDType): FloatArray {
  const out = k > 0 ? allocateUninit(dtype, batch * m * n) : allocate(dtype, batch * m * n) as FloatArray;
  if (out.length === 0) return out;
  getBackend().matmul(a.data as FloatArray, b.data as FloatArray, out, batch, m, k, n, transA, transB, aStride, bStride);
  return out;
}

function floatPair(a: Tensor, b: Tensor): [Tensor, Tensor, FloatDType] {
  if (!isFloat(a.dtype) || !isFloat(b.dtype)) {
    throw new DTypeError(`matmul: operands must be float32 or float64, got ${a.dtype} and ${b.dtype}`);
  }
  const dtype = promoteTypes(a.dtype, b.dtype) as FloatDType;
  return [a.dtype === dtype ? a : cast(a, dtype), b.dtype === dtype ? b : cast(b, dtype), dtype];
}

function mismatch(a: Tensor, b: Tensor): ShapeError {
  return new ShapeError(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} do not fit ` +
    '(the last dimension of the first must equal the first matrix dimension of the second)');
}

/**
 * Matrix product as in PyTorch for 1-D, 2-D and 3-D operands: [m,k] @ [k,n]; [B,m,k] @ [B,k,n];
 * [B,m,k] @ [k,n] (the matrix broadcast over the batch); a 1-D operand is a row or column vector
 * whose dimension is removed from the result.
 */
export function matmul(aIn: Tensor, bIn: Tensor): Tensor {
  if (aIn.ndim === 0 || bIn.ndim === 0 || aIn.ndim > 3 || bIn.ndim > 3) {
    throw new ShapeError(`matmul: operands must have 1 to 3 dimensions, got ${formatShape(aIn.shape)} and ${formatShape(bIn.shape)}`);
  }
  const [a0, b0] = floatPair(aIn, bIn);
  // Vectors become matrices and the added dimension is squeezed at the end.
  const a = a0.ndim === 1 ? a0.reshape([1, a0.shape[0]]) : a0;
  const b = b0.ndim === 1 ? b0.reshape([b0.shape[0], 1]) : b0;
  const out = bmm(a, b, aIn, bIn);
  let shape = [...out.shape];
  if (a0.ndim === 1) shape = [...shape.slice(0, -2), shape[shape.length - 1]];
  if (b0.ndim === 1) shape = shape.slice(0, -1);
  return out.reshape(shape);
}

/** 2-D / 3-D product with its backward; a 2-D operand against a 3-D one is broadcast over the batch. */
function bmm(a: Tensor, b: Tensor, aIn: Tensor, bIn: Tensor): Tensor {
  const dtype = a.dtype as FloatDType;
  const m = a.shape[a.ndim - 2], k = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2], n = b.shape[b.ndim - 1];
  if (k !== k2) throw mismatch(aIn, bIn);
  const aBatch = a.ndim === 3 ? a.shape[0] : 1, bBatch = b.ndim === 3 ? b.shape[0] : 1;
  if (a.ndim === 3 && b.ndim === 3 && aBatch !== bBatch) throw mismatch(aIn, bIn);
  const batch = Math.max(aBatch, bBatch);
  const batched = a.ndim === 3 || b.ndim === 3;

  // A 3-D a against a 2-D b is one [B*m, k] @ [k, n] product.
  if (a.ndim === 3 && b.ndim === 2) {
    const flat = gemm(a, b, 1, batch * m, k, n, false, false, 0, 0, dtype);
    const res = new Tensor(flat, [batch, m, n], dtype);
    return record(res, 'matmul', [a, b], (g) => [
      a.requiresGrad ? new Tensor(gemm(g, b, 1, batch * m, n, k, false, true, 0, 0, dtype), a.shape, dtype) : null,
      // dB = A^T G with A, G flattened to [B*m, k], [B*m, n].
      b.requiresGrad ? new Tensor(gemm(a, g, 1, k, batch * m, n, true, false, 0, 0, dtype), b.shape, dtype) : null,
    ]);
  }
  const aStride = a.ndim === 3 ? m * k : 0, bStride = b.ndim === 3 ? k * n : 0;
  const data = gemm(a, b, batch, m, k, n, false, false, aStride, bStride, dtype);
  const res = new Tensor(data, batched ? [batch, m, n] : [m, n], dtype);
  return record(res, 'matmul', [a, b], (g) => {
    const gStride = batched ? m * n : 0;
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (a.requiresGrad) {
      // dA = G B^T per batch; a 2-D a against a 3-D b sums over the batch: [m, B*n] @ [B*n, k] is not
      // contiguous, so sum the per-batch products instead.
      const per = gemm(g, b, batch, m, n, k, false, true, gStride, bStride, dtype);
      ga = new Tensor(a.ndim === 2 && batched ? sumBatches(per, batch, m * k) : per, a.shape, dtype);
    }
    if (b.requiresGrad) {
      const per = gemm(a, g, batch, k, m, n, true, false, aStride, gStride, dtype);
      gb = new Tensor(b.ndim === 2 && batched ? sumBatches(per, batch, k * n) : per, b.shape, dtype);
    }
    return [ga, gb];
  });
}

function sumBatches(per: FloatArray, batch: number, size: number): FloatArray {
  const out = per.slice(0, size);
  for (let bt = 1; bt < batch; bt++) {
    const o = bt * size;
    for (let i = 0; i < size; i++) out[i] += per[o + i];
  }
  return out;
}
