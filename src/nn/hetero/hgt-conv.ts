import { ShapeError, formatShape } from '../../errors.js';
import { SparseAdj } from '../../graph/sparse.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { ones, zeros } from '../../tensor/creation.js';
import { add, div, mul, sub } from '../../tensor/elementwise.js';
import { sigmoid } from '../../tensor/activation.js';
import { indexSelect } from '../../tensor/indexing.js';
import { matmul } from '../../tensor/matmul.js';
import { narrow, reshape, stack, transpose } from '../../tensor/movement.js';
import { edgeSoftmax } from '../../message/edge-softmax.js';
import { gatherMm } from '../../message/gather-mm.js';
import { copyESum, copyU, eDotV } from '../../message/shortcuts.js';
import { Module } from '../module.js';
import { ModuleList } from '../container.js';
import { Parameter } from '../parameter.js';
import { Dropout } from '../dropout.js';
import { LayerNorm } from '../norm.js';
import { xavierUniform } from '../init.js';
import { TypedLinear, typeIds } from '../typed-linear.js';
import { adjOf, checkRate, isBlock, oneLine, type ConvGraph } from '../conv/util.js';
import { checkAttentionMode, checkPositiveInt } from '../conv/helpers.js';

function sameIds(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Options of HGTConv (DGL's keyword arguments, camelCase). */
export interface HGTConvOptions {
  /** Dropout on the output of the A-linear (DGL's default 0.2). */
  dropout?: number;
  /** LayerNorm on the output (default false). */
  useNorm?: boolean;
  /**
   * Nonlinearity on the aggregated messages before the A-linear: the paper's σ, GELU in the authors'
   * pyHGT and in PyG's HGTConv. Default none, as DGL's HGTConv.
   */
  activation?: (x: Tensor) => Tensor;
  /**
   * Which edges share one attention softmax: 'across' (default; the paper, DGL and PyG) all in-edges
   * of a destination, every relation together; 'within' the in-edges of one relation, each relation's
   * weighted mean then summed over relations, as RGAT's WIRGAT and R-GCN's per-relation normalisation.
   */
  attentionMode?: 'across' | 'within';
  dtype?: FloatDType;
}

/** Options of HGTConv.forward. */
export interface HGTConvForwardOptions {
  /** Nodes are sorted by type (lets the node-typed projections skip the grouping permutation). */
  presorted?: boolean;
}

/** Parameters registered as '0', '1', ... (torch's ParameterList), so state dicts read 'relationPri.0'. */
class ParameterList extends Module {
  readonly items: Parameter[];
  constructor(params: readonly Parameter[]) {
    super();
    this.items = params.map((p, i) => this.registerParameter(String(i), p));
  }
  forward(): never { throw new ShapeError('ParameterList has no forward'); }
}

/**
 * Heterogeneous Graph Transformer layer (Hu et al. 2020; DGL's HGTConv), on a homogeneous graph
 * (or block) whose nodes carry type ids `ntype` and edges `etype` (what toHomogeneous stores as
 * NTYPE / ETYPE). For an edge s -e-> t and head i:
 *   att_i = (K_i(s) W^ATT_{i,φ(e)} · Q_i(t)) μ_{i,φ(e)} / sqrt(headSize), softmax over t's in-edges,
 *   msg_i = V_i(s) W^MSG_{i,φ(e)},  h_t = Σ att · msg over heads concatenated,
 *   out_t = σ(skip_{τ(t)}) A_{τ(t)}(h_t) + (1 - σ(skip_{τ(t)})) x_t  (x_t W_res when sizes differ).
 * As in DGL's code, no nonlinearity is applied before A unless `activation` is given (the paper's σ). K/Q/V/A are TypedLinear by node type;
 * every head's relation matrices are applied by one gather_mm over (head, relation) types.
 */
export class HGTConv extends Module {
  readonly linearK: TypedLinear;
  readonly linearQ: TypedLinear;
  readonly linearV: TypedLinear;
  readonly linearA: TypedLinear;
  readonly relationPri: ParameterList;
  readonly relationAtt: ModuleList<TypedLinear>;
  readonly relationMsg: ModuleList<TypedLinear>;
  readonly skip: Parameter;
  readonly drop: Dropout;
  readonly norm: LayerNorm | null;
  readonly residualW: Parameter | null;
  private readonly sqrtD: number;
  private readonly activation: ((x: Tensor) => Tensor) | null;
  readonly attentionMode: 'across' | 'within';
  /** Per graph: its edges regrouped by (destination, relation) for the 'within' softmax. */
  private readonly withinAdj = new WeakMap<SparseAdj, { types: Int32Array; grouped: SparseAdj }>();

  constructor(readonly inSize: number, readonly headSize: number, readonly numHeads: number,
    readonly numNtypes: number, readonly numEtypes: number, opts: HGTConvOptions = {}) {
    super();
    for (const [name, v] of [['inSize', inSize], ['headSize', headSize], ['numHeads', numHeads], ['numNtypes', numNtypes], ['numEtypes', numEtypes]] as const) {
      checkPositiveInt('HGTConv', name, v);
    }
    const dtype = opts.dtype ?? 'float32';
    const out = headSize * numHeads;
    this.sqrtD = Math.sqrt(headSize);
    this.activation = opts.activation ?? null;
    this.attentionMode = checkAttentionMode('HGTConv', opts.attentionMode, 'across');
    this.linearK = this.registerModule('linearK', new TypedLinear(inSize, out, numNtypes, { dtype }));
    this.linearQ = this.registerModule('linearQ', new TypedLinear(inSize, out, numNtypes, { dtype }));
    this.linearV = this.registerModule('linearV', new TypedLinear(inSize, out, numNtypes, { dtype }));
    this.linearA = this.registerModule('linearA', new TypedLinear(out, out, numNtypes, { dtype }));
    const heads = Array.from({ length: numHeads }, (_, i) => i);
    this.relationPri = this.registerModule('relationPri', new ParameterList(heads.map(() => new Parameter(ones([numEtypes], { dtype })))));
    this.relationAtt = this.registerModule('relationAtt', new ModuleList(heads.map(() => new TypedLinear(headSize, headSize, numEtypes, { dtype }))));
    this.relationMsg = this.registerModule('relationMsg', new ModuleList(heads.map(() => new TypedLinear(headSize, headSize, numEtypes, { dtype }))));
    this.skip = this.registerParameter('skip', new Parameter(ones([numNtypes], { dtype })));
    this.drop = this.registerModule('drop', new Dropout(checkRate('HGTConv: dropout', opts.dropout ?? 0.2)));
    this.norm = opts.useNorm ? this.registerModule('norm', new LayerNorm(out, { dtype })) : null;
    this.residualW = this.registerParameter('residualW', inSize !== out ? new Parameter(zeros([inSize, out], { dtype })) : null);
    this.resetParameters();
  }

  /** DGL's initialisation: TypedLinear's uniform, priors and skip ones, residual xavier-uniform. */
  resetParameters(): void {
    for (const lin of [this.linearK, this.linearQ, this.linearV, this.linearA, ...this.relationAtt, ...this.relationMsg]) lin.resetParameters();
    for (const p of this.relationPri.items) p.data.fill(1);
    this.skip.data.fill(1);
    if (this.residualW !== null) xavierUniform(this.residualW);
    if (this.norm !== null) {
      this.norm.weight?.data.fill(1);
      this.norm.bias?.data.fill(0);
    }
  }

  /**
   * g: a homogeneous graph or block; x [numSrc, inSize]; ntype: a type id per source node (the
   * destinations of a block are its first numDst sources, as in DGL); etype: a relation id per edge.
   * Returns [numDst, headSize * numHeads].
   */
  forward(g: ConvGraph, x: Tensor, ntype: Tensor | Int32Array | readonly number[], etype: Tensor | Int32Array | readonly number[],
    opts: HGTConvForwardOptions = {}): Tensor {
    const adj = adjOf(g);
    const H = this.numHeads, D = this.headSize, R = this.numEtypes, E = adj.numEdges;
    if (x.ndim !== 2 || x.shape[0] !== adj.numSrc || x.shape[1] !== this.inSize) {
      throw new ShapeError(`HGTConv: x of shape ${formatShape(x.shape)} must be [${adj.numSrc}, ${this.inSize}] (source nodes, inSize)`);
    }
    if (!isBlock(g) && adj.numSrc !== adj.numDst) {
      throw new ShapeError(`HGTConv: needs a homogeneous graph or a block, got ${adj.numSrc} sources and ${adj.numDst} destinations`);
    }
    const srcTypes = typeIds('HGTConv: ntype', ntype, adj.numSrc, this.numNtypes);
    const dstTypes = srcTypes.subarray(0, adj.numDst);
    const edgeTypes = typeIds('HGTConv: etype', etype, E, R);
    const presorted = opts.presorted ?? false;
    const xDst = adj.numDst === adj.numSrc ? x : narrow(x, 0, 0, adj.numDst);
    const k = reshape(this.linearK.forward(x, srcTypes, presorted), [-1, H, D]);
    const q = reshape(this.linearQ.forward(xDst, dstTypes, presorted), [-1, H, D]);
    const v = reshape(this.linearV.forward(x, srcTypes, presorted), [-1, H, D]);
    // Row (e, i) of the [E * H, D] view has type i * R + etype[e] in the stacked [H * R, D, D] weights.
    const headRel = new Int32Array(E * H);
    for (let e = 0; e < E; e++) for (let i = 0; i < H; i++) headRel[e * H + i] = i * R + edgeTypes[e];
    const perHead = (mods: ModuleList<TypedLinear>, rows: Tensor): Tensor =>
      reshape(gatherMm(reshape(rows, [E * H, D]), reshape(stack([...mods].map((m) => m.getWeight())), [H * R, D, D]), headRel), [E, H, D]);
    const etypeIds = new Tensor(edgeTypes, [E], 'int32');
    const prior = indexSelect(transpose(stack(this.relationPri.items)), 0, etypeIds);
    const logits = div(mul(reshape(eDotV(adj, perHead(this.relationAtt, copyU(adj, k)), q), [E, H]), prior), this.sqrtD);
    const attention = reshape(edgeSoftmax(this.attentionMode === 'within' ? this.byRelation(adj, edgeTypes) : adj, logits), [E, H, 1]);
    const messages = mul(perHead(this.relationMsg, copyU(adj, v)), attention);
    const aggregated = reshape(copyESum(adj, messages), [adj.numDst, H * D]);
    const h = this.activation === null ? aggregated : this.activation(aggregated);
    let out = this.drop.forward(this.linearA.forward(h, dstTypes, presorted));
    const alpha = reshape(sigmoid(indexSelect(this.skip, 0, new Tensor(dstTypes, [adj.numDst], 'int32'))), [adj.numDst, 1]);
    const residual = this.residualW === null ? xDst : matmul(xDst, this.residualW);
    out = add(mul(out, alpha), mul(residual, sub(1, alpha)));
    return this.norm === null ? out : this.norm.forward(out);
  }

  /** adj with destination d's in-edges of relation r given to a virtual destination d * R + r (edge ids kept). */
  private byRelation(adj: SparseAdj, edgeTypes: Int32Array): SparseAdj {
    const cached = this.withinAdj.get(adj);
    if (cached !== undefined && sameIds(cached.types, edgeTypes)) return cached.grouped;
    const { src, dst } = adj.coo(), R = this.numEtypes;
    const key = Int32Array.from(dst, (d, e) => d * R + edgeTypes[e]);
    const grouped = SparseAdj.fromCoo(src, key, adj.numSrc, adj.numDst * R, 'HGTConv within-relation attention');
    this.withinAdj.set(adj, { types: edgeTypes.slice(), grouped });
    return grouped;
  }

  override extraRepr(): string {
    const extra = [`${this.inSize}, headSize=${this.headSize}, numHeads=${this.numHeads}, numNtypes=${this.numNtypes}, numEtypes=${this.numEtypes}`];
    if (this.drop.p > 0) extra.push(`dropout=${this.drop.p}`);
    if (this.norm !== null) extra.push('useNorm=true');
    if (this.activation !== null) extra.push(`activation=${this.activation.name || 'custom'}`);
    if (this.attentionMode !== 'across') extra.push(`attentionMode=${this.attentionMode}`);
    return extra.join(', ');
  }

  override toString(): string { return oneLine(this); }
}
