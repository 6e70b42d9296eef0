/**
 * The input layers of R-GCN entity classification on featureless typed graphs, taking node ids
 * (an int32 [N] tensor) instead of features, so that the same layer runs on the training graph or
 * on any subgraph of it whose nodes keep their ids (and exports to ONNX with the ids as input).
 */
import { ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { zeros } from '../../tensor/creation.js';
import { add, mul } from '../../tensor/elementwise.js';
import { matmul } from '../../tensor/matmul.js';
import { reshape } from '../../tensor/movement.js';
import { gatherRows } from '../../message/gather.js';
import { copyESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { calculateGain, xavierUniform } from '../init.js';
import { typeIds } from '../typed-linear.js';
import { adjOf, type ConvGraph } from './util.js';

/** Checks that ids are an int32 [numSrc] tensor of node ids below `numIds`; returns its data. */
function nodeIds(layer: string, ids: Tensor, numSrc: number, numIds: number): Int32Array {
  if (!(ids instanceof Tensor) || ids.dtype !== 'int32' || ids.ndim !== 1 || ids.shape[0] !== numSrc) {
    throw new ShapeError(`${layer}: node ids must be an int32 tensor of shape [${numSrc}] (one per source node), ` +
      `got ${ids instanceof Tensor ? `${ids.dtype} ${formatShape(ids.shape)}` : typeof ids}`);
  }
  const data = ids.data as Int32Array;
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] >= 0 && data[i] < numIds)) throw new RangeError(`${layer}: node id ${data[i]} at ${i} is outside [0, ${numIds})`);
  }
  return data;
}

/**
 * RelGraphConv on one-hot node ids without materialising them (DGL 0.x RelGraphConv given an
 * int64 id vector, as entity_classify.py and the R-GCN paper use it): W_r = sum_b a_rb V_b, each
 * [numNodes, out], and the message of edge j -r-> i is row id(j) of W_r, times the edge's norm.
 * Initialisation as DGL 0.x: xavier uniform with ReLU gain for the bases and coefficients.
 */
export class FeaturelessRelGraphConv extends Module {
  /** [numBases, numNodes, out] (numBases = numRels without decomposition). */
  readonly weight: Parameter;
  /** [numRels, numBases], or null without decomposition. */
  readonly wComp: Parameter | null;
  readonly hBias: Parameter | null;
  /** [numNodes, out]: row id(i) is node i's self-loop term, or null. */
  readonly loopWeight: Parameter | null;

  constructor(readonly numNodes: number, readonly outFeat: number, readonly numRels: number, numBases: number, selfLoop: boolean, bias = true) {
    super();
    const b = numBases > 0 && numBases < numRels ? numBases : numRels;
    this.weight = this.registerParameter('weight', new Parameter(zeros([b, numNodes, outFeat])));
    this.wComp = this.registerParameter('wComp', b < numRels ? new Parameter(zeros([numRels, b])) : null);
    this.hBias = this.registerParameter('hBias', bias ? new Parameter(zeros([outFeat])) : null);
    this.loopWeight = this.registerParameter('loopWeight', selfLoop ? new Parameter(zeros([numNodes, outFeat])) : null);
    const gain = calculateGain('relu');
    xavierUniform(this.weight, gain);
    if (this.wComp !== null) xavierUniform(this.wComp, gain);
    if (this.loopWeight !== null) xavierUniform(this.loopWeight, gain);
  }

  /** The per-relation weights as rows [numRels * numNodes, out]: row r * numNodes + v is W_r's row v. */
  relationRows(): Tensor {
    const n = this.numNodes, f = this.outFeat;
    const w = this.wComp === null ? this.weight : matmul(this.wComp, reshape(this.weight, [this.weight.shape[0], n * f]));
    return reshape(w, [this.numRels * n, f]);
  }

  /** g's edges carry relation ids `etypes`; ids [numSrc] name each node's row; norm [E, 1]. Returns [numDst, out]. */
  forward(g: ConvGraph, ids: Tensor, etypes: Tensor | Int32Array | readonly number[], opts: { norm?: Tensor | null } = {}): Tensor {
    const adj = adjOf(g);
    const id = nodeIds('FeaturelessRelGraphConv', ids, adj.numSrc, this.numNodes);
    const types = typeIds('FeaturelessRelGraphConv: etypes', etypes, adj.numEdges, this.numRels);
    const { src } = adj.coo();
    const row = Int32Array.from(src, (u, e) => types[e] * this.numNodes + id[u]);
    let msg = gatherRows(this.relationRows(), row);
    if (opts.norm !== undefined && opts.norm !== null) msg = mul(msg, opts.norm);
    let h = copyESum(adj, msg);
    if (this.hBias !== null) h = add(h, this.hBias);
    if (this.loopWeight !== null) h = add(h, gatherRows(this.loopWeight, id.subarray(0, adj.numDst)));
    return h;
  }
}

/**
 * rgcn-hetero's input layer (DGL's examples/pytorch/rgcn-hetero): a learned embedding per node,
 * averaged over in-neighbours per relation without a weight (the edge norm), summed, plus a bias.
 */
export class NodeEmbeddingInput extends Module {
  /** [numNodes, out]. */
  readonly emb: Parameter;
  readonly hBias: Parameter;

  constructor(readonly numNodes: number, readonly outFeat: number) {
    super();
    this.emb = this.registerParameter('emb', new Parameter(zeros([numNodes, outFeat])));
    this.hBias = this.registerParameter('hBias', new Parameter(zeros([outFeat])));
    xavierUniform(this.emb, calculateGain('relu'));
  }

  /** ids [numSrc] name each node's embedding row; norm [E, 1]. Returns [numDst, out]. */
  forward(g: ConvGraph, ids: Tensor, opts: { norm?: Tensor | null } = {}): Tensor {
    const adj = adjOf(g);
    const id = nodeIds('NodeEmbeddingInput', ids, adj.numSrc, this.numNodes);
    const { src } = adj.coo();
    let msg = gatherRows(this.emb, Int32Array.from(src, (u) => id[u]));
    if (opts.norm !== undefined && opts.norm !== null) msg = mul(msg, opts.norm);
    return add(copyESum(adj, msg), this.hBias);
  }
}
