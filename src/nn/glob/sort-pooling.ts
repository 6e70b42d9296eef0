import { ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { gather } from '../../tensor/indexing.js';
import { reshape } from '../../tensor/movement.js';
import type { Graph } from '../../graph/graph.js';
import { topkNodes } from '../../message/readout.js';
import { Module } from '../module.js';

/**
 * SortPooling (Zhang et al. 2018, DGCNN; DGL's SortPooling): each node's features are sorted in
 * ascending order, then the k nodes with the largest last (i.e. largest) feature of each graph are
 * kept in descending order and flattened: feat [N, D] -> [B, k * D]. Graphs with fewer than k nodes
 * are zero-padded.
 */
export class SortPooling extends Module {
  constructor(readonly k: number) {
    super();
    if (!Number.isInteger(k) || k <= 0) throw new RangeError(`SortPooling: k must be a positive integer, got ${k}`);
  }

  /** No parameters: nothing to reset. */
  resetParameters(): void {}

  forward(graph: Graph, feat: Tensor): Tensor {
    if (feat.ndim !== 2) throw new ShapeError(`SortPooling: feat must be [nodes, features], got ${formatShape(feat.shape)}`);
    const [N, D] = feat.shape;
    // Sort each row: the permutation is computed here, the values move through a differentiable gather.
    const order = new Int32Array(N * D);
    const idx = Array.from({ length: D }, (_, j) => j);
    for (let i = 0; i < N; i++) {
      const base = i * D;
      idx.sort((a, b) => (feat.data[base + a] - feat.data[base + b]) || a - b);
      for (let j = 0; j < D; j++) { order[base + j] = idx[j]; idx[j] = j; }
    }
    const sorted = gather(feat, 1, new Tensor(order, [N, D], 'int32'));
    const [values] = topkNodes(graph, sorted, this.k, { sortby: D - 1 });
    return reshape(values, [-1, this.k * D]);
  }

  override extraRepr(): string { return `k=${this.k}`; }
}
