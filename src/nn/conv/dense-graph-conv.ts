import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { clamp, pow } from '../../tensor/elementwise.js';
import { sum } from '../../tensor/reduce.js';
import { matmul } from '../../tensor/matmul.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { xavierUniform, zeros as zeroInit } from '../init.js';
import { type Activation, callableOf, oneLine } from './util.js';

/** A dense adjacency [numDst, numSrc] (row = destination) matching features [numSrc, F]. */
export function checkDenseAdj(layer: string, adj: Tensor, feat: Tensor, inFeats: number): void {
  if (adj.ndim !== 2 || feat.ndim !== 2 || adj.shape[1] !== feat.shape[0] || feat.shape[1] !== inFeats) {
    throw new ShapeError(`${layer}: adjacency ${formatShape(adj.shape)} and features ${formatShape(feat.shape)} do not fit `
      + `(expected [numDst, numSrc] and [numSrc, ${inFeats}])`);
  }
}

/**
 * GraphConv on a dense adjacency (DGL's DenseGraphConv): adj [numDst, numSrc] with row =
 * destination; norm 'both' scales by column and row degrees^-1/2 (clamped at 1), 'right' by 1 /
 * row degree, 'none' not at all. Equal to GraphConv on the graph of adj's nonzeros.
 */
export class DenseGraphConv extends Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly norm: 'both' | 'right' | 'none';
  private readonly act: ((x: Tensor) => Tensor) | null;

  constructor(readonly inFeats: number, readonly outFeats: number,
    opts: { norm?: 'both' | 'right' | 'none'; bias?: boolean; activation?: Activation | null; dtype?: FloatDType } = {}) {
    super();
    this.norm = opts.norm ?? 'both';
    if (!['both', 'right', 'none'].includes(this.norm)) throw new DeepGraphError(`DenseGraphConv: invalid norm '${String(this.norm)}'; expected 'both', 'right' or 'none'`);
    const dtype = opts.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', new Parameter(zeros([inFeats, outFeats], { dtype })));
    this.bias = this.registerParameter('bias', (opts.bias ?? true) ? new Parameter(zeros([outFeats], { dtype })) : null);
    this.act = callableOf(this, 'activation', opts.activation);
    this.resetParameters();
  }

  /** Xavier-uniform weight, zero bias (as DGL). */
  resetParameters(): void {
    xavierUniform(this.weight);
    if (this.bias !== null) zeroInit(this.bias);
  }

  forward(adj: Tensor, feat: Tensor): Tensor {
    checkDenseAdj('DenseGraphConv', adj, feat, this.inFeats);
    const a = adj.dtype === feat.dtype ? adj : adj.to(feat.dtype);
    let src = feat;
    if (this.norm === 'both') src = src.mul(pow(clamp(sum(a, 0), 1), -0.5).reshape([-1, 1]));
    let rst = this.inFeats > this.outFeats ? matmul(a, matmul(src, this.weight)) : matmul(matmul(a, src), this.weight);
    if (this.norm !== 'none') rst = rst.mul(pow(clamp(sum(a, 1), 1), this.norm === 'both' ? -0.5 : -1).reshape([-1, 1]));
    if (this.bias !== null) rst = rst.add(this.bias);
    return this.act === null ? rst : this.act(rst);
  }

  override extraRepr(): string { return `${this.inFeats}, ${this.outFeats}, norm=${this.norm}`; }
  override toString(): string { return oneLine(this); }
}

