import { Tensor } from './tensor.js';

/** 2-D x 2-D, batched 3-D x 3-D (or 3-D x 2-D), 1-D vectors as in PyTorch. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  void a; void b;
  throw new Error('matmul: not implemented yet');
}
