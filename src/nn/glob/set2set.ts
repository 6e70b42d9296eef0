import { ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { mul } from '../../tensor/elementwise.js';
import { sum } from '../../tensor/reduce.js';
import { concat, reshape, unsqueeze } from '../../tensor/movement.js';
import type { Graph } from '../../graph/graph.js';
import { broadcastNodes, softmaxNodes, sumNodes } from '../../message/readout.js';
import { Module } from '../module.js';
import { LSTM } from '../lstm.js';

/**
 * Set2Set readout (Vinyals et al. 2015; DGL's Set2Set) over batched graphs, for nIters steps:
 *   q_t = LSTM(q*_{t-1}),  a_i = softmax_b(x_i . q_t),  r_t = sum_i a_i x_i,  q*_t = [q_t, r_t].
 * feat [N, inputDim] -> [B, 2 * inputDim].
 */
export class Set2Set extends Module {
  readonly outputDim: number;
  readonly lstm: LSTM;

  constructor(readonly inputDim: number, readonly nIters: number, readonly nLayers: number, opts: { dtype?: FloatDType } = {}) {
    super();
    if (!Number.isInteger(nIters) || nIters < 1) throw new RangeError(`Set2Set: nIters must be a positive integer, got ${nIters}`);
    this.outputDim = 2 * inputDim;
    this.lstm = this.registerModule('lstm', new LSTM(this.outputDim, inputDim, { numLayers: nLayers, dtype: opts.dtype }));
  }

  /** Re-initialises the LSTM. */
  resetParameters(): void { this.lstm.resetParameters(); }

  forward(graph: Graph, feat: Tensor): Tensor {
    if (feat.ndim !== 2 || feat.shape[1] !== this.inputDim) {
      throw new ShapeError(`Set2Set: feat of shape ${formatShape(feat.shape)} must be [nodes, ${this.inputDim}]`);
    }
    const B = graph.batchSize, dtype = feat.dtype as FloatDType;
    let state: [Tensor, Tensor] = [zeros([this.nLayers, B, this.inputDim], { dtype }), zeros([this.nLayers, B, this.inputDim], { dtype })];
    let qStar = zeros([B, this.outputDim], { dtype });
    for (let t = 0; t < this.nIters; t++) {
      const [out, next] = this.lstm.forward(unsqueeze(qStar, 0), state);
      state = next;
      const q = reshape(out, [B, this.inputDim]);
      const e = sum(mul(feat, broadcastNodes(graph, q)), -1, true);
      const alpha = softmaxNodes(graph, e);
      const readout = sumNodes(graph, mul(feat, alpha));
      qStar = concat([q, readout], -1);
    }
    return qStar;
  }

  override extraRepr(): string { return `inputDim=${this.inputDim}, nIters=${this.nIters}, nLayers=${this.nLayers}`; }
}
