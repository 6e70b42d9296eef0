import type { SpmmOp } from '../kernels/backend.js';
import { broadcastOffsets } from '../kernels/js/broadcast.js';
import { Tensor } from '../tensor/tensor.js';
import { numel } from '../tensor/shape.js';
import { newFloat, reduceFeatures } from './tensor-util.js';

function offsets(t: Tensor | null, outF: readonly number[]): Int32Array | null {
  if (t === null) return null;
  return broadcastOffsets([t.shape.slice(1)], outF)[0];
}

/**
 * Backward of a max/min g-SpMM: each output element's gradient flows only to the source node
 * (argU) and edge (argE) that won it, times the derivative of the binary op at the winner.
 */
export function extremeGrads(op: SpmmOp, grad: Tensor, x: Tensor | null, y: Tensor | null, argU: Int32Array,
  argE: Int32Array, numSrc: number, numEdges: number): [Tensor | null, Tensor | null] {
  const outF = grad.shape.slice(1);
  const F = numel(outF), rows = grad.shape[0];
  const dtype = grad.dtype as 'float32' | 'float64';
  const wantX = x !== null && x.requiresGrad, wantY = y !== null && y.requiresGrad;
  const gx = wantX ? newFloat(dtype, [numSrc, ...outF]) : null;
  const gy = wantY ? newFloat(dtype, [numEdges, ...outF]) : null;
  const lo = offsets(x, outF), ro = offsets(y, outF);
  const L = x === null ? 0 : numel(x.shape.slice(1)), R = y === null ? 0 : numel(y.shape.slice(1));
  const g = grad.data;
  for (let v = 0; v < rows; v++) {
    for (let k = 0; k < F; k++) {
      const i = v * F + k, u = argU[i], e = argE[i];
      if (u < 0) continue;
      const xv = x === null ? 0 : x.data[u * L + lo![k]];
      const yv = y === null ? 0 : y.data[e * R + ro![k]];
      if (gx !== null) {
        const d = op === 'mul' ? yv : op === 'div' ? 1 / yv : 1;
        gx.data[u * F + k] += g[i] * d;
      }
      if (gy !== null) {
        const d = op === 'mul' ? xv : op === 'div' ? -xv / (yv * yv) : op === 'sub' ? -1 : 1;
        gy.data[e * F + k] += g[i] * d;
      }
    }
  }
  return [gx === null ? null : reduceFeatures(gx, x!.shape), gy === null ? null : reduceFeatures(gy, y!.shape)];
}
