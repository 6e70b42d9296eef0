import type { FloatArray, IndexArray, SpmmReduce } from '../backend.js';
import { checkCompressedArgs, checkLength } from './sparse-check.js';

/** Rows [offsets[s], offsets[s+1]) of x reduced into out[s]; empty segments give 0 (arg -1). */
export function segmentReduce(op: SpmmReduce, x: FloatArray, offsets: IndexArray, rowLen: number, out: FloatArray,
  arg: IndexArray | null): void {
  const S = offsets.length - 1;
  if (S < 0) throw new RangeError('segmentReduce: offsets must have at least one entry');
  const rows = rowLen === 0 ? offsets[S] : x.length / rowLen;
  checkCompressedArgs('segmentReduce', offsets, S, null, 0, null, rows);
  checkLength('segmentReduce', 'out', out, S * rowLen);
  if (arg !== null) checkLength('segmentReduce', 'arg', arg, S * rowLen);
  if (op === 'sum') {
    out.fill(0);
    for (let s = 0; s < S; s++) {
      const ob = s * rowLen;
      for (let r = offsets[s]; r < offsets[s + 1]; r++) {
        const xb = r * rowLen;
        for (let k = 0; k < rowLen; k++) out[ob + k] += x[xb + k];
      }
    }
    return;
  }
  const isMax = op === 'max';
  for (let s = 0; s < S; s++) {
    const ob = s * rowLen, start = offsets[s], end = offsets[s + 1];
    for (let k = 0; k < rowLen; k++) {
      let best = 0, bi = -1;
      for (let r = start; r < end; r++) {
        const v = x[r * rowLen + k];
        if (r === start || (isMax ? v > best : v < best)) { best = v; bi = r; }
      }
      out[ob + k] = best;
      if (arg !== null) arg[ob + k] = bi;
    }
  }
}
