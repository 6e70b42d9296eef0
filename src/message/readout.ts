/**
 * Readouts over batched graphs (DGL's sum_nodes, mean_nodes, ...): one row per member graph,
 * computed with segment reductions over batchNumNodes() / batchNumEdges().
 */
import { Tensor } from '../tensor/tensor.js';
import { mul } from '../tensor/elementwise.js';
import { numel } from '../tensor/shape.js';
import type { Graph, EtypeKey } from '../graph/graph.js';
import { segmentReduce, segmentSoftmax, segmentBroadcast } from './segment.js';
import { assembleRows, gatherRows } from './gather.js';

/** Options of the node readouts: node type and optional per-node weight feature. */
export interface NodeReadoutOptions {
  /** Node feature [N, 1] (name or tensor) multiplying feat before the reduction. */
  weight?: string | Tensor;
  ntype?: string;
}
/** Options of the edge readouts: edge type and optional per-edge weight feature. */
export interface EdgeReadoutOptions {
  weight?: string | Tensor;
  etype?: EtypeKey;
}

function nodeFeat(g: Graph, feat: string | Tensor, ntype?: string): Tensor {
  return typeof feat === 'string' ? g.nodeFrame(ntype).get(feat) : feat;
}

function edgeFeat(g: Graph, feat: string | Tensor, etype?: EtypeKey): Tensor {
  return typeof feat === 'string' ? g.edgeFrame(etype).get(feat) : feat;
}

function weighted(x: Tensor, w: Tensor | undefined): Tensor {
  return w === undefined ? x : mul(x, w);
}

function readNodes(g: Graph, feat: string | Tensor, op: 'sum' | 'mean' | 'max' | 'min', o: NodeReadoutOptions): Tensor {
  const w = o.weight === undefined ? undefined : nodeFeat(g, o.weight, o.ntype);
  return segmentReduce(g.batchNumNodes(o.ntype), weighted(nodeFeat(g, feat, o.ntype), w), op);
}

function readEdges(g: Graph, feat: string | Tensor, op: 'sum' | 'mean' | 'max' | 'min', o: EdgeReadoutOptions): Tensor {
  const w = o.weight === undefined ? undefined : edgeFeat(g, o.weight, o.etype);
  return segmentReduce(g.batchNumEdges(o.etype), weighted(edgeFeat(g, feat, o.etype), w), op);
}

/** How `readoutNodes` / `readoutEdges` reduce the rows of each member graph (DGL's `op`): sum, mean, max or min. */
export type ReadoutOp = 'sum' | 'mean' | 'max' | 'min';
const READOUT_OPS: readonly ReadoutOp[] = ['sum', 'mean', 'max', 'min'];

function checkOp(name: string, op: string): ReadoutOp {
  if (!READOUT_OPS.includes(op as ReadoutOp)) throw new RangeError(`${name}: unknown op '${op}'; expected one of ${READOUT_OPS.join(', ')}`);
  return op as ReadoutOp;
}

/** One row per member graph: feat (times weight [N, 1] when given) reduced by op (DGL's readout_nodes). */
export function readoutNodes(g: Graph, feat: string | Tensor, o: NodeReadoutOptions & { op?: ReadoutOp } = {}): Tensor {
  return readNodes(g, feat, checkOp('readoutNodes', o.op ?? 'sum'), o);
}

/** One row per member graph from edge features (DGL's readout_edges). */
export function readoutEdges(g: Graph, feat: string | Tensor, o: EdgeReadoutOptions & { op?: ReadoutOp } = {}): Tensor {
  return readEdges(g, feat, checkOp('readoutEdges', o.op ?? 'sum'), o);
}

/** Per graph of a batch, the sum of a node feature (DGL's `sum_nodes`). */
export const sumNodes = (g: Graph, feat: string | Tensor, o: NodeReadoutOptions = {}): Tensor => readNodes(g, feat, 'sum', o);
/** Per graph of a batch, the mean of a node feature (DGL's `mean_nodes`). */
export const meanNodes = (g: Graph, feat: string | Tensor, o: NodeReadoutOptions = {}): Tensor => readNodes(g, feat, 'mean', o);
/** Per graph of a batch, the maximum of a node feature (DGL's `max_nodes`). */
export const maxNodes = (g: Graph, feat: string | Tensor, o: NodeReadoutOptions = {}): Tensor => readNodes(g, feat, 'max', o);
/** Per graph of a batch, the minimum of a node feature. */
export const minNodes = (g: Graph, feat: string | Tensor, o: NodeReadoutOptions = {}): Tensor => readNodes(g, feat, 'min', o);
/** Per graph of a batch, the sum of an edge feature (DGL's `sum_edges`). */
export const sumEdges = (g: Graph, feat: string | Tensor, o: EdgeReadoutOptions = {}): Tensor => readEdges(g, feat, 'sum', o);
/** Per graph of a batch, the mean of an edge feature (DGL's `mean_edges`). */
export const meanEdges = (g: Graph, feat: string | Tensor, o: EdgeReadoutOptions = {}): Tensor => readEdges(g, feat, 'mean', o);
/** Per graph of a batch, the maximum of an edge feature (DGL's `max_edges`). */
export const maxEdges = (g: Graph, feat: string | Tensor, o: EdgeReadoutOptions = {}): Tensor => readEdges(g, feat, 'max', o);
/** Per graph of a batch, the minimum of an edge feature. */
export const minEdges = (g: Graph, feat: string | Tensor, o: EdgeReadoutOptions = {}): Tensor => readEdges(g, feat, 'min', o);

