import { ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { zeros } from '../tensor/creation.js';
import { add, mul } from '../tensor/elementwise.js';
import { sigmoid, tanh } from '../tensor/activation.js';
import { matmul } from '../tensor/matmul.js';
import { concat, narrow, split, stack, transpose } from '../tensor/movement.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { uniform } from './init.js';

/** Options of `LSTMCell`. */
export interface LSTMCellOptions {
  bias?: boolean;
  dtype?: FloatDType;
}

/** Options of `LSTM`. */
export interface LSTMOptions extends LSTMCellOptions {
  /** Stacked layers, each feeding its hidden sequence to the next (default 1). */
  numLayers?: number;
  /** Input and output are [batch, seq, feature] instead of [seq, batch, feature] (default false). */
  batchFirst?: boolean;
}

/** (h, c), each [batch, hidden] for a cell or [numLayers, batch, hidden] for an LSTM. */
export type LSTMState = readonly [Tensor, Tensor];

interface Weights { ih: Parameter; hh: Parameter; bih: Parameter | null; bhh: Parameter | null }

function makeWeights(owner: Module, suffix: string, inputSize: number, hiddenSize: number, opts: LSTMCellOptions): Weights {
  const dtype = opts.dtype ?? 'float32';
  const p = (name: string, shape: number[]): Parameter => owner.registerParameter(name + suffix, new Parameter(zeros(shape, { dtype })));
  const ih = p('weightIh', [4 * hiddenSize, inputSize]), hh = p('weightHh', [4 * hiddenSize, hiddenSize]);
  const withBias = opts.bias ?? true;
  return { ih, hh, bih: withBias ? p('biasIh', [4 * hiddenSize]) : null, bhh: withBias ? p('biasHh', [4 * hiddenSize]) : null };
}

/** PyTorch's init: every weight and bias from U(-1/sqrt(hidden), 1/sqrt(hidden)). */
function resetWeights(w: Weights, hiddenSize: number): void {
  const k = hiddenSize > 0 ? 1 / Math.sqrt(hiddenSize) : 0;
  for (const p of [w.ih, w.hh, w.bih, w.bhh]) if (p !== null) uniform(p, -k, k);
}

/** x W_ih^T + b_ih + b_hh for a [rows, input] matrix: the input part of the gates, for all steps at once. */
function inputGates(x: Tensor, w: Weights): Tensor {
  let z = matmul(x, transpose(w.ih, 0, 1));
  if (w.bih !== null) z = add(z, w.bih);
  if (w.bhh !== null) z = add(z, w.bhh);
  return z;
}

/** One step from precomputed input gates [B, 4H] (PyTorch's gate order i, f, g, o). */
function step(gatesIn: Tensor, h: Tensor, c: Tensor, hhT: Tensor, hiddenSize: number): [Tensor, Tensor] {
  const [i, f, g, o] = split(add(gatesIn, matmul(h, hhT)), hiddenSize, 1);
  const cNext = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
  return [mul(sigmoid(o), tanh(cNext)), cNext];
}

function checkState(what: string, t: Tensor, shape: readonly number[]): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${what} has shape ${formatShape(t.shape)}, expected ${formatShape(shape)}`);
  }
}

/** One LSTM step (torch.nn.LSTMCell): forward(x [B, input], (h, c)?) gives (h', c'), zeros when no state. */
export class LSTMCell extends Module {
  private readonly w: Weights;

  constructor(readonly inputSize: number, readonly hiddenSize: number, opts: LSTMCellOptions = {}) {
    super();
    this.w = makeWeights(this, '', inputSize, hiddenSize, opts);
    this.resetParameters();
  }

  /** Re-draws the weights from U(−1/√hidden, 1/√hidden), as PyTorch. */
  resetParameters(): void { resetWeights(this.w, this.hiddenSize); }

  forward(x: Tensor, state?: LSTMState): [Tensor, Tensor] {
    if (x.ndim !== 2 || x.shape[1] !== this.inputSize) {
      throw new ShapeError(`LSTMCell: input has shape ${formatShape(x.shape)}, expected [batch, ${this.inputSize}]`);
    }
    const shape = [x.shape[0], this.hiddenSize];
    const [h, c] = state ?? [zeros(shape, { dtype: x.dtype }), zeros(shape, { dtype: x.dtype })];
    checkState('LSTMCell: h', h, shape);
    checkState('LSTMCell: c', c, shape);
    return step(inputGates(x, this.w), h, c, transpose(this.w.hh, 0, 1), this.hiddenSize);
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.w.bih === null ? ', bias=false' : ''}`;
  }
}

/**
 * A multi-layer LSTM over a sequence (torch.nn.LSTM, unidirectional, no inter-layer dropout).
 * forward(x, (h0, c0)?) returns [output, (hN, cN)]: output holds the last layer's hidden state at
 * every step; hN, cN are [numLayers, batch, hidden]. Parameters are named weightIhL0, biasHhL1, ...
 */
export class LSTM extends Module {
  readonly numLayers: number;
  readonly batchFirst: boolean;
  private readonly layers: Weights[] = [];

