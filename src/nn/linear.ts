import { ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatFeatures, type FloatDType } from '../tensor/dtype.js';
import { zeros } from '../tensor/creation.js';
import { linear } from '../tensor/linear.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { kaimingUniform, uniform } from './init.js';

/** Options of `Linear`. */
export interface LinearOptions {
  bias?: boolean;
  dtype?: FloatDType;
}

/** y = x W^T + b over the last dimension; x is [*, inFeatures], W is [outFeatures, inFeatures]. */
export class Linear extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: LinearOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', new Parameter(zeros([outFeatures, inFeatures], { dtype })));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([outFeatures], { dtype })) : null);
    this.resetParameters();
  }

  /** PyTorch's default: kaiming_uniform(a = sqrt 5), i.e. U(-1/sqrt(in), 1/sqrt(in)) for weight and bias. */
  resetParameters(): void {
    kaimingUniform(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const bound = this.inFeatures > 0 ? 1 / Math.sqrt(this.inFeatures) : 0;
      uniform(this.bias, -bound, bound);
    }
  }

  forward(x: Tensor): Tensor {
    assertFloatFeatures(x.dtype, 'Linear', 'input features', this.weight.dtype as FloatDType);
    if (x.ndim === 0 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear: input shape ${formatShape(x.shape)} does not end in inFeatures ` +
        `(weight shape ${formatShape(this.weight.shape)})`);
    }
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `${this.inFeatures}, ${this.outFeatures}${this.bias === null ? ', bias=false' : ''}`;
  }
}
