import { DTypeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { AnyTypedArray } from '../tensor/dtype.js';

/**
 * A float tensor that a Module owns and an optimizer updates. It is always a leaf that
 * requires grad; `new Parameter(t)` shares t's storage (like torch.nn.Parameter).
 */
export class Parameter extends Tensor {
  constructor(init: Tensor | AnyTypedArray, shape?: readonly number[]) {
    const data = init instanceof Tensor ? init.data : init;
    const dims = init instanceof Tensor ? init.shape : (shape ?? [init.length]);
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new DTypeError(`Parameter: data must be float32 or float64, got ${data.constructor.name}`);
    }
    super(data, dims, undefined, true);
  }
}
