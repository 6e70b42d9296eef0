/** Seeded random inputs for the workloads (built outside the timed region). */
import { Generator } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** A float32 tensor with uniform values in [0, 1) from a seeded generator. */
export function uniformTensor(shape: readonly number[], seed: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const gen = new Generator(seed);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = gen.nextUint32() / 4294967296;
  return new Tensor(data, shape, 'float32');
}
