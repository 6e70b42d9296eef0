/**
 * Layer-neighbour sampling (LABOR-0; Balin & Catalyurek 2023; DGL's dgl.dataloading.LaborSampler
 * with importance_sampling 0). Like NeighborSampler each destination t keeps about fanout of its d_t
 * in-edges (edge s->t kept when r_s <= fanout / d_t), but the uniform variate r_s belongs to the
 * source node and is shared by every destination of the layer, so neighbouring seeds pick the same
 * sources and a batch touches far fewer distinct nodes for the same expected fanout.
 */
import type { Graph } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import { resolveSeed } from '../sampling/common.js';
import type { SeedsLike } from '../sampling/frontier.js';
import { type BlockSpec, blockSpecOf, idsPerType, schemaOf } from './block.js';
import { nodeMiniBatch, type NodeMiniBatch } from './materialize.js';
import { type BlockSampler, NeighborSampler, type SampleOptions, checkOptionKeys } from './neighbor-sampler.js';
import type { BatchResult } from './plan.js';
import { checkHomogeneous } from './subgraph-sampler.js';
import { defaultGenerator } from '../tensor/random.js';

/** Options of `LaborSampler`. */
export interface LaborSamplerOptions {
  /** One set of variates for all layers (DGL's layer_dependency). Default false: new variates per layer. */
  layerDependency?: boolean;
  /** Node features gathered into blocks[0].srcdata (DGL's prefetch_node_feats). */
  prefetchNodeFeats?: readonly string[];
  /** Node features gathered into blocks[last].dstdata (DGL's prefetch_labels). */
  prefetchLabels?: readonly string[];
  /** Edge features gathered into every block's edata. */
  prefetchEdgeFeats?: readonly string[];
}

/** A 32-bit mix (murmur3's finaliser). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * LABOR-0 blocks: fanouts as NeighborSampler's (fanouts[0] is the input layer; -1 takes every
 * in-edge). Each destination keeps in expectation min(fanout, degree) in-edges. Graphs with one
 * node and one edge type; runs on the calling thread (DataLoader numWorkers 0).
 */
export class LaborSampler implements BlockSampler {
  readonly fanouts: readonly number[];
  readonly layerDependency: boolean;
  private readonly options: NeighborSampler;

  constructor(fanouts: readonly number[], opts: LaborSamplerOptions = {}) {
    checkOptionKeys('LaborSampler', opts, ['layerDependency', 'prefetchNodeFeats', 'prefetchLabels', 'prefetchEdgeFeats']);
    const { layerDependency, ...rest } = opts;
    // NeighborSampler checks the fanouts and feature names the same way.
    this.options = new NeighborSampler(fanouts, rest);
    if (fanouts.some((f) => typeof f !== 'number')) throw new TypeError('LaborSampler: fanouts must be numbers');
    this.fanouts = [...fanouts];
    this.layerDependency = layerDependency ?? false;
  }

  get numLayers(): number { return this.fanouts.length; }

  /** The blocks around `seeds`, input layer first: [inputNodes, outputNodes, blocks]. */
  sample(g: Graph, seeds: SeedsLike, opts: SampleOptions = {}): NodeMiniBatch {
    const op = 'LaborSampler.sample';
    checkHomogeneous(op, g);
    if (opts.excludeEdges !== undefined) throw new DeepGraphError(`${op}: excludeEdges is not supported`);
    const plan = this.options.plan(g);
    const seed = opts.seed === undefined ? defaultGenerator.nextUint32() : resolveSeed(op, opts.seed);
    const schema = schemaOf(g);
    const { indptr, indices, eids } = g.adj({ transpose: true });
    const outputNodes = idsPerType(op, g, seeds, 'seed node')[0];
    let dst = outputNodes;
    const specs: BlockSpec[] = [];
    for (let l = this.fanouts.length - 1; l >= 0; l--) {
      const fanout = this.fanouts[l];
      const salt = mix((seed ^ mix(this.layerDependency ? 0x9e3779b9 : (l + 1) * 0x9e3779b9)) >>> 0);
      const src: number[] = [], to: number[] = [], eid: number[] = [];
      for (let i = 0; i < dst.length; i++) {
        const t = dst[i], start = indptr[t], deg = indptr[t + 1] - start;
        const c = fanout < 0 || deg <= fanout ? 1 : fanout / deg;
        for (let q = start; q < start + deg; q++) {
          const s = indices[q];
          if (c < 1 && mix((s ^ salt) >>> 0) / 4294967296 > c) continue;
          src.push(s); to.push(t); eid.push(eids === null ? q : eids[q]);
        }
      }
      const spec = blockSpecOf(schema, [dst], [{ src: Int32Array.from(src), dst: Int32Array.from(to), eid: Int32Array.from(eid) }], {}, op);
      specs.unshift(spec);
      dst = spec.srcNodes[0];
    }
    const r: BatchResult = {
      index: 0, inputNodes: [dst], outputNodes: [outputNodes], blocks: specs, pair: null, negPair: null,
      nodeFeatures: [{}], labels: [{}], edgeFeatures: specs.map(() => [{}]),
    };
    return nodeMiniBatch(g, plan, r);
  }
}
