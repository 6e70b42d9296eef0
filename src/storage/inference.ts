/**
 * Layer-wise (offline) inference, DGL's `model.inference`: each layer runs over every node in
 * minibatches of destination nodes with their full in-neighbourhoods, reading its input rows from
 * the previous layer's output, so memory holds one batch's rows, not an L-hop neighbourhood. With
 * `store` each layer's output is streamed to a .npy file and read back through a DiskFeature.
 */
import { join } from 'node:path';
import type { Graph } from '../graph/graph.js';
import { NID, arangeIds } from '../graph/ids.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import { MultiLayerFullNeighborSampler, type BlockSampler } from '../dataloading/neighbor-sampler.js';
import { DeepGraphError } from '../errors.js';
import { ChunkedArray, allocateStorage, type StorageAccess } from './chunked.js';
import { DiskFeature, type FeatureStore, InMemoryFeature, rowLengthOf } from './feature.js';
import { NpyStreamWriter } from './npy-writer.js';
import { openNpyArray } from './npy-array.js';

/** Options of layer-wise inference. */
export interface InferenceOptions {
  /** Destination nodes per batch. Default 1024. */
  batchSize?: number;
  /** A folder: each layer's output goes to `layer-<l>.npy` there, and the result is a DiskFeature over the last. */
  store?: string;
  /** How the stored outputs are read back. Default 'mmap' (falls back to 'read' without the addon). */
  access?: StorageAccess;
  /** Makes each batch's one-layer block; default MultiLayerFullNeighborSampler(1) (OnDiskNeighborSampler(ds, [-1]) for chunked structure). */
  sampler?: BlockSampler;
}

/** One layer's computation on a block: input rows of the block's source nodes in, rows of its destinations out. */
export type LayerFunction = (layer: number, block: Graph, h: Tensor) => Tensor;

/**
 * Runs numLayers layers over all nodes of g (one node type) in batches. x: input features as a
 * tensor or store. Returns the last layer's output: a tensor, or with `store` a DiskFeature.
 */
export function layerwiseInference(g: Graph, x: Tensor | FeatureStore, numLayers: number, layer: LayerFunction,
  opts: InferenceOptions = {}): Tensor | DiskFeature {
  const op = 'layerwiseInference';
  if (g.ntypes.length !== 1) throw new DeepGraphError(`${op}: needs a graph with one node type`);
  const batchSize = opts.batchSize ?? 1024;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`${op}: batchSize must be a positive integer, got ${batchSize}`);
  const sampler = opts.sampler ?? new MultiLayerFullNeighborSampler(1);
  if (sampler.numLayers !== 1) throw new RangeError(`${op}: the sampler must make one block per batch, it makes ${sampler.numLayers}`);
  const n = g.numNodes();
  let input: FeatureStore = x instanceof Tensor ? new InMemoryFeature(x) : x;
  if (input.numRows !== n) throw new RangeError(`${op}: the features have ${input.numRows} rows, the graph ${n} nodes`);
  let result: Tensor | DiskFeature | null = null;
  for (let l = 0; l < numLayers; l++) {
    let writer: NpyStreamWriter | null = null;
    let memory: Float32Array | Float64Array | null = null;
    let rowShape: number[] = [];
    let outDtype: Tensor['dtype'] = 'float32';
    const file = opts.store === undefined ? '' : join(opts.store, `layer-${l}.npy`);
    try {
      for (let b = 0; b < n; b += batchSize) {
        const seeds = arangeIds(Math.min(batchSize, n - b), b);
        const [, , blocks] = sampler.sample(g, seeds, { seed: 0 });
        const block = blocks[0];
        const h = input.read(block.srcdata.get(NID));
        const out = noGrad(() => layer(l, block, h));
        if (out.shape[0] !== seeds.length || (out.dtype !== 'float32' && out.dtype !== 'float64')) {
          throw new DeepGraphError(`${op}: layer ${l} returned ${out.dtype} [${out.shape.join(', ')}] for ${seeds.length} destination nodes (float rows expected)`);
        }
        if (b === 0) {
          rowShape = out.shape.slice(1);
          outDtype = out.dtype;
          if (opts.store !== undefined) writer = new NpyStreamWriter(file, out.dtype, [n, ...rowShape]);
          else memory = allocateStorage(out.dtype, n * rowLengthOf(rowShape)) as Float32Array | Float64Array;
        } else if (out.shape.slice(1).join() !== rowShape.join()) {
          throw new DeepGraphError(`${op}: layer ${l} changed its row shape between batches`);
        }
        const data = out.data as Float32Array;
        if (writer !== null) writer.append(data);
        else memory!.set(data, b * rowLengthOf(rowShape));
      }
      writer?.close();
    } catch (e) {
      writer?.abort();
      throw e;
    }
    if (opts.store !== undefined) {
      const opened = n === 0 ? null : openNpyArray(opts.store, `layer-${l}.npy`, { what: `layer ${l} output`, access: opts.access });
      const feature = new DiskFeature(opened?.array ?? ChunkedArray.fromArray(new Float32Array(0), 'float32'), rowShape, `layer ${l} output`);
      input = feature;
      result = feature;
    } else {
      const t = new Tensor(memory ?? new Float32Array(0), [n, ...rowShape], outDtype);
      input = new InMemoryFeature(t);
      result = t;
    }
  }
  if (result === null) throw new RangeError(`${op}: numLayers must be at least 1`);
  return result;
}
