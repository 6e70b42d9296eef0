/**
 * Inference for services: the model in eval mode, without gradients, on a graph and its features;
 * the requested nodes' class scores as probabilities and the most likely class. The model's
 * training mode is restored afterwards.
 */
import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { softmax } from '../tensor/softmax.js';
import { indexSelect } from '../tensor/indexing.js';
import type { Graph } from '../graph/graph.js';
import type { Module } from './module.js';

/** Options of `predict`: which output rows to return. */
export interface PredictOptions {
  /** Rows of the output to return (node ids of the graph); default every row. */
  nodes?: Int32Array | readonly number[];
}

/** What `predict` returns for the requested nodes: logits, class probabilities and the predicted classes. */
export interface Prediction {
  /** The rows returned (the requested nodes, in request order). */
  nodes: Int32Array;
  /** The model's output rows [n, C]. */
  logits: Tensor;
  /** softmax of the logits over classes [n, C]. */
  probabilities: Tensor;
  /** argmax per row (the lowest class on ties). */
  classes: Int32Array;
}

/** Checks request node ids: integers in [0, rows). The error names the first bad entry. */
export function checkNodeIds(nodes: ArrayLike<number>, rows: number, what = 'nodes'): Int32Array {
  const out = new Int32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= rows) {
      throw new RangeError(`${what}[${i}] = ${String(v)} is not a node id (an integer in [0, ${rows}))`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * model.forward(g, features) in eval mode under noGrad, reduced to the rows of `nodes`: logits,
 * class probabilities and classes. The output must be 2-d [rows, classes].
 */
export function predict(model: Module, g: Graph, features: Tensor, opts: PredictOptions = {}): Prediction {
  const modes = new Map(model.modules().map((m) => [m, m.training]));
  model.eval();
  try {
    return noGrad(() => {
      const out = model.forward(g, features);
      if (!(out instanceof Tensor) || out.ndim !== 2) {
        throw new ShapeError(`predict: the model's output must be a [rows, classes] tensor, got ${out instanceof Tensor ? formatShape(out.shape) : typeof out}`);
      }
      const nodes = opts.nodes === undefined ? Int32Array.from({ length: out.shape[0] }, (_, i) => i) : checkNodeIds(opts.nodes, out.shape[0]);
      const logits = indexSelect(out, 0, nodes);
      const probabilities = softmax(logits, 1);
      const C = out.shape[1];
      const classes = new Int32Array(nodes.length);
      for (let r = 0; r < nodes.length; r++) {
        let best = 0;
        for (let c = 1; c < C; c++) if (logits.data[r * C + c] > logits.data[r * C + best]) best = c;
        classes[r] = best;
      }
      return { nodes, logits, probabilities, classes };
    });
  } finally {
    modes.forEach((mode, m) => { m.training = mode; });
  }
}