/** Softmax over the nodes of each member graph, per feature column. */
export function softmaxNodes(g: Graph, feat: string | Tensor, ntype?: string): Tensor {
  return segmentSoftmax(g.batchNumNodes(ntype), nodeFeat(g, feat, ntype));
}

/** Softmax over the edges of each member graph, per feature column. */
export function softmaxEdges(g: Graph, feat: string | Tensor, etype?: EtypeKey): Tensor {
  return segmentSoftmax(g.batchNumEdges(etype), edgeFeat(g, feat, etype));
}

/** Copies row b of graphFeat [B, ...] to every node of member graph b. */
export function broadcastNodes(g: Graph, graphFeat: Tensor, ntype?: string): Tensor {
  return segmentBroadcast(g.batchNumNodes(ntype), graphFeat);
}

/** Copies row b of graphFeat [B, ...] to every edge of member graph b. */
export function broadcastEdges(g: Graph, graphFeat: Tensor, etype?: EtypeKey): Tensor {
  return segmentBroadcast(g.batchNumEdges(etype), graphFeat);
}

/** Options shared by `topkNodes` and `topkEdges`. */
export interface TopkOptions {
  /** Largest first (default) or smallest first. */
  descending?: boolean;
  /** Rank whole rows by this column of feat [N, D]; otherwise each column is ranked on its own. */
  sortby?: number;
}
/** Options of `topkNodes`. */
export interface TopkNodesOptions extends TopkOptions { ntype?: string }
/** Options of `topkEdges`. */
export interface TopkEdgesOptions extends TopkOptions { etype?: EtypeKey }

/**
 * The k top-ranked nodes of each member graph (DGL's topk_nodes) for a feature [N, D]. Returns
 * values [B, k, D] (zero-padded when a graph has fewer than k nodes) and node indices within each
 * graph ([B, k] with sortby, else [B, k, D]; -1 for padding).
 */
export function topkNodes(g: Graph, feat: string | Tensor, k: number, o: TopkNodesOptions = {}): [Tensor, Tensor] {
  return topkRows('topkNodes', nodeFeat(g, feat, o.ntype), g.batchNumNodes(o.ntype), k, o);
}

/** The k top-ranked edges of each member graph (DGL's topk_edges), as topkNodes. */
export function topkEdges(g: Graph, feat: string | Tensor, k: number, o: TopkEdgesOptions = {}): [Tensor, Tensor] {
  return topkRows('topkEdges', edgeFeat(g, feat, o.etype), g.batchNumEdges(o.etype), k, o);
}

function topkRows(name: string, x: Tensor, lens: Int32Array, k: number, o: TopkOptions): [Tensor, Tensor] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${name}: k must be a positive integer, got ${k}`);
  const D = numel(x.shape.slice(1));
  const B = lens.length;
  const sign = o.descending === false ? 1 : -1;
  const flat = x.reshape([x.shape[0] * D, 1]);
  const cols = o.sortby === undefined ? Array.from({ length: D }, (_, c) => c) : [o.sortby];
  if (o.sortby !== undefined && !(o.sortby >= 0 && o.sortby < D)) throw new RangeError(`${name}: sortby ${o.sortby} is out of range [0, ${D})`);
  const src: number[] = [], dst: number[] = [];
  const idx = new Int32Array(B * k * cols.length).fill(-1);
  let start = 0;
  for (let b = 0; b < B; b++) {
    for (const [ci, c] of cols.entries()) {
      const order = Array.from({ length: lens[b] }, (_, i) => i)
        .sort((p, q) => sign * (x.data[(start + p) * D + c] - x.data[(start + q) * D + c]) || p - q);
      for (let r = 0; r < Math.min(k, order.length); r++) {
        idx[(b * k + r) * cols.length + ci] = order[r];
        const cs = o.sortby === undefined ? [c] : Array.from({ length: D }, (_, j) => j);
        for (const j of cs) { src.push((start + order[r]) * D + j); dst.push((b * k + r) * D + j); }
      }
    }
    start += lens[b];
  }
  const picked = gatherRows(flat, Int32Array.from(src));
  const values = assembleRows([{ rows: Int32Array.from(dst), value: picked }], B * k * D, [1], x.dtype as 'float32' | 'float64')
    .reshape([B, k, ...x.shape.slice(1)]);
  const indices = new Tensor(idx, o.sortby === undefined ? [B, k, D] : [B, k], 'int32');
  return [values, indices];
}
