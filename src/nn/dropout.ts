import type { Tensor } from '../tensor/tensor.js';
import { dropout } from '../tensor/dropout.js';
import { Module } from './module.js';

/** Zeroes each element with probability p while training and scales the rest by 1/(1-p); identity in eval mode. */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Dropout: p must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor { return dropout(x, this.p, this.training); }
  override extraRepr(): string { return `p=${this.p}`; }
}
