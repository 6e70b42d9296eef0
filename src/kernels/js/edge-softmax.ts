import type { FloatArray, IndexArray } from '../backend.js';
import { checkCompressedArgs, checkLength } from './sparse-check.js';

function checkArgs(kernel: string, indptr: IndexArray, eids: IndexArray | null, x: FloatArray, cols: number,
  out: FloatArray): number {
  const numEdges = indptr.length > 0 ? indptr[indptr.length - 1] : 0;
  checkCompressedArgs(kernel, indptr, indptr.length - 1, null, 0, eids, numEdges);
  checkLength(kernel, 'input', x, numEdges * cols);
  checkLength(kernel, 'out', out, numEdges * cols);
  return numEdges;
}

/** Softmax of edge logits grouped by the rows of a compressed structure; subtracts each group's max first. */
export function edgeSoftmax(indptr: IndexArray, eids: IndexArray | null, logits: FloatArray, cols: number,
  out: FloatArray): void {
  checkArgs('edgeSoftmax', indptr, eids, logits, cols, out);
  const rows = indptr.length - 1;
  for (let r = 0; r < rows; r++) {
    const start = indptr[r], end = indptr[r + 1];
    for (let c = 0; c < cols; c++) {
      let m = -Infinity;
      for (let p = start; p < end; p++) m = Math.max(m, logits[(eids === null ? p : eids[p]) * cols + c]);
      let s = 0;
      for (let p = start; p < end; p++) {
        const i = (eids === null ? p : eids[p]) * cols + c;
        const z = Math.exp(logits[i] - m);
        out[i] = z;
        s += z;
      }
      for (let p = start; p < end; p++) out[(eids === null ? p : eids[p]) * cols + c] /= s;
    }
  }
}

/** gradLogits = y * (gradY - sum over the group of gradY * y). */
export function edgeSoftmaxBackward(indptr: IndexArray, eids: IndexArray | null, y: FloatArray, gradY: FloatArray,
  cols: number, gradLogits: FloatArray): void {
  checkArgs('edgeSoftmaxBackward', indptr, eids, y, cols, gradLogits);
  checkLength('edgeSoftmaxBackward', 'gradY', gradY, y.length);
  const rows = indptr.length - 1;
  for (let r = 0; r < rows; r++) {
    const start = indptr[r], end = indptr[r + 1];
    for (let c = 0; c < cols; c++) {
      let dot = 0;
      for (let p = start; p < end; p++) {
        const i = (eids === null ? p : eids[p]) * cols + c;
        dot += gradY[i] * y[i];
      }
      for (let p = start; p < end; p++) {
        const i = (eids === null ? p : eids[p]) * cols + c;
        gradLogits[i] = y[i] * (gradY[i] - dot);
      }
    }
  }
}
