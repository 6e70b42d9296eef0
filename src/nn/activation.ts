import type { Tensor } from '../tensor/tensor.js';
import { elu, gelu, leakyRelu, relu, sigmoid, softplus, tanh } from '../tensor/activation.js';
import { Module } from './module.js';

/** Module forms of the elementwise activations, for Sequential. */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return relu(x); }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negativeSlope=${this.negativeSlope}`; }
}

export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return elu(x, this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}

export class GELU extends Module {
  forward(x: Tensor): Tensor { return gelu(x); }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return sigmoid(x); }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor { return tanh(x); }
}

export class Softplus extends Module {
  forward(x: Tensor): Tensor { return softplus(x); }
}

/** Returns its input unchanged (a placeholder layer). */
export class Identity extends Module {
  forward(x: Tensor): Tensor { return x; }
}
