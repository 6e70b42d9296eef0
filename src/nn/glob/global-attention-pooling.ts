import { ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { mul } from '../../tensor/elementwise.js';
import type { Graph } from '../../graph/graph.js';
import { softmaxNodes, sumNodes } from '../../message/readout.js';
import { Module } from '../module.js';

/** A module mapping node features to node features (gate_nn / feat_nn). */
export type NodeModule = {
  /** Node features [N, *] to node features [N, *]. */
  forward(x: Tensor): Tensor;
} & Module;

/**
 * Global attention pooling (Li et al. 2016, gated graph sequence networks; DGL's
 * GlobalAttentionPooling): r_b = sum_{i in b} softmax_b(gateNn(x_i)) * featNn(x_i). gateNn must
 * output one value per node ([N, 1]); featNn defaults to the identity.
 */
export class GlobalAttentionPooling extends Module {
  readonly gateNn: NodeModule;
  readonly featNn: NodeModule | null;

  constructor(gateNn: NodeModule, featNn: NodeModule | null = null) {
    super();
    this.gateNn = this.registerModule('gateNn', gateNn);
    this.featNn = featNn === null ? null : this.registerModule('featNn', featNn);
  }

  /** Re-initialises the gate and feature networks. */
  resetParameters(): void {
    for (const m of [this.gateNn, this.featNn]) {
      const reset = (m as { resetParameters?: () => void } | null)?.resetParameters;
      if (typeof reset === 'function') reset.call(m);
    }
  }

  /** Readout [B, F]; with getAttention also the attention weights [N, 1]. */
  forward(graph: Graph, feat: Tensor): Tensor;
  forward(graph: Graph, feat: Tensor, opts: { getAttention: true }): [Tensor, Tensor];
  forward(graph: Graph, feat: Tensor, opts: { getAttention?: boolean } = {}): Tensor | [Tensor, Tensor] {
    const gate = this.gateNn.forward(feat);
    if (gate.ndim !== 2 || gate.shape[1] !== 1 || gate.shape[0] !== feat.shape[0]) {
      throw new ShapeError(`GlobalAttentionPooling: gateNn must output [${feat.shape[0]}, 1], got ${formatShape(gate.shape)}`);
    }
    const h = this.featNn === null ? feat : this.featNn.forward(feat);
    const alpha = softmaxNodes(graph, gate);
    const readout = sumNodes(graph, mul(h, alpha));
    return opts.getAttention ? [readout, alpha] : readout;
  }
}
