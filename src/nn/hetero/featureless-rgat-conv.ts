import { DeepGraphError, ShapeError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { mul } from '../../tensor/elementwise.js';
import { sum } from '../../tensor/reduce.js';
import { indexSelect } from '../../tensor/indexing.js';
import { reshape } from '../../tensor/movement.js';
import { canonicalKey, type CanonicalEtype, type Graph } from '../../graph/graph.js';
import { SparseAdj } from '../../graph/sparse.js';
import { uMulESum } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { calculateGain, constant, normal, xavierUniform } from '../init.js';
import { checkRate } from '../conv/util.js';
import { checkAttentionMode, checkPositiveInt } from '../conv/helpers.js';
import { attendRelations, buildRgatPlan, type RgatPlan } from './rgat-plan.js';
import type { RelationalAttentionMode, RelationalGATConvOptions } from './rgat-conv.js';

/** Options of `FeaturelessRelationalGATConv`. */
export interface FeaturelessRelationalGATConvOptions extends Omit<RelationalGATConvOptions, 'featDrop'> {
  /** Bases of W_r = sum_b a_rb V_b (R-GCN's basis decomposition); 0 or at least the relation count: a table per relation (default 0). */
  numBases?: number;
}

/** Per graph: the plan and where each pair's and group's row of W_r comes from. */
interface Lookup {
  plan: RgatPlan;
  /** Without decomposition: rows of the [relations * nodes, heads * out] table; with it: g-SpMM from basis rows. */
  pairs: Int32Array | { adj: SparseAdj; coef: Int32Array };
  groups: Int32Array | { adj: SparseAdj; coef: Int32Array };
}

/**
 * RGAT's first layer on a featureless typed graph, as Busbridge et al. 2019 (and R-GCN) take it:
 * each node's input is its one-hot id over all node types (numbered type by type in the order of
 * `numNodes`), so x W_r is row id(x) of W_r, a [nodes, heads * out] matrix per relation, either
 * free or basis-decomposed (W_r = sum_b wComp[r, b] weight[b], the authors' kernel_basis_size).
 * Otherwise RelationalGATConv: attention vectors per relation, softmax within a relation or across
 * relations, relation outputs summed; the one-hot ids are never materialised (a row lookup, or one
 * g-SpMM over the bases). forward(g) runs on the whole graph the layer was built for and returns
 * [nodes, heads, out] per destination type.
 */
export class FeaturelessRelationalGATConv extends Module {
  readonly relations: readonly CanonicalEtype[];
  readonly ntypes: readonly string[];
  readonly numNodes: number;
  /** [numBases, numNodes, heads * out] (numBases = relations without decomposition). */
  readonly weight: Parameter;
  /** [relations, numBases], or null without decomposition. */
  readonly wComp: Parameter | null;
  readonly attnL: Parameter;
  readonly attnR: Parameter;
  readonly bias: Parameter | null;
  readonly attnDrop: number;
  readonly negativeSlope: number;
  readonly attentionMode: RelationalAttentionMode;
  private readonly offset = new Map<string, number>();
  private readonly typeCounts: Readonly<Record<string, number>>;
  private readonly lookups = new WeakMap<Graph, Lookup>();

  constructor(canonicalEtypes: readonly CanonicalEtype[], numNodes: Readonly<Record<string, number>>, readonly outFeats: number,
    readonly numHeads: number, opts: FeaturelessRelationalGATConvOptions = {}) {
    super();
    const name = 'FeaturelessRelationalGATConv';
    if (canonicalEtypes.length === 0) throw new DeepGraphError(`${name}: no relation given`);
    for (const [what, v] of [['outFeats', outFeats], ['numHeads', numHeads]] as const) checkPositiveInt(name, what, v);
    this.ntypes = Object.keys(numNodes);
    let total = 0;
    for (const t of this.ntypes) {
      checkPositiveInt(name, `numNodes['${t}']`, numNodes[t]);
      this.offset.set(t, total);
      total += numNodes[t];
    }
    this.typeCounts = { ...numNodes };
    this.numNodes = total;
    this.relations = canonicalEtypes.map((c) => [c[0], c[1], c[2]] as const);
    const seen = new Set<string>();
    for (const c of this.relations) {
      const key = canonicalKey(c);
      if (seen.has(key)) throw new DeepGraphError(`${name}: relation ${key} is given twice`);
      seen.add(key);
      for (const t of [c[0], c[2]]) {
        if (!this.offset.has(t)) throw new DeepGraphError(`${name}: relation ${key} names node type '${t}', which numNodes lacks; it has [${this.ntypes.join(', ')}]`);
      }
    }
    const R = this.relations.length, hf = numHeads * outFeats, dtype: FloatDType = opts.dtype ?? 'float32';
    const bases = opts.numBases ?? 0;
    if (!Number.isInteger(bases) || bases < 0) throw new DeepGraphError(`${name}: numBases must be a non-negative integer, got ${bases}`);
    const B = bases > 0 && bases < R ? bases : R;
    this.weight = this.registerParameter('weight', new Parameter(zeros([B, total, hf], { dtype })));
    this.wComp = this.registerParameter('wComp', B < R ? new Parameter(zeros([R, B], { dtype })) : null);
    this.attnL = this.registerParameter('attnL', new Parameter(zeros([R, numHeads, outFeats], { dtype })));
    this.attnR = this.registerParameter('attnR', new Parameter(zeros([R, numHeads, outFeats], { dtype })));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([R, hf], { dtype })) : null);
    this.attnDrop = checkRate('attnDrop', opts.attnDrop ?? 0);
    this.negativeSlope = opts.negativeSlope ?? 0.2;
    this.attentionMode = checkAttentionMode(name, opts.attentionMode, 'within');
    this.resetParameters();
  }

  /** FeaturelessRelGraphConv's (DGL 0.x) xavier-uniform with ReLU gain for weight and wComp; RelationalGATConv's attention vectors; zero bias. */
  resetParameters(): void {
    const gain = calculateGain('relu'), hf = this.numHeads * this.outFeats;
    xavierUniform(this.weight, gain);
    if (this.wComp !== null) xavierUniform(this.wComp, gain);
    for (const a of [this.attnL, this.attnR]) normal(a, 0, gain * Math.sqrt(2 / (hf + this.outFeats)));
    if (this.bias !== null) constant(this.bias, 0);
  }

  forward(g: Graph): Record<string, Tensor> {
    const { plan, pairs, groups } = this.lookupFor(g);
    const H = this.numHeads, F = this.outFeats, hf = H * F, N = this.numNodes;
    const rowsOf = (how: Lookup['pairs']): Tensor => {
      if (how instanceof Int32Array) return indexSelect(reshape(this.weight, [-1, hf]), 0, how);
      const coef = indexSelect(reshape(this.wComp!, [-1, 1]), 0, how.coef);
      return uMulESum(how.adj, reshape(this.weight, [this.weight.shape[0] * N, hf]), coef);
    };
    const feat = reshape(rowsOf(pairs), [-1, H, F]);
    const er = sum(mul(reshape(rowsOf(groups), [-1, H, F]), indexSelect(this.attnR, 0, plan.qRel)), -1, true);
    return attendRelations(plan, feat, er, this);
  }

  private lookupFor(g: Graph): Lookup {
    let lookup = this.lookups.get(g);
    if (lookup !== undefined) return lookup;
    const name = 'FeaturelessRelationalGATConv';
    if (g.isBlock) throw new DeepGraphError(`${name}: runs on the whole graph its node ids number, not on a block`);
    for (const t of g.ntypes) {
      if (this.typeCounts[t] !== g.numNodes(t)) {
        throw new ShapeError(`${name}: the graph has ${g.numNodes(t)} nodes of type '${t}', the layer was built for ${this.typeCounts[t] ?? 0}`);
      }
    }
    const index = new Map(this.relations.map((c, r) => [canonicalKey(c), r]));
    const active = g.canonicalEtypes.map((c) => {
      const r = index.get(canonicalKey(c));
      if (r === undefined) throw new DeepGraphError(`${name}: the graph has relation ${canonicalKey(c)}, which the layer was not built for; it has [${[...index.keys()].join(', ')}]`);
      return r;
    }).sort((a, b) => a - b);
    const plan = buildRgatPlan(g, this.relations, active, this.bias?.dtype ?? null);
    const pairs = this.rowSource(plan.pairRow, plan.pairRel, plan.srcTypes, plan.srcCounts);
    const groups = this.rowSource(plan.qRow, plan.qRel, plan.dstTypes, plan.dstCounts);
    lookup = { plan, pairs, groups };
    this.lookups.set(g, lookup);
    return lookup;
  }

  /** Where row `rows[i]` (in the concatenation of `types`) of W_rel[i] comes from. */
  private rowSource(rows: Int32Array, rel: Int32Array, types: readonly string[], counts: readonly number[]): Lookup['pairs'] {
    const N = this.numNodes, toGlobal = new Int32Array(counts.reduce((a, b) => a + b, 0));
    let at = 0;
    types.forEach((t, i) => { for (let j = 0; j < counts[i]; j++) toGlobal[at++] = this.offset.get(t)! + j; });
    if (this.wComp === null) return Int32Array.from(rows, (row, i) => rel[i] * N + toGlobal[row]);
    // One edge per (row, basis) from basis row b * N + node, weighted by wComp[rel, b].
    const B = this.wComp.shape[1], n = rows.length, src = new Int32Array(n * B), dst = new Int32Array(n * B), coef = new Int32Array(n * B);
    for (let i = 0, e = 0; i < n; i++) {
      for (let b = 0; b < B; b++, e++) { src[e] = b * N + toGlobal[rows[i]]; dst[e] = i; coef[e] = rel[i] * B + b; }
    }
    return { adj: SparseAdj.fromCoo(src, dst, B * N, n, 'FeaturelessRelationalGATConv'), coef };
  }

  override extraRepr(): string {
    const extra = [`relations=${this.relations.length}, nodes=${this.numNodes}, ${this.outFeats}, heads=${this.numHeads}`];
    if (this.wComp !== null) extra.push(`numBases=${this.wComp.shape[1]}`);
    if (this.attnDrop > 0) extra.push(`attnDrop=${this.attnDrop}`);
    if (this.bias === null) extra.push('bias=false');
    if (this.attentionMode === 'across') extra.push("attentionMode='across'");
    return extra.join(', ');
  }
}
