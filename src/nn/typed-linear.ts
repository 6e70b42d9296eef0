import { DTypeError, DeepGraphError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { FloatDType } from '../tensor/dtype.js';
import { zeros } from '../tensor/creation.js';
import { matmul } from '../tensor/matmul.js';
import { reshape } from '../tensor/movement.js';
import { gatherMm, segmentMm } from '../message/gather-mm.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { calculateGain, uniform, xavierUniform } from './init.js';

/** 'basis': W_t = sum_b a_tb V_b; 'bdd': W_t is block-diagonal with numBases blocks (R-GCN). */
export type TypedRegularizer = 'basis' | 'bdd';

/** Options of `TypedLinear`. */
export interface TypedLinearOptions {
  regularizer?: TypedRegularizer | null;
  /** Number of bases (basis) or of diagonal blocks (bdd); required with a regularizer. */
  numBases?: number;
  dtype?: FloatDType;
}

/** Type ids as an Int32Array of the given length (an int32 tensor, an Int32Array or integers). */
export function typeIds(op: string, types: Tensor | Int32Array | readonly number[], length: number, numTypes: number): Int32Array {
  if (types instanceof Tensor) {
    if (types.dtype !== 'int32') throw new DTypeError(`${op}: type ids must be an int32 tensor, got ${types.dtype}`);
    if (types.ndim !== 1) throw new ShapeError(`${op}: type ids must be 1-D, got shape ${formatShape(types.shape)}`);
  }
  const raw: ArrayLike<number> = types instanceof Tensor ? types.data : types;
  if (raw.length !== length) throw new ShapeError(`${op}: ${raw.length} type ids for ${length} rows`);
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (!(Number.isInteger(t) && t >= 0 && t < numTypes)) {
      throw new RangeError(`${op}: type id ${t} at position ${i} is not an integer in [0, ${numTypes})`);
    }
  }
  return raw instanceof Int32Array ? raw : Int32Array.from(raw);
}

/**
 * A linear map chosen by the type of each row (DGL's TypedLinear): out[i] = x[i] W_{t_i}, x [M, inSize].
 * Rows are grouped by type and each group is one matmul (gather_mm / segment_mm), never a per-row loop.
 * Parameters, as in DGL: W [numTypes, in, out] unregularised; W [numBases, in, out] and coeff
 * [numTypes, numBases] for 'basis'; W [numTypes, numBases * (in/numBases) * (out/numBases)] for 'bdd'.
 */
export class TypedLinear extends Module {
  readonly regularizer: TypedRegularizer | null;
  readonly numBases: number | null;
  readonly W: Parameter;
  readonly coeff: Parameter | null;

  constructor(readonly inSize: number, readonly outSize: number, readonly numTypes: number, opts: TypedLinearOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    this.regularizer = opts.regularizer ?? null;
    this.numBases = this.regularizer === null ? null : opts.numBases ?? null;
    const B = this.numBases;
    if (this.regularizer !== null && (B === null || !Number.isInteger(B) || B <= 0)) {
      throw new DeepGraphError(`TypedLinear: regularizer '${this.regularizer}' needs a positive integer numBases, got ${String(opts.numBases)}`);
    }
    if (this.regularizer === null) {
      this.W = this.registerParameter('W', new Parameter(zeros([numTypes, inSize, outSize], { dtype })));
      this.coeff = this.registerParameter('coeff', null);
    } else if (this.regularizer === 'basis') {
      this.W = this.registerParameter('W', new Parameter(zeros([B!, inSize, outSize], { dtype })));
      this.coeff = this.registerParameter('coeff', new Parameter(zeros([numTypes, B!], { dtype })));
    } else if (this.regularizer === 'bdd') {
      if (inSize % B! !== 0 || outSize % B! !== 0) {
        throw new DeepGraphError(`TypedLinear: with 'bdd', inSize ${inSize} and outSize ${outSize} must both be divisible by numBases ${B}`);
      }
      this.W = this.registerParameter('W', new Parameter(zeros([numTypes, inSize * outSize / B!], { dtype })));
      this.coeff = this.registerParameter('coeff', null);
    } else {
      throw new DeepGraphError(`TypedLinear: unknown regularizer '${String(this.regularizer)}'; use 'basis', 'bdd' or null`);
    }
    this.resetParameters();
  }

  /** DGL's initialisation: U(-1/sqrt(fan), 1/sqrt(fan)) with fan = in (or block in), coeff xavier (relu gain). */
  resetParameters(): void {
    const fan = this.regularizer === 'bdd' ? this.inSize / this.numBases! : this.inSize;
    const bound = fan > 0 ? 1 / Math.sqrt(fan) : 0;
    uniform(this.W, -bound, bound);
    if (this.coeff !== null) xavierUniform(this.coeff, calculateGain('relu'));
  }

  /** The composed weight [numTypes, in, out] ('bdd' keeps its [numTypes, blocks] storage, as DGL). */
  getWeight(): Tensor {
    if (this.regularizer !== 'basis') return this.W;
    const flat = reshape(this.W, [this.numBases!, this.inSize * this.outSize]);
    return reshape(matmul(this.coeff!, flat), [this.numTypes, this.inSize, this.outSize]);
  }

  /** x [M, in], xType M type ids; sortedByType when rows of each type are already consecutive in type order. */
  forward(x: Tensor, xType: Tensor | Int32Array | readonly number[], sortedByType = false): Tensor {
    if (x.ndim !== 2 || x.shape[1] !== this.inSize) {
      throw new ShapeError(`TypedLinear: input shape ${formatShape(x.shape)} must be [rows, ${this.inSize}]`);
    }
    const M = x.shape[0];
    const types = typeIds('TypedLinear', xType, M, this.numTypes);
    if (this.regularizer === 'bdd') {
      // Block b of row i meets block b of W_{t_i}: rows (i, b) of x viewed as [M*B, in/B] have type t_i*B + b.
      const B = this.numBases!, si = this.inSize / B, so = this.outSize / B;
      const blockTypes = new Int32Array(M * B);
      for (let i = 0; i < M; i++) for (let b = 0; b < B; b++) blockTypes[i * B + b] = types[i] * B + b;
      const w = reshape(this.W, [this.numTypes * B, si, so]);
      return reshape(gatherMm(reshape(x, [M * B, si]), w, blockTypes), [M, this.outSize]);
    }
    const w = this.getWeight();
    if (!sortedByType) return gatherMm(x, w, types);
    const counts = new Int32Array(this.numTypes);
    for (let i = 0; i < M; i++) {
      if (i > 0 && types[i] < types[i - 1]) throw new DeepGraphError(`TypedLinear: sortedByType but type ids decrease at position ${i}`);
      counts[types[i]]++;
    }
    return segmentMm(x, w, counts);
  }

  override extraRepr(): string {
    const reg = this.regularizer === null ? '' : `, regularizer=${this.regularizer}, numBases=${this.numBases}`;
    return `${this.inSize}, ${this.outSize}, numTypes=${this.numTypes}${reg}`;
  }
}
