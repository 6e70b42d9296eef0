import type { FloatArray } from '../backend.js';

export function softmax(x: FloatArray, rows: number, cols: number, out: FloatArray, log: boolean): void {
  for (let r = 0; r < rows; r++) {
    const b = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (x[b + j] > m) m = x[b + j];
    if (m === -Infinity) m = 0;
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[b + j] - m);
    if (log) {
      const ls = Math.log(s) + m;
      for (let j = 0; j < cols; j++) out[b + j] = x[b + j] - ls;
    } else {
      const inv = 1 / s;
      for (let j = 0; j < cols; j++) out[b + j] = Math.exp(x[b + j] - m) * inv;
    }
  }
}
