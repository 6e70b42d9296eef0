import { DeepGraphError, FeatureNotFoundError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { mul } from '../../tensor/elementwise.js';
import { sum } from '../../tensor/reduce.js';
import { dropout } from '../../tensor/dropout.js';
import { indexSelect } from '../../tensor/indexing.js';
import { concat, narrow, reshape } from '../../tensor/movement.js';
import { canonicalKey, type CanonicalEtype, type Graph } from '../../graph/graph.js';
import { segmentMm } from '../../message/gather-mm.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { calculateGain, constant, normal } from '../init.js';
import { checkRate } from '../conv/util.js';
import { checkAttentionMode, checkPositiveInt } from '../conv/helpers.js';
import type { HeteroInputs } from '../conv/hetero-graph-conv.js';
import { attendRelations, buildRgatPlan, type RgatPlan } from './rgat-plan.js';

/** Options of `RelationalGATConv` (GATConv's, less what does not commute with the sum over relations). */
export interface RelationalGATConvOptions {
  /** Dropout on the input features, one mask per node type and call (default 0). */
  featDrop?: number;
  /** Dropout on the attention coefficients (default 0). */
  attnDrop?: number;
  /** Slope of the LeakyReLU on attention logits (default 0.2). */
  negativeSlope?: number;
  /** A bias per relation, as each GATConv has (default true). */
  bias?: boolean;
  /**
   * Which edges one softmax normalises (Busbridge et al. 2019): 'within' (WIRGAT, the default) a
   * destination's in-edges of one relation, as a GATConv per relation; 'across' (ARGAT) all its
   * in-edges of every relation, so relations compete for the node's attention.
   */
  attentionMode?: RelationalAttentionMode;
  dtype?: FloatDType;
}

/** RGAT's attention modes: softmax within each relation (WIRGAT) or across all relations (ARGAT). */
export type RelationalAttentionMode = 'within' | 'across';

/**
 * Relational GAT in one fused pass (Busbridge et al. 2019's WIRGAT, or ARGAT with attentionMode 'across'; DGL builds it from a GATConv per
 * relation in HeteroGraphConv, which `relationalGAT` does here too): per relation r, a projection
 * W_r, attention vectors a_r, a softmax over each destination's in-edges of that relation, and the
 * relations' outputs (each with its bias) summed per destination type. Equal to `relationalGAT`'s
 * per-relation loop, but every relation's projection is one segment_mm over the distinct
 * (source, relation) pairs, the softmax runs over (destination, relation) groups, and the weighted
 * sum into destination nodes is one g-SpMM, so the cost does not grow with a module per relation.
 * `weight[r]` projects the sources of relation r (and its destinations when both ends have one node
 * type, like GATConv's shared fc); `weightDst` holds the destination projections of the relations
 * between two node types, in relation order (GATConv's fcDst). One input size for every node type.
 * forward takes features per node type (a record, a [src, dst] pair of records, or one record for a
 * block) and returns [nodes, numHeads, outFeats] per destination type reached by a relation.
 */
export class RelationalGATConv extends Module {
  readonly relations: readonly CanonicalEtype[];
  readonly weight: Parameter;
  readonly weightDst: Parameter | null;
  readonly attnL: Parameter;
  readonly attnR: Parameter;
  readonly bias: Parameter | null;
  readonly featDrop: number;
  readonly attnDrop: number;
  readonly negativeSlope: number;
  readonly attentionMode: RelationalAttentionMode;
  /** Per relation: its row in concat([weight, weightDst]) that projects destinations. */
  private readonly dstWeightRow: Int32Array;
  private readonly index = new Map<string, number>();
  private readonly plans = new WeakMap<Graph, Map<string, RgatPlan>>();

  constructor(canonicalEtypes: readonly CanonicalEtype[], readonly inFeats: number, readonly outFeats: number,
    readonly numHeads: number, opts: RelationalGATConvOptions = {}) {
    super();
    if (canonicalEtypes.length === 0) throw new DeepGraphError('RelationalGATConv: no relation given');
    for (const [name, v] of [['inFeats', inFeats], ['outFeats', outFeats], ['numHeads', numHeads]] as const) checkPositiveInt('RelationalGATConv', name, v);
    this.relations = canonicalEtypes.map((c) => [c[0], c[1], c[2]] as const);
    this.relations.forEach((c, r) => {
      const key = canonicalKey(c);
      if (this.index.has(key)) throw new DeepGraphError(`RelationalGATConv: relation ${key} is given twice`);
      this.index.set(key, r);
    });
    const R = this.relations.length, hf = numHeads * outFeats, dtype = opts.dtype ?? 'float32';
    this.dstWeightRow = new Int32Array(R);
    let cross = 0;
    this.relations.forEach((c, r) => { this.dstWeightRow[r] = c[0] === c[2] ? r : R + cross++; });
    this.weight = this.registerParameter('weight', new Parameter(zeros([R, inFeats, hf], { dtype })));
    this.weightDst = this.registerParameter('weightDst', cross > 0 ? new Parameter(zeros([cross, inFeats, hf], { dtype })) : null);
    this.attnL = this.registerParameter('attnL', new Parameter(zeros([R, numHeads, outFeats], { dtype })));
    this.attnR = this.registerParameter('attnR', new Parameter(zeros([R, numHeads, outFeats], { dtype })));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([R, hf], { dtype })) : null);
    this.featDrop = checkRate('featDrop', opts.featDrop ?? 0);
    this.attnDrop = checkRate('attnDrop', opts.attnDrop ?? 0);
    this.negativeSlope = opts.negativeSlope ?? 0.2;
    this.attentionMode = checkAttentionMode('RelationalGATConv', opts.attentionMode, 'within');
    this.resetParameters();
  }

  /** GATConv's initialisation per relation: xavier-normal (ReLU gain) with that relation's fans, zero bias. */
  resetParameters(): void {
    const gain = calculateGain('relu'), hf = this.numHeads * this.outFeats;
    for (const w of [this.weight, this.weightDst]) if (w !== null) normal(w, 0, gain * Math.sqrt(2 / (this.inFeats + hf)));
    // GATConv's attention vectors are [1, heads, out]: fan in heads * out, fan out out.
    for (const a of [this.attnL, this.attnR]) normal(a, 0, gain * Math.sqrt(2 / (hf + this.outFeats)));
    if (this.bias !== null) constant(this.bias, 0);
  }

  forward(g: Graph, inputs: HeteroInputs | readonly [HeteroInputs, HeteroInputs]): Record<string, Tensor> {
    const pair = Array.isArray(inputs);
    const srcInputs = (pair ? inputs[0] : inputs) as HeteroInputs;
    const dstGiven = pair ? (inputs as readonly [HeteroInputs, HeteroInputs])[1] : null;
    // Destination features come from the pair's second record, else from the one record.
    const dstSource = dstGiven ?? srcInputs;
    const active: number[] = [];
    for (const c of g.canonicalEtypes) {
      const r = this.index.get(canonicalKey(c));
      if (r === undefined) {
        throw new DeepGraphError(`RelationalGATConv: the graph has relation ${canonicalKey(c)}, which the layer was not built for; ` +
          `it has [${[...this.index.keys()].join(', ')}]`);
      }
      // As HeteroGraphConv: a relation whose source type has no input is skipped, and with a pair or
      // a block also one whose destination type has none.
      if (!(c[0] in srcInputs) || ((pair || g.isBlock) && !(c[2] in dstSource))) continue;
      if (!(c[2] in dstSource)) {
        throw new FeatureNotFoundError(`RelationalGATConv: relation ${canonicalKey(c)} needs features of destination type '${c[2]}'; ` +
          `inputs have [${Object.keys(dstSource).join(', ')}]`);
      }
      active.push(r);
    }
    active.sort((a, b) => a - b);
    if (active.length === 0) return {};
    const plan = this.planFor(g, active);
    const dropped = new Map<string, Tensor>();
    const srcRows = plan.srcTypes.map((t, i) => {
      const x = this.checked(srcInputs[t], plan.srcCounts[i], `source features of '${t}'`);
      const d = dropout(x, this.featDrop, this.training);
      dropped.set(t, d);
      return d;
    });
    const dstRows = plan.dstTypes.map((t, i) => {
      if (dstGiven !== null) return dropout(this.checked(dstGiven[t], plan.dstCounts[i], `destination features of '${t}'`), this.featDrop, this.training);
      // One record: destinations are the (first numDst, for a block) rows of the same dropped features, as GATConv.
      const d = dropped.get(t) ?? dropout(this.checked(srcInputs[t], g.isBlock ? g.numSrcNodes(t) : plan.dstCounts[i], `features of '${t}'`), this.featDrop, this.training);
      return g.isBlock ? narrow(d, 0, 0, plan.dstCounts[i]) : d;
    });
    const H = this.numHeads, F = this.outFeats, R = this.relations.length;
    const xs = srcRows.length === 1 ? srcRows[0] : concat(srcRows, 0);
    const xd = dstRows.length === 1 ? dstRows[0] : concat(dstRows, 0);
    const P = plan.pairRow.length, Q = plan.qRow.length;
    const feat = reshape(segmentMm(indexSelect(xs, 0, plan.pairRow), this.weight, plan.pairCounts), [P, H, F]);
    // a_r · (x W_r) = x (W_r a_r): destinations need only their score, so fold a_r into W_r first.
    const wDst = this.weightDst === null ? this.weight : indexSelect(concat([this.weight, this.weightDst], 0), 0, this.dstWeightRow);
    const folded = sum(mul(reshape(wDst, [R, this.inFeats, H, F]), reshape(this.attnR, [R, 1, H, F])), -1);
    const er = reshape(segmentMm(indexSelect(xd, 0, plan.qRow), reshape(folded, [R, this.inFeats, H]), plan.qCounts), [Q, H, 1]);
    return attendRelations(plan, feat, er, this);
  }

  private checked(x: Tensor | undefined, rows: number, what: string): Tensor {
    if (x === undefined) throw new FeatureNotFoundError(`RelationalGATConv: no ${what}`);
    if (x.ndim !== 2 || x.shape[0] !== rows || x.shape[1] !== this.inFeats) {
      throw new ShapeError(`RelationalGATConv: ${what} have shape ${formatShape(x.shape)}, expected [${rows}, ${this.inFeats}]`);
    }
    return x;
  }

  private planFor(g: Graph, active: readonly number[]): RgatPlan {
    let perGraph = this.plans.get(g);
    if (perGraph === undefined) this.plans.set(g, perGraph = new Map());
    const key = active.join(',');
    let plan = perGraph.get(key);
    if (plan === undefined) perGraph.set(key, plan = buildRgatPlan(g, this.relations, active, this.bias?.dtype ?? null));
    return plan;
  }

  override extraRepr(): string {
    const extra = [`relations=${this.relations.length}, ${this.inFeats}, ${this.outFeats}, heads=${this.numHeads}`];
    if (this.featDrop > 0) extra.push(`featDrop=${this.featDrop}`);
    if (this.attnDrop > 0) extra.push(`attnDrop=${this.attnDrop}`);
    if (this.bias === null) extra.push('bias=false');
    if (this.attentionMode === 'across') extra.push("attentionMode='across'");
    return extra.join(', ');
  }
}
