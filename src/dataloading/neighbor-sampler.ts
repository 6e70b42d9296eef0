/** Block samplers for node-wise minibatches (DGL's dgl.dataloading.NeighborSampler). */
import { type Graph, canonicalKey } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import { checkFanout, excludeMaskOf, resolveSeed, type IdsLike } from '../sampling/common.js';
import { type PerRelation, type SeedsLike, checkRelationKeys } from '../sampling/frontier.js';
import { Tensor } from '../tensor/tensor.js';
import { idsPerType } from './block.js';
import { nodeMiniBatch, type NodeMiniBatch } from './materialize.js';
import type { NeighborPlan } from './plan.js';
import { runPlan } from './run-plan.js';
import { type ArrayNeeds, graphArrays } from './structure.js';

/** Fanout of one layer: one number for every relation, or one per edge type (name or 'src:etype:dst'). */
export type LayerFanout = number | Readonly<Record<string, number>>;

/** Options of `NeighborSampler`: edge direction, probabilities, replacement, excluded edges. */
export interface NeighborSamplerOptions {
  /** Sample with replacement. Default false. */
  replace?: boolean;
  /** Edge feature with (unnormalised, non-negative) sampling weights; zero-weight edges are never sampled. */
  prob?: string;
  /** Node features to gather for the input nodes into blocks[0].srcdata (DGL's prefetch_node_feats). */
  prefetchNodeFeats?: readonly string[];
  /** Node features to gather for the output nodes into blocks[last].dstdata (DGL's prefetch_labels). */
  prefetchLabels?: readonly string[];
  /** Edge features to gather into every block's edata. */
  prefetchEdgeFeats?: readonly string[];
}

/** Per-call options of `sample`: the random seed of this batch. */
export interface SampleOptions {
  /** uint32 seed of the batch; default: drawn from the global generator (dg.manualSeed). */
  seed?: number;
  /** Edge ids never sampled, per relation on typed graphs. */
  excludeEdges?: PerRelation<IdsLike>;
}

/** Anything the DataLoader can sample node batches with. */
export interface BlockSampler {
  /** The number of blocks (GNN layers) each batch has. */
  readonly numLayers: number;
  /** The plan the loader runs (on the main thread or in workers); custom samplers may omit it (numWorkers 0). */
  plan?(g: Graph): NeighborPlan;
  /** The blocks of one mini-batch of seed nodes, input layer first (DGL's `sample_blocks`). */
  sample(g: Graph, seeds: SeedsLike, opts?: SampleOptions): NodeMiniBatch;
}

const KNOWN = ['replace', 'prob', 'prefetchNodeFeats', 'prefetchLabels', 'prefetchEdgeFeats'];

export function checkOptionKeys(op: string, opts: object, known: readonly string[]): void {
  for (const k of Object.keys(opts)) {
    if (!known.includes(k)) throw new RangeError(`${op}: unknown option '${k}'; options: ${known.join(', ')}`);
  }
}

function names(op: string, what: string, v: readonly string[] | undefined): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((n) => typeof n !== 'string')) throw new TypeError(`${op}: ${what} must be a list of feature names`);
  return [...v];
}

/**
 * Samples fanouts[l] in-edges per node for layer l (fanouts[0] is the input layer, as in DGL:
 * NeighborSampler([10, 25]) takes 25 neighbours of each output node and 10 of each of those).
 * -1 takes every in-edge.
 */
export class NeighborSampler implements BlockSampler {
  readonly fanouts: readonly LayerFanout[];
  readonly replace: boolean;
  readonly prob: string | null;
  readonly prefetchNodeFeats: readonly string[];
  readonly prefetchLabels: readonly string[];
  readonly prefetchEdgeFeats: readonly string[];

  constructor(fanouts: readonly LayerFanout[], opts: NeighborSamplerOptions = {}) {
    const op = new.target.name;
    if (!Array.isArray(fanouts) || fanouts.length === 0) {
      throw new RangeError(`${op}: fanouts must be a non-empty list (one entry per GNN layer), got ${JSON.stringify(fanouts)}`);
    }
    fanouts.forEach((f, l) => {
      if (typeof f === 'number') checkFanout(op, f, `fanouts[${l}]`);
      else if (f === null || typeof f !== 'object') throw new TypeError(`${op}: fanouts[${l}] must be a number or { etype: number }`);
      else for (const [k, v] of Object.entries(f as Record<string, number>)) checkFanout(op, v, `fanouts[${l}]['${k}']`);
    });
    checkOptionKeys(op, opts, KNOWN);
    if (opts.prob !== undefined && typeof opts.prob !== 'string') throw new TypeError(`${op}: prob must be the name of an edge feature`);
    this.fanouts = fanouts.map((f) => (typeof f === 'number' ? f : { ...f }));
    this.replace = opts.replace ?? false;
    this.prob = opts.prob ?? null;
    this.prefetchNodeFeats = names(op, 'prefetchNodeFeats', opts.prefetchNodeFeats);
    this.prefetchLabels = names(op, 'prefetchLabels', opts.prefetchLabels);
    this.prefetchEdgeFeats = names(op, 'prefetchEdgeFeats', opts.prefetchEdgeFeats);
  }