  constructor(readonly inputSize: number, readonly hiddenSize: number, opts: LSTMOptions = {}) {
    super();
    this.numLayers = opts.numLayers ?? 1;
    if (!Number.isInteger(this.numLayers) || this.numLayers < 1) throw new RangeError(`LSTM: numLayers must be a positive integer, got ${this.numLayers}`);
    this.batchFirst = opts.batchFirst ?? false;
    for (let l = 0; l < this.numLayers; l++) {
      this.layers.push(makeWeights(this, `L${l}`, l === 0 ? inputSize : hiddenSize, hiddenSize, opts));
    }
    this.resetParameters();
  }

  /** Re-draws every layer's weights from U(−1/√hidden, 1/√hidden), as PyTorch. */
  resetParameters(): void { for (const w of this.layers) resetWeights(w, this.hiddenSize); }

  forward(x: Tensor, state?: LSTMState): [Tensor, [Tensor, Tensor]] {
    if (x.ndim !== 3 || x.shape[2] !== this.inputSize) {
      const layout = this.batchFirst ? 'batch, seq' : 'seq, batch';
      throw new ShapeError(`LSTM: input has shape ${formatShape(x.shape)}, expected [${layout}, ${this.inputSize}]`);
    }
    const timeDim = this.batchFirst ? 1 : 0;
    const steps = x.shape[timeDim], batch = x.shape[1 - timeDim], H = this.hiddenSize;
    const stateShape = [this.numLayers, batch, H];
    if (state !== undefined) { checkState('LSTM: h0', state[0], stateShape); checkState('LSTM: c0', state[1], stateShape); }
    let seq = x;
    const hN: Tensor[] = [], cN: Tensor[] = [];
    for (const [l, w] of this.layers.entries()) {
      const width = seq.shape[2];
      const gates = inputGates(seq.reshape([-1, width]), w).reshape([seq.shape[0], seq.shape[1], 4 * H]);
      const hhT = transpose(w.hh, 0, 1);
      let h = state === undefined ? zeros([batch, H], { dtype: x.dtype }) : narrow(state[0], 0, l, 1).reshape([batch, H]);
      let c = state === undefined ? zeros([batch, H], { dtype: x.dtype }) : narrow(state[1], 0, l, 1).reshape([batch, H]);
      const outputs: Tensor[] = [];
      for (let t = 0; t < steps; t++) {
        [h, c] = step(narrow(gates, timeDim, t, 1).reshape([batch, 4 * H]), h, c, hhT, H);
        outputs.push(h);
      }
      hN.push(h);
      cN.push(c);
      seq = steps === 0 ? zeros(this.batchFirst ? [batch, 0, H] : [0, batch, H], { dtype: x.dtype }) : stack(outputs, timeDim);
    }
    return [seq, [stack(hN, 0), stack(cN, 0)]];
  }

  /**
   * The last layer's final hidden state of each of several sequences of different lengths, run as
   * a PyTorch PackedSequence with zero initial state: sequences are sorted longest first and
   * steps[t] is [b_t, input], the inputs at time t of the b_t sequences still going (b_t never
   * grows). Returns [b_0, hidden] in the sorted order. One small batched step per time step,
   * however many distinct lengths there are; inputs stay per step, so no big tensor is sliced
   * step by step (each slice's backward would be as large as the whole).
   */
  lastHiddenPacked(steps: readonly Tensor[]): Tensor {
    const H = this.hiddenSize;
    for (const [t, x] of steps.entries()) {
      if (x.ndim !== 2 || x.shape[1] !== this.inputSize || x.shape[0] < 1 || (t > 0 && x.shape[0] > steps[t - 1].shape[0])) {
        throw new ShapeError(`LSTM.lastHiddenPacked: step ${t} has shape ${formatShape(x.shape)}; steps must be ` +
          `[b, ${this.inputSize}] with b >= 1 never growing`);
      }
    }
    if (steps.length === 0) return zeros([0, H]);
    const dtype = steps[0].dtype;
    let inputs = steps, last: Tensor[] = [];
    for (const w of this.layers) {
      const hhT = transpose(w.hh, 0, 1);
      let h = zeros([inputs[0].shape[0], H], { dtype }), c = h;
      const outputs: Tensor[] = [];
      last = [];
      for (let t = 0; t < inputs.length; t++) {
        const b = inputs[t].shape[0];
        if (b < h.shape[0]) { h = narrow(h, 0, 0, b); c = narrow(c, 0, 0, b); }
        [h, c] = step(inputGates(inputs[t], w), h, c, hhT, H);
        outputs.push(h);
        // Sequences next .. b-1 end at this step: their state is final.
        const next = t + 1 < inputs.length ? inputs[t + 1].shape[0] : 0;
        if (next < b) last.push(next === 0 ? h : narrow(h, 0, next, b - next));
      }
      inputs = outputs;
    }
    // Pieces were collected shortest-last; reversed they run over sequences 0, 1, ... in order.
    last.reverse();
    return last.length === 1 ? last[0] : concat(last, 0);
  }

  override extraRepr(): string {
    const extra = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) extra.push(`numLayers=${this.numLayers}`);
    if (this.layers[0].bih === null) extra.push('bias=false');
    if (this.batchFirst) extra.push('batchFirst=true');
    return extra.join(', ');
  }
}
