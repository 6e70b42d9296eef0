import { DeepGraphError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { concat, stack } from '../../tensor/movement.js';
import { max, sum } from '../../tensor/reduce.js';
import { softmax } from '../../tensor/softmax.js';
import { indexSelect } from '../../tensor/indexing.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';
import { LSTM } from '../lstm.js';

/**
 * Jumping knowledge aggregation of the per-layer node representations (Xu et al.; DGL's
 * JumpingKnowledge): 'cat' concatenates, 'max' takes the elementwise maximum, 'lstm' weighs
 * the layers by attention scores from a bidirectional LSTM over the layer sequence.
 */
export class JumpingKnowledge extends Module {
  readonly lstmForward: LSTM | null = null;
  readonly lstmBackward: LSTM | null = null;
  readonly att: Linear | null = null;

  constructor(readonly mode: 'cat' | 'max' | 'lstm' = 'cat', inFeats?: number, numLayers?: number, opts: { dtype?: FloatDType } = {}) {
    super();
    if (!['cat', 'max', 'lstm'].includes(mode)) throw new DeepGraphError(`JumpingKnowledge: mode must be 'cat', 'max' or 'lstm', got '${String(mode)}'`);
    if (mode === 'lstm') {
      if (inFeats === undefined || numLayers === undefined) throw new DeepGraphError("JumpingKnowledge: mode 'lstm' needs inFeats and numLayers");
      const hidden = Math.floor((numLayers * inFeats) / 2);
      // torch's bidirectional LSTM: one LSTM per direction, outputs concatenated.
      this.lstmForward = this.registerModule('lstmForward', new LSTM(inFeats, hidden, { batchFirst: true, dtype: opts.dtype }));
      this.lstmBackward = this.registerModule('lstmBackward', new LSTM(inFeats, hidden, { batchFirst: true, dtype: opts.dtype }));
      this.att = this.registerModule('att', new Linear(2 * hidden, 1, { dtype: opts.dtype }));
    }
  }

  forward(featList: readonly Tensor[]): Tensor {
    if (featList.length === 0) throw new DeepGraphError('JumpingKnowledge: featList is empty');
    if (this.mode === 'cat') return concat(featList, -1);
    if (this.mode === 'max') return max(stack(featList, -1), -1);
    const stacked = stack(featList, 1);
    const L = featList.length;
    const reversed = Int32Array.from({ length: L }, (_, i) => L - 1 - i);
    const [fwd] = this.lstmForward!.forward(stacked);
    const [bwd] = this.lstmBackward!.forward(indexSelect(stacked, 1, reversed));
    const alpha = softmax(this.att!.forward(concat([fwd, indexSelect(bwd, 1, reversed)], -1)).squeeze(-1), -1);
    return sum(stacked.mul(alpha.unsqueeze(-1)), 1);
  }

  override extraRepr(): string { return `mode=${this.mode}`; }
}
