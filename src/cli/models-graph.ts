/**
 * GIN for graph classification as in Xu et al. (2019) and the authors' code: GINConv layers with
 * MLP updates and batch norm, and a prediction from every layer's sum-pooled nodes (the input
 * layer included), each passed through a linear layer and dropout, summed.
 */
import type { Graph } from '../graph/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { relu } from '../tensor/activation.js';
import { add } from '../tensor/elementwise.js';
import { sumNodes } from '../message/readout.js';
import { Module } from '../nn/module.js';
import { Linear } from '../nn/linear.js';
import { Dropout } from '../nn/dropout.js';
import { BatchNorm1d } from '../nn/norm.js';
import { ModuleList } from '../nn/container.js';
import { GINConv } from '../nn/conv/index.js';
import type { GraphHyper } from './models.js';

/** Linear layers with batch norm and ReLU between them (none after the last). */
export class MLP extends Module {
  readonly linears: ModuleList<Linear>;
  readonly norms: ModuleList<BatchNorm1d>;
  constructor(inFeats: number, hidden: number, outFeats: number, numLayers: number) {
    super();
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new RangeError(`MLP: numLayers must be a positive integer, got ${numLayers}`);
    const sizes = [inFeats, ...new Array<number>(numLayers - 1).fill(hidden), outFeats];
    this.linears = this.registerModule('linears', new ModuleList(sizes.slice(1).map((s, i) => new Linear(sizes[i], s))));
    this.norms = this.registerModule('norms', new ModuleList(sizes.slice(1, -1).map((s) => new BatchNorm1d(s))));
  }
  forward(x: Tensor): Tensor {
    let h = x;
    for (let i = 0; i < this.linears.length; i++) {
      h = this.linears.get(i).forward(h);
      if (i < this.norms.length) h = relu(this.norms.get(i).forward(h));
    }
    return h;
  }
}

export class GIN extends Module {
  readonly convs: ModuleList<GINConv>;
  readonly norms: ModuleList<BatchNorm1d>;
  readonly predict: ModuleList<Linear>;
  private readonly drop: Dropout;

  constructor(inFeats: number, classes: number, h: GraphHyper) {
    super();
    const convs: GINConv[] = [], norms: BatchNorm1d[] = [], predict: Linear[] = [new Linear(inFeats, classes)];
    for (let l = 0; l < h.numLayers - 1; l++) {
      // GIN-0: eps fixed at 0, sum aggregation (the paper's best variant).
      convs.push(new GINConv({
        applyFunc: new MLP(l === 0 ? inFeats : h.hidden, h.hidden, h.hidden, h.mlpLayers), aggregatorType: 'sum', initEps: 0, learnEps: false,
      }));
      norms.push(new BatchNorm1d(h.hidden));
      predict.push(new Linear(h.hidden, classes));
    }
    this.convs = this.registerModule('convs', new ModuleList(convs));
    this.norms = this.registerModule('norms', new ModuleList(norms));
    this.predict = this.registerModule('predict', new ModuleList(predict));
    this.drop = this.registerModule('dropout', new Dropout(h.dropout));
  }

  /** g: a batch of graphs; x: their node features. Returns [numGraphs, classes] logits. */
  forward(g: Graph, x: Tensor): Tensor {
    let h = x;
    let score = this.drop.forward(this.predict.get(0).forward(sumNodes(g, h)));
    for (let l = 0; l < this.convs.length; l++) {
      h = relu(this.norms.get(l).forward(this.convs.get(l).forward(g, h)));
      score = add(score, this.drop.forward(this.predict.get(l + 1).forward(sumNodes(g, h))));
    }
    return score;
  }
}