  get numLayers(): number { return this.fanouts.length; }

  /** Fanouts resolved per relation of g; every relation needs one. */
  plan(g: Graph): NeighborPlan {
    const op = this.constructor.name;
    if (g.isBlock) throw new DeepGraphError(`${op}: expects a graph, not a block`);
    const fanouts = this.fanouts.map((f, l) => {
      checkRelationKeys(op, g, f, `fanouts[${l}]`);
      return g.canonicalEtypes.map((c) => {
        const k = typeof f === 'number' ? f : f[canonicalKey(c)] ?? f[c[1]];
        if (k === undefined) throw new DeepGraphError(`${op}: fanouts[${l}] has no fanout for edge type ${canonicalKey(c)}`);
        return k;
      });
    });
    // A prefetched feature must exist on some type; asking the first frame throws, listing what exists.
    for (const name of [...this.prefetchNodeFeats, ...this.prefetchLabels]) {
      if (!g.ntypes.some((t) => g.nodeFrame(t).has(name))) g.nodeFrame(g.ntypes[0]).get(name);
    }
    for (const name of this.prefetchEdgeFeats) {
      const keys = g.canonicalEtypes.map(canonicalKey);
      if (!keys.some((k) => g.edgeFrame(k).has(name))) g.edgeFrame(keys[0]).get(name);
    }
    return {
      kind: 'neighbor', fanouts, replace: this.replace, prob: this.prob,
      nodeFeatures: [...this.prefetchNodeFeats], labels: [...this.prefetchLabels], edgeFeatures: [...this.prefetchEdgeFeats],
    };
  }

  /** One batch around `seeds` (repeats dropped): [inputNodes, outputNodes, blocks]. */
  sample(g: Graph, seeds: SeedsLike, opts: SampleOptions = {}): NodeMiniBatch {
    const op = `${this.constructor.name}.sample`;
    const plan = this.plan(g);
    const arrays = graphArrays(g, needsOf(plan), op);
    const seedIds = idsPerType(op, g, seeds, 'seed node');
    checkRelationKeys(op, g, opts.excludeEdges, 'excludeEdges');
    const masks = g.canonicalEtypes.map((c) => {
      const e = opts.excludeEdges;
      const ids = e === undefined || isIds(e) ? e as IdsLike | undefined : (e as Record<string, IdsLike>)[canonicalKey(c)] ?? (e as Record<string, IdsLike>)[c[1]];
      if (isIds(e) && g.canonicalEtypes.length !== 1) throw new DeepGraphError(`${op}: give excludeEdges per edge type on a graph with several`);
      return excludeMaskOf(op, ids, g.numEdges(canonicalKey(c)));
    });
    const r = runPlan(arrays, plan, { index: 0, seeds: seedIds, seed: resolveSeed(op, opts.seed) }, masks);
    return nodeMiniBatch(g, plan, r);
  }
}

const isIds = (x: unknown): boolean => x instanceof Tensor || x instanceof Int32Array || Array.isArray(x);

/** The arrays a neighbour plan reads. */
export function needsOf(plan: NeighborPlan): ArrayNeeds {
  return { prob: plan.prob, nodeFeatures: [...plan.nodeFeatures, ...plan.labels], edgeFeatures: plan.edgeFeatures };
}

/** Every in-edge of every node, for numLayers layers (DGL's MultiLayerFullNeighborSampler). */
export class MultiLayerFullNeighborSampler extends NeighborSampler {
  constructor(numLayers: number, opts: Omit<NeighborSamplerOptions, 'replace' | 'prob'> = {}) {
    if (!(Number.isInteger(numLayers) && numLayers >= 1)) {
      throw new RangeError(`MultiLayerFullNeighborSampler: numLayers must be a positive integer, got ${numLayers}`);
    }
    super(new Array<number>(numLayers).fill(-1), opts);
  }
}

/**
 * Throws unless the sampler makes one block per layer of the model (`owner` names it in the
 * message), e.g. matchLayers(new NeighborSampler([10, 25]), model.layers.length, 'GraphSAGE').
 */
export function matchLayers(sampler: { readonly numLayers: number; readonly fanouts?: readonly LayerFanout[] }, numLayers: number,
  owner = 'the model'): void {
  if (sampler.numLayers !== numLayers) {
    const layers = (n: number): string => `${n} layer${n === 1 ? '' : 's'}`;
    const what = sampler.fanouts !== undefined ? `${sampler.numLayers} fanouts (${JSON.stringify(sampler.fanouts)})` : layers(sampler.numLayers);
    throw new RangeError(`the sampler has ${what} but ${owner} has ${layers(numLayers)}; give one fanout per layer`);
  }
}
