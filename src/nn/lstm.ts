import { ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { zeros } from '../tensor/creation.js';
import { add, mul } from '../tensor/elementwise.js';
import { sigmoid, tanh } from '../tensor/activation.js';
import { matmul } from '../tensor/matmul.js';
import { narrow, reshape, split, stack, transpose } from '../tensor/movement.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { uniform } from './init.js';

export interface LSTMOptions {
  numLayers?: number;
  bias?: boolean;
  dtype?: FloatDType;
}

/**
 * A multi-layer LSTM over sequences shaped [T, B, inputSize] (torch.nn.LSTM, batchFirst=false, one
 * direction, no dropout). Gates in torch's order (input, forget, cell, output):
 *   i, f, g, o = x W_ih^T + b_ih + h W_hh^T + b_hh;  c' = s(f) c + s(i) tanh(g);  h' = s(o) tanh(c').
 * Parameters per layer l as torch (camelCase): weightIhL{l} [4H, in], weightHhL{l} [4H, H], biasIhL{l}, biasHhL{l}.
 */
export class LSTM extends Module {
  readonly numLayers: number;
  private readonly weights: { wIh: Parameter; wHh: Parameter; bIh: Parameter | null; bHh: Parameter | null }[] = [];

  constructor(readonly inputSize: number, readonly hiddenSize: number, opts: LSTMOptions = {}) {
    super();
    this.numLayers = opts.numLayers ?? 1;
    if (!Number.isInteger(this.numLayers) || this.numLayers < 1) throw new RangeError(`LSTM: numLayers must be a positive integer, got ${this.numLayers}`);
    const dtype = opts.dtype ?? 'float32', H = hiddenSize, bias = opts.bias ?? true;
    for (let l = 0; l < this.numLayers; l++) {
      const inp = l === 0 ? inputSize : H;
      this.weights.push({
        wIh: this.registerParameter(`weightIhL${l}`, new Parameter(zeros([4 * H, inp], { dtype }))),
        wHh: this.registerParameter(`weightHhL${l}`, new Parameter(zeros([4 * H, H], { dtype }))),
        bIh: this.registerParameter(`biasIhL${l}`, bias ? new Parameter(zeros([4 * H], { dtype })) : null),
        bHh: this.registerParameter(`biasHhL${l}`, bias ? new Parameter(zeros([4 * H], { dtype })) : null),
      });
    }
    this.resetParameters();
  }

  /** torch's initialisation: every weight and bias U(-1/sqrt(H), 1/sqrt(H)). */
  resetParameters(): void {
    const bound = this.hiddenSize > 0 ? 1 / Math.sqrt(this.hiddenSize) : 0;
    for (const p of this.parameters()) uniform(p, -bound, bound);
  }

  /**
   * x [T, B, inputSize]; state [h0, c0] each [numLayers, B, hiddenSize] (zeros when omitted).
   * Returns [output [T, B, H] (last layer's h at each step), [hN, cN]].
   */
  forward(x: Tensor, state?: readonly [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    if (x.ndim !== 3 || x.shape[2] !== this.inputSize) {
      throw new ShapeError(`LSTM: input of shape ${formatShape(x.shape)} must be [seqLen, batch, ${this.inputSize}]`);
    }
    const [T, B] = x.shape, H = this.hiddenSize, L = this.numLayers;
    const dtype = x.dtype as FloatDType;
    const want = [L, B, H];
    if (state !== undefined) {
      for (const s of state) {
        if (s.shape.join() !== want.join()) throw new ShapeError(`LSTM: state of shape ${formatShape(s.shape)} must be ${formatShape(want)}`);
      }
    }
    const layerState = (s: Tensor | undefined, l: number): Tensor =>
      s === undefined ? zeros([B, H], { dtype }) : reshape(narrow(s, 0, l, 1), [B, H]);
    let inputs = split(x, 1, 0).map((t) => reshape(t, [B, this.inputSize]));
    const hN: Tensor[] = [], cN: Tensor[] = [];
    for (let l = 0; l < L; l++) {
      const { wIh, wHh, bIh, bHh } = this.weights[l];
      let h = layerState(state?.[0], l), c = layerState(state?.[1], l);
      const outs: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        let gates = add(matmul(inputs[t], transpose(wIh, 0, 1)), matmul(h, transpose(wHh, 0, 1)));
        if (bIh !== null) gates = add(gates, bIh);
        if (bHh !== null) gates = add(gates, bHh);
        const [i, f, g, o] = split(gates, H, 1);
        c = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
        h = mul(sigmoid(o), tanh(c));
        outs.push(h);
      }
      hN.push(h); cN.push(c);
      inputs = outs;
    }
    return [stack(inputs, 0), [stack(hN, 0), stack(cN, 0)]];
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.numLayers > 1 ? `, numLayers=${this.numLayers}` : ''}` +
      `${this.weights[0].bIh === null ? ', bias=false' : ''}`;
  }
}
