import { Tensor } from './tensor.js';

export function softmax(x: Tensor, axis = -1): Tensor {
  void x; void axis;
  throw new Error('softmax: not implemented yet');
}
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  void x; void axis;
  throw new Error('logSoftmax: not implemented yet');
}
