/** Edge-wise minibatches for link prediction (DGL's as_edge_prediction_sampler). */
import { type Graph, canonicalKey } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import { resolveSeed, toIds, type IdsLike } from '../sampling/common.js';
import type { NegativeSampler } from '../sampling/negative.js';
import { checkRelationKeys } from '../sampling/frontier.js';
import { isIdsInput } from '../graph/validate-ids.js';
import { edgeMiniBatch, type EdgeMiniBatch } from './materialize.js';
import { type BlockSampler, checkOptionKeys, needsOf } from './neighbor-sampler.js';
import type { EdgeExclusion, EdgePlan } from './plan.js';
import { runPlan } from './run-plan.js';
import { type ArrayNeeds, graphArrays } from './structure.js';

/** Options of `asEdgePredictionSampler`: edge exclusion and the negative sampler. */
export interface EdgePredictionOptions {
  /**
   * Edges kept out of the sampled blocks so that the model cannot see the edges it predicts:
   * 'self' the batch's edges, 'reverseId' those and their reverses (reverseEids), 'reverseTypes'
   * those and the edges of the same ids in the reverse edge type (reverseEtypes; DGL's
   * exclude='reverse_types'). Default none.
   */
  exclude?: 'self' | 'reverseId' | 'reverseTypes';
  /** reverseEids[e] is the reverse edge of e (for exclude 'reverseId'; e.g. from addReverseEdges). */
  reverseEids?: IdsLike;
  /**
   * For exclude 'reverseTypes': edge type → its reverse edge type (names or 'src:etype:dst'), whose
   * edge i must join the same nodes as edge i of the forward type, reversed (DGL's reverse_etypes).
   */
  reverseEtypes?: Readonly<Record<string, string>>;
  /** Negative pairs per batch: Uniform(k), PerSourceUniform(k) or GlobalUniform(k). */
  negativeSampler?: NegativeSampler;
  /** The relation whose edges are the seeds, on graphs with several. */
  etype?: string;
}

const KNOWN = ['exclude', 'reverseEids', 'reverseEtypes', 'negativeSampler', 'etype'];

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
    if (ex !== undefined && ex !== 'self' && ex !== 'reverseId' && ex !== 'reverseTypes') {
      throw new RangeError(`${op}: exclude must be 'self', 'reverseId' or 'reverseTypes', got '${String(ex)}'`);
    }
    if (ex === 'reverseId' && opts.reverseEids === undefined) throw new RangeError(`${op}: exclude 'reverseId' needs reverseEids`);
    if (ex === 'reverseTypes' && (opts.reverseEtypes === null || typeof opts.reverseEtypes !== 'object')) {
      throw new RangeError(`${op}: exclude 'reverseTypes' needs reverseEtypes, e.g. { clicks: 'clickedBy' }`);
    }
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
    const relation = this.relationIndex(g);
    return {
      kind: 'edge', blocks: this.sampler.plan!(g), relation, exclude: this.exclude,
      reverseRelation: this.exclude === 'reverseTypes' ? reverseRelationOf(g, relation, this.opts.reverseEtypes!) : null,
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

  /**
   * The seed edge ids of g's seed relation from a plain id list or DGL's { etype: eids } record
   * (one key, naming the sampler's edge type).
   */
  seedEdges(op: string, g: Graph, eids: IdsLike | Readonly<Record<string, IdsLike>>): Int32Array {
    const relation = this.relationIndex(g), c = g.canonicalEtypes[relation], key = canonicalKey(c);
    let ids = eids as IdsLike;
    if (eids !== null && typeof eids === 'object' && !isIdsInput(eids)) {
      checkRelationKeys(op, g, eids, 'seed edges');
      const keys = Object.keys(eids);
      const other = keys.find((k) => k !== key && k !== c[1]);
      if (other !== undefined || keys.length !== 1) {
        throw new DeepGraphError(`${op}: seed edges must be of the sampler's edge type ${key} only, got [${keys.join(', ')}]`);
      }
      ids = (eids as Readonly<Record<string, IdsLike>>)[keys[0]];
    }
    return toIds(op, 'seed edge', ids, g.numEdges(key), 'edges');
  }

  /** One batch around the seed edges `eids` (of the seed relation; a list or { etype: eids }). */
  sample(g: Graph, eids: IdsLike | Readonly<Record<string, IdsLike>>, opts: { seed?: number } = {}): EdgeMiniBatch {
    const op = 'EdgePredictionSampler.sample';
    const plan = this.plan(g);
    const arrays = graphArrays(g, this.needs(g, plan), op);
    const ids = this.seedEdges(op, g, eids);
    if (plan.blocks.fanouts.length === 0) throw new DeepGraphError(`${op}: the block sampler has no layers`);
    const r = runPlan(arrays, plan, { index: 0, seeds: [ids], seed: resolveSeed(op, opts.seed) });
    return edgeMiniBatch(g, plan, r);
  }
}

/**
 * The index of the seed relation's reverse edge type in reverseEtypes, checked: it must exist, run
 * the other way, and edge i of it must join the nodes of seed edge i (else exclusion would leak).
 */
function reverseRelationOf(g: Graph, relation: number, reverseEtypes: Readonly<Record<string, string>>): number {
  const op = 'asEdgePredictionSampler';
  checkRelationKeys(op, g, reverseEtypes, 'reverseEtypes');
  const c = g.canonicalEtypes[relation], key = canonicalKey(c);
  const name = reverseEtypes[key] ?? reverseEtypes[c[1]];
  if (name === undefined) throw new DeepGraphError(`${op}: reverseEtypes has no reverse of the seed edge type ${key}`);
  if (typeof name !== 'string') throw new TypeError(`${op}: reverseEtypes['${c[1]}'] must be an edge type name`);
  checkRelationKeys(op, g, { [name]: 0 }, 'reverseEtypes');
  const rc = g.toCanonicalEtype(name), rkey = canonicalKey(rc);
  if (rc[0] !== c[2] || rc[2] !== c[0]) throw new DeepGraphError(`${op}: reverse edge type ${rkey} does not run from '${c[2]}' to '${c[0]}' as the reverse of ${key} must`);
  const n = g.numEdges(key);
  if (g.numEdges(rkey) !== n) throw new DeepGraphError(`${op}: reverse edge type ${rkey} has ${g.numEdges(rkey)} edges, ${key} has ${n}; edge i of each must be the reverse of the other`);
  const f = g.sparse(key).coo(), r = g.sparse(rkey).coo();
  for (let e = 0; e < n; e++) {
    if (f.src[e] !== r.dst[e] || f.dst[e] !== r.src[e]) {
      throw new DeepGraphError(`${op}: edge ${e} of ${rkey} (${r.src[e]} → ${r.dst[e]}) is not the reverse of edge ${e} of ${key} (${f.src[e]} → ${f.dst[e]})`);
    }
  }
  return g.canonicalEtypes.findIndex((x) => canonicalKey(x) === rkey);
}

/** DGL's as_edge_prediction_sampler. */
export function asEdgePredictionSampler(sampler: BlockSampler, opts: EdgePredictionOptions = {}): EdgePredictionSampler {
  return new EdgePredictionSampler(sampler, opts);
}
