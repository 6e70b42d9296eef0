/**
 * Readout layers over batched graphs (DGL's SumPooling, AvgPooling, MaxPooling): one row per member
 * graph, reduced over its nodes with a segment reduction over batchNumNodes().
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { Graph } from '../../graph/graph.js';
import { maxNodes, meanNodes, sumNodes } from '../../message/readout.js';
import { Module } from '../module.js';

/** r_b = sum of x_i over the nodes of graph b: feat [N, *] -> [B, *]. */
export class SumPooling extends Module {
  forward(graph: Graph, feat: Tensor): Tensor { return sumNodes(graph, feat); }
  /** No parameters; present so every layer can be reset the same way. */
  resetParameters(): void {}
}

/** r_b = mean of x_i over the nodes of graph b (0 for an empty graph). */
export class AvgPooling extends Module {
  forward(graph: Graph, feat: Tensor): Tensor { return meanNodes(graph, feat); }
  /** No parameters; present so every layer can be reset the same way. */
  resetParameters(): void {}
}

/** r_b = elementwise max of x_i over the nodes of graph b (0 for an empty graph). */
export class MaxPooling extends Module {
  forward(graph: Graph, feat: Tensor): Tensor { return maxNodes(graph, feat); }
  /** No parameters; present so every layer can be reset the same way. */
  resetParameters(): void {}
}
