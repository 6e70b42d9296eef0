import { ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { zeros } from '../tensor/creation.js';
import { add, mul, sub } from '../tensor/elementwise.js';
import { sigmoid, tanh } from '../tensor/activation.js';
import { matmul } from '../tensor/matmul.js';
import { chunk, reshape, transpose } from '../tensor/movement.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { uniform } from './init.js';

/** Options of `GRUCell`. */
export interface GRUCellOptions {
  bias?: boolean;
  dtype?: FloatDType;
}

/**
 * One step of a gated recurrent unit, with PyTorch's GRUCell equations and parameter layout
 * (gates stacked r, z, n in weightIh [3H, I], weightHh [3H, H], biasIh / biasHh [3H]):
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)
 *   z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   h' = (1 - z) ⊙ n + z ⊙ h
 */
export class GRUCell extends Module {
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter | null;
  readonly biasHh: Parameter | null;

  constructor(readonly inputSize: number, readonly hiddenSize: number, opts: GRUCellOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    const bias = opts.bias ?? true;
    this.weightIh = this.registerParameter('weightIh', new Parameter(zeros([3 * hiddenSize, inputSize], { dtype })));
    this.weightHh = this.registerParameter('weightHh', new Parameter(zeros([3 * hiddenSize, hiddenSize], { dtype })));
    this.biasIh = this.registerParameter('biasIh', bias ? new Parameter(zeros([3 * hiddenSize], { dtype })) : null);
    this.biasHh = this.registerParameter('biasHh', bias ? new Parameter(zeros([3 * hiddenSize], { dtype })) : null);
    this.resetParameters();
  }

  /** PyTorch's default: every parameter U(-1/sqrt(H), 1/sqrt(H)). */
  resetParameters(): void {
    const bound = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) uniform(p, -bound, bound);
  }

  /** x: [B, inputSize] or [inputSize]; h: the same batch of [hiddenSize] states (zeros when omitted). */
  forward(x: Tensor, h: Tensor | null = null): Tensor {
    const unbatched = x.ndim === 1;
    const xb = unbatched ? reshape(x, [1, x.shape[0]]) : x;
    if (xb.ndim !== 2 || xb.shape[1] !== this.inputSize) {
      throw new ShapeError(`GRUCell: input of shape ${formatShape(x.shape)} must be [B, ${this.inputSize}] or [${this.inputSize}]`);
    }
    const batch = xb.shape[0];
    let hb = h === null ? zeros([batch, this.hiddenSize], { dtype: xb.dtype }) : h;
    if (h !== null && unbatched) hb = reshape(h, [1, h.shape[0]]);
    if (hb.ndim !== 2 || hb.shape[0] !== batch || hb.shape[1] !== this.hiddenSize) {
      throw new ShapeError(`GRUCell: hidden state of shape ${formatShape(h!.shape)} must be [${batch}, ${this.hiddenSize}] ` +
        `to match input ${formatShape(x.shape)}`);
    }
    let gi = matmul(xb, transpose(this.weightIh, 0, 1));
    let gh = matmul(hb, transpose(this.weightHh, 0, 1));
    if (this.biasIh !== null) gi = add(gi, this.biasIh);
    if (this.biasHh !== null) gh = add(gh, this.biasHh);
    const [ir, iz, inn] = chunk(gi, 3, 1);
    const [hr, hz, hn] = chunk(gh, 3, 1);
    const r = sigmoid(add(ir, hr));
    const z = sigmoid(add(iz, hz));
    const n = tanh(add(inn, mul(r, hn)));
    const out = add(n, mul(z, sub(hb, n)));
    return unbatched ? reshape(out, [this.hiddenSize]) : out;
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.biasIh === null ? ', bias=false' : ''}`;
  }
}
