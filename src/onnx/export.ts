/**
 * ONNX export of a trained model: one traced forward pass on a sample graph and features, lowered
 * to an ONNX graph whose inputs are the features and the edge list (`features` [N, F], `src`, `dst`
 * int64 [E], plus `graph_ids` int64 [N] for readouts and `etypes` int64 [E] for relational
 * layers) and whose output is `output`. The graph is an input: one file serves any graph.
 */
import { DeepGraphError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { Graph } from '../graph/graph.js';
import type { Module } from '../nn/module.js';
import { VERSION } from '../version.js';
import { OnnxBuilder } from './builder.js';
import { GraphValues, INDEX_TYPE } from './graph-ops.js';
import { DataType, type Dim, type ValueInfo, encodeModel } from './proto.js';
import { Tracer } from './tracer.js';

/** The sample the model is traced on: called as model.forward(graph, features[, ...]). */
export interface OnnxSample {
  graph: Graph;
  features: Tensor;
  /** Edge types (one per edge), for models with relational layers (RelGraphConv); an `etypes` input. */
  etypes?: Tensor | Int32Array | readonly number[];
  /**
   * Per-edge float tensors the model reads (edge weights, R-GCN's norm), each an input of the file
   * named by its key, [num_edges, ...]. The model must use these very tensor objects.
   */
  edata?: Readonly<Record<string, Tensor>>;
}

export interface OnnxExportOptions {
  /** ONNX opset (default 18, the first with max / min scatter reductions; at least 16). */
  opset?: number;
  /** The feature shape the model expects ([N, F], N ignored); a sample of another width is named. */
  inputShape?: readonly number[];
  /** Free text stored in the model's doc string. */
  docString?: string;
}

export const DEFAULT_OPSET = 18;
const MIN_OPSET = 16;

function checkSample(sample: OnnxSample, opts: OnnxExportOptions): { graph: Graph; features: Tensor } {
  if (sample === null || typeof sample !== 'object') throw new TypeError('ONNX export: the sample must be { graph, features }');
  const { graph, features } = sample;
  if (!(graph instanceof Graph)) throw new TypeError('ONNX export: sample.graph must be a deepgraph Graph');
  if (!(features instanceof Tensor)) throw new TypeError('ONNX export: sample.features must be a Tensor');
  if (!graph.isHomogeneous || graph.isBlock) {
    throw new DeepGraphError('ONNX export: the sample graph must be homogeneous (one node type, one edge type, not a block); ' +
      'pass edge types of a typed graph as sample.etypes on its homogeneous form');
  }
  const n = graph.numNodes();
  if (features.dtype === 'int32') {
    // Node ids for featureless models (R-GCN's one-hot input): an int64 [num_nodes] input.
    if (features.ndim !== 1 || features.shape[0] !== n) {
      throw new ShapeError(`ONNX export: sample node ids have shape ${formatShape(features.shape)}; expected [${n}] (one id per node)`);
    }
    return { graph, features };
  }
  if (features.dtype !== 'float32' && features.dtype !== 'float64') {
    throw new ShapeError(`ONNX export: sample features must be float32 or float64 (or int32 node ids), got ${features.dtype}`);
  }
  if (features.ndim !== 2 || features.shape[0] !== n) {
    throw new ShapeError(`ONNX export: sample features have shape ${formatShape(features.shape)}; expected [${n}, F] ` +
      `(one row per node of the sample graph's ${n} nodes)`);
  }
  const expected = opts.inputShape;
  if (expected !== undefined && (expected.length !== 2 || expected[1] !== features.shape[1])) {
    throw new ShapeError(`ONNX export: sample features have shape ${formatShape(features.shape)}, expected ${formatShape(expected)}`);
  }
  return { graph, features };
}

function batchOffsets(g: Graph): Int32Array {
  const sizes = g.batchNumNodes();
  const offsets = new Int32Array(sizes.length + 1);
  for (let i = 0; i < sizes.length; i++) offsets[i + 1] = offsets[i] + sizes[i];
  return offsets;
}

function etypesOf(e: OnnxSample['etypes'], numEdges: number): Int32Array | null {
  if (e === undefined) return null;
  const data = Int32Array.from(e instanceof Tensor ? (e.data as ArrayLike<number>) : e);
  if (data.length !== numEdges) throw new ShapeError(`ONNX export: sample.etypes has ${data.length} entries for ${numEdges} edges`);
  return data;
}

/**
 * The ONNX model (serialized ModelProto) of `model` traced on `sample` in eval mode without
 * gradients; the model's training mode is restored afterwards. Throws naming the op and the
 * layer when something has no lowering, and the opset needed when it is too low.
 */
export function exportModelBytes(model: Module, sample: OnnxSample, opts: OnnxExportOptions = {}): Uint8Array {
  const opset = opts.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET) {
    throw new DeepGraphError(`ONNX export: opset ${opset} is not supported; message passing needs ScatterElements with reduction add, ` +
      `opset ${MIN_OPSET} or later (${DEFAULT_OPSET} for max / min aggregation)`);
  }
  const { graph, features } = checkSample(sample, opts);
  const adj = graph.sparse();
  const floatCode = features.dtype === 'float64' ? DataType.DOUBLE : DataType.FLOAT;
  const tracer = new Tracer({
    adj, batchOffsets: batchOffsets(graph), etypes: etypesOf(sample.etypes, adj.numEdges),
    numNodes: adj.numSrc, numEdges: adj.numEdges,
  });
  const wasTraining = modesOf(model);
  model.eval();
  try {
    const out = noGrad(() => tracer.run(model, () => tracedForward(model, graph, features, sample.etypes)));
    if (!(out instanceof Tensor)) throw new DeepGraphError('ONNX export: model.forward must return one Tensor');
    const b = new OnnxBuilder(opset, floatCode);
    const inputs: ValueInfo[] = [
      features.dtype === 'int32'
        ? { name: b.reserve('features'), elemType: INDEX_TYPE, shape: ['num_nodes'], docString: 'node ids [N] into the trained embedding tables' }
        : { name: b.reserve('features'), elemType: floatCode, shape: ['num_nodes', features.shape[1]], docString: 'node features [N, F]' },
      { name: b.reserve('src'), elemType: INDEX_TYPE, shape: ['num_edges'], docString: 'source node of each edge' },
      { name: b.reserve('dst'), elemType: INDEX_TYPE, shape: ['num_edges'], docString: 'destination node of each edge' },
    ];
    const lazyInput = (v: ValueInfo): (() => string) => () => {
      if (!inputs.some((i) => i.name === v.name)) inputs.push({ ...v, name: b.reserve(v.name) });
      return v.name;
    };
    const graphIds = lazyInput({ name: 'graph_ids', elemType: INDEX_TYPE, shape: ['num_nodes'], docString: 'graph of each node (0-based) for readouts' });
    const etypes = lazyInput({ name: 'etypes', elemType: INDEX_TYPE, shape: ['num_edges'], docString: 'type of each edge' });
    const gv = new GraphValues(b, 'features', 'src', 'dst', graphIds);
    const bound = new Map<Tensor, string>([[features, 'features']]);
    for (const [name, t] of Object.entries(sample.edata ?? {})) {
      const edgeDtype = floatCode === DataType.DOUBLE ? 'float64' : 'float32';
      if (!(t instanceof Tensor) || t.ndim < 1 || t.shape[0] !== adj.numEdges || t.dtype !== edgeDtype) {
        throw new ShapeError(`ONNX export: sample.edata '${name}' must be a ${edgeDtype} tensor with one row per edge (${adj.numEdges})`);
      }
      inputs.push({ name: b.reserve(name), elemType: floatCode, shape: ['num_edges', ...t.shape.slice(1)], docString: 'per-edge values' });
      bound.set(t, name);
    }
    const result = noGrad(() => tracer.lower(b, gv, bound, out, etypes));
    b.nodes.push({ input: [result], output: [b.reserve('output')], name: 'output', opType: 'Identity', attribute: [] });
    const rows: Dim = out.shape[0] === features.shape[0] ? 'num_nodes' : inputs.some((i) => i.name === 'graph_ids') ? 'num_graphs' : out.shape[0];
    return encodeModel({
      opset, producerVersion: VERSION, docString: opts.docString ?? `${model.constructor.name} exported by deepgraph`,
      graphName: model.constructor.name, nodes: b.nodes, initializers: b.initializers, inputs,
      outputs: [{ name: 'output', elemType: floatCode, shape: [rows, ...out.shape.slice(1)] }],
      metadata: { deepgraph_inputs: inputs.map((i) => i.name).join(','), deepgraph_min_opset: String(Math.max(MIN_OPSET, b.needed.opset)) },
    });
  } finally {
    tracer.dispose();
    wasTraining.forEach((mode, m) => { m.training = mode; });
  }
}

/** model.forward on the sample; a shape error there is a sample that does not fit the model, said so. */
function tracedForward(model: Module, graph: Graph, features: Tensor, etypes: OnnxSample['etypes']): unknown {
  try {
    return model.forward(graph, features, ...(etypes === undefined ? [] : [etypes]));
  } catch (e) {
    if (e instanceof ShapeError) {
      throw new ShapeError(`ONNX export: the sample features of shape ${formatShape(features.shape)} do not fit the model: ${e.message}`);
    }
    throw e;
  }
}

function modesOf(model: Module): Map<Module, boolean> {
  return new Map(model.modules().map((m) => [m, m.training]));
}
