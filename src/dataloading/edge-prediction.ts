/** Edge-wise minibatches for link prediction (DGL's as_edge_prediction_sampler). */
import { type Graph, canonicalKey } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import { resolveSeed, toIds, type IdsLike } from '../sampling/common.js';
import type { NegativeSampler } from '../sampling/negative.js';
import { edgeMiniBatch, type EdgeMiniBatch } from './materialize.js';
import { type BlockSampler, checkOptionKeys, needsOf } from './neighbor-sampler.js';
import type { EdgeExclusion, EdgePlan } from './plan.js';
import { runPlan } from './run-plan.js';
import { type ArrayNeeds, graphArrays } from './structure.js';

/** Options of `asEdgePredictionSampler`: edge exclusion and the negative sampler. */
export interface EdgePredictionOptions {
  /**
   * Edges kept out of the sampled blocks so that the model cannot see the edges it predicts:
   * 'self' the batch's edges, 'reverseId' those and their reverses (reverseEids). Default none.
   */
  exclude?: 'self' | 'reverseId';
  /** reverseEids[e] is the reverse edge of e (for exclude 'reverseId'; e.g. from addReverseEdges). */
  reverseEids?: IdsLike;
  /** Negative pairs per batch: Uniform(k), PerSourceUniform(k) or GlobalUniform(k). */
  negativeSampler?: NegativeSampler;
  /** The relation whose edges are the seeds, on graphs with several. */
  etype?: string;
}

const KNOWN = ['exclude', 'reverseEids', 'negativeSampler', 'etype'];

/**
 * Wraps a block sampler for edge batches: for seed edges, the positive pair graph, a negative
 * pair graph, and the blocks computing representations of every node in either pair graph.
 */
export class EdgePredictionSampler {
  readonly exclude: EdgeExclusion;
  private readonly reverseEids: IdsLike | null;

  constructor(readonly sampler: BlockSampler, private readonly opts: EdgePredictionOptions = {}) {
    const op = 'asEdgePredictionSampler';
    checkOptionKeys(op, opts, KNOWN);
    const ex = opts.exclude;
    if (ex !== undefined && ex !== 'self' && ex !== 'reverseId') {
      throw new RangeError(`${op}: exclude must be 'self' or 'reverseId', got '${String(ex)}'`);
    }
    if (ex === 'reverseId' && opts.reverseEids === undefined) throw new RangeError(`${op}: exclude 'reverseId' needs reverseEids`);
    const neg = opts.negativeSampler;
    if (neg !== undefined && typeof neg.toSpec !== 'function') {
      throw new TypeError(`${op}: negativeSampler must be a built-in sampler (Uniform, PerSourceUniform, GlobalUniform)`);
    }
    if (typeof sampler.plan !== 'function') throw new TypeError(`${op}: the block sampler must be a built-in one (NeighborSampler, MultiLayerFullNeighborSampler)`);
    this.exclude = ex ?? 'none';
    this.reverseEids = opts.reverseEids ?? null;
  }

  get numLayers(): number { return this.sampler.numLayers; }

  /** The relation index of the seed edges in g. */
  relationIndex(g: Graph): number {
    const key = canonicalKey(g.toCanonicalEtype(this.opts.etype));
    return g.canonicalEtypes.findIndex((c) => canonicalKey(c) === key);
  }

  /** Precomputes what sampling needs for g (reused by every batch and shipped to workers). */
  plan(g: Graph): EdgePlan {
    return {
      kind: 'edge', blocks: this.sampler.plan!(g), relation: this.relationIndex(g), exclude: this.exclude,
      negative: this.opts.negativeSampler?.toSpec!() ?? null,
    };
  }

  /** The arrays a plan of this sampler reads. */
  needs(g: Graph, plan: EdgePlan): ArrayNeeds {
    const key = canonicalKey(g.canonicalEtypes[plan.relation]);
    let reverseEids: Int32Array | null = null;
    if (this.reverseEids !== null) {
      const n = g.numEdges(key);
      reverseEids = toIds('asEdgePredictionSampler', 'reverse edge id', this.reverseEids, n, 'edges');
      if (reverseEids.length !== n) throw new RangeError(`asEdgePredictionSampler: reverseEids has ${reverseEids.length} entries, expected one per edge of ${key} (${n})`);
    }
    return { ...needsOf(plan.blocks), relation: plan.relation, coo: true, csr: plan.negative?.kind === 'globalUniform', reverseEids };
  }

  /** One batch around the seed edges `eids` (of the seed relation). */
  sample(g: Graph, eids: IdsLike, opts: { seed?: number } = {}): EdgeMiniBatch {
    const op = 'EdgePredictionSampler.sample';
    const plan = this.plan(g);
    const arrays = graphArrays(g, this.needs(g, plan), op);
    const ids = toIds(op, 'seed edge', eids, g.numEdges(canonicalKey(g.canonicalEtypes[plan.relation])), 'edges');
    if (plan.blocks.fanouts.length === 0) throw new DeepGraphError(`${op}: the block sampler has no layers`);
    const r = runPlan(arrays, plan, { index: 0, seeds: [ids], seed: resolveSeed(op, opts.seed) });
    return edgeMiniBatch(g, plan, r);
  }
}

/** DGL's as_edge_prediction_sampler. */
export function asEdgePredictionSampler(sampler: BlockSampler, opts: EdgePredictionOptions = {}): EdgePredictionSampler {
  return new EdgePredictionSampler(sampler, opts);
}
