import type { DataArray, FloatArray, IndexArray } from '../backend.js';

export function gatherRows(src: DataArray, numRows: number, rowLen: number, idx: IndexArray, out: DataArray): void {
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    if (!(r >= 0 && r < numRows)) throw new RangeError(`gatherRows: idx[${i}] = ${r} is out of range [0, ${numRows})`);
    const so = r * rowLen, oo = i * rowLen;
    for (let j = 0; j < rowLen; j++) out[oo + j] = src[so + j];
  }
}

export function scatterAddRows(src: FloatArray, rowLen: number, idx: IndexArray, out: FloatArray, numRows: number): void {
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    if (!(r >= 0 && r < numRows)) throw new RangeError(`scatterAddRows: idx[${i}] = ${r} is out of range [0, ${numRows})`);
    const so = i * rowLen, oo = r * rowLen;
    for (let j = 0; j < rowLen; j++) out[oo + j] += src[so + j];
  }
}
