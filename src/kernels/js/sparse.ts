import type { FloatArray, IndexArray, SddmmArgs, SpmmArgs, SpmmReduce } from '../backend.js';

// Placeholders: the message-passing work fills these in (see backend.ts for the contracts).
export function gspmm(_args: SpmmArgs): void {
  throw new Error('gspmm: not implemented yet');
}
export function gsddmm(_args: SddmmArgs): void {
  throw new Error('gsddmm: not implemented yet');
}
export function edgeSoftmax(_indptr: IndexArray, _eids: IndexArray | null, _logits: FloatArray, _cols: number, _out: FloatArray): void {
  throw new Error('edgeSoftmax: not implemented yet');
}
export function edgeSoftmaxBackward(_indptr: IndexArray, _eids: IndexArray | null, _y: FloatArray, _gradY: FloatArray,
  _cols: number, _gradLogits: FloatArray): void {
  throw new Error('edgeSoftmaxBackward: not implemented yet');
}
export function segmentReduce(_op: SpmmReduce, _x: FloatArray, _offsets: IndexArray, _rowLen: number, _out: FloatArray,
  _arg: IndexArray | null): void {
  throw new Error('segmentReduce: not implemented yet');
}
