import { Tensor, type IndexLike } from './tensor.js';

/** Rows (or slices along dim) picked by index. */
export function indexSelect(x: Tensor, dim: number, index: IndexLike): Tensor {
  void x; void dim; void index;
  throw new Error('indexSelect: not implemented yet');
}
/** Out-of-place PyTorch index_add: x with source slices added at index along dim. */
export function indexAdd(x: Tensor, dim: number, index: IndexLike, source: Tensor): Tensor {
  void x; void dim; void index; void source;
  throw new Error('indexAdd: not implemented yet');
}
/** Out-of-place PyTorch scatter_add: index has src's shape. */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  void x; void dim; void index; void src;
  throw new Error('scatterAdd: not implemented yet');
}
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  void x; void mask;
  throw new Error('maskedSelect: not implemented yet');
}
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  void x; void mask; void value;
  throw new Error('maskedFill: not implemented yet');
}
