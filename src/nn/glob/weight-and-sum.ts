import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { sigmoid } from '../../tensor/activation.js';
import type { Graph } from '../../graph/graph.js';
import { sumNodes } from '../../message/readout.js';
import { Module } from '../module.js';
import { Linear } from '../linear.js';

/** Graph readout Σ_i sigmoid(w·h_i + b) h_i per member graph (DGL's WeightAndSum). */
export class WeightAndSum extends Module {
  readonly atomWeighting: Linear;

  constructor(readonly inFeats: number, opts: { dtype?: FloatDType } = {}) {
    super();
    this.atomWeighting = this.registerModule('atomWeighting', new Linear(inFeats, 1, { dtype: opts.dtype }));
  }

  forward(g: Graph, feats: Tensor): Tensor {
    return sumNodes(g, feats, { weight: sigmoid(this.atomWeighting.forward(feats)) });
  }

  override extraRepr(): string { return `inFeats=${this.inFeats}`; }
}
