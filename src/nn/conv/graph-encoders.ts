// Graphormer's structural encodings (DGL's DegreeEncoder and SpatialEncoder): learnable embeddings
// of node degrees (added to node features) and of shortest-path distances (one attention bias per head).
import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { Module } from '../module.js';
import { Embedding } from '../embedding.js';
import { oneLine } from './util.js';

/** Embedding rows for clamped ids, with id 0 the padding (zero output, no gradient), as padding_idx=0. */
function paddedLookup(table: Embedding, ids: Tensor, lo: number, hi: number, shift: number): Tensor {
  const idx = Int32Array.from(ids.data, (v) => Math.min(Math.max(v, lo), hi) + shift);
  const mask = new Tensor(Float64Array.from(idx, (i) => (i === 0 ? 0 : 1)), [...ids.shape, 1], 'float64');
  const out = table.forward(new Tensor(idx, ids.shape, 'int32'));
  return out.mul(out.dtype === 'float64' ? mask : mask.float());
}

function zeroRowZero(e: Embedding): Embedding {
  e.weight.data.fill(0, 0, e.weight.shape[1]);
  return e;
}

/**
 * Degree encoding: embeddings of in-degree, out-degree, or both summed (DGL's DegreeEncoder).
 * forward takes int degrees [B, N] ('in' / 'out') or [2, B, N] ('both': in, then out), clamped
 * to maxDegree; degree 0 maps to a zero padding row.
 */
export class DegreeEncoder extends Module {
  readonly encoder1: Embedding;
  readonly encoder2: Embedding | null;

  constructor(readonly maxDegree: number, readonly embeddingDim: number, readonly direction: 'in' | 'out' | 'both' = 'both', opts: { dtype?: FloatDType } = {}) {
    super();
    if (!['in', 'out', 'both'].includes(direction)) throw new DeepGraphError(`DegreeEncoder: direction must be 'in', 'out' or 'both', got '${String(direction)}'`);
    this.encoder1 = this.registerModule('encoder1', zeroRowZero(new Embedding(maxDegree + 1, embeddingDim, opts)));
    this.encoder2 = direction === 'both' ? this.registerModule('encoder2', zeroRowZero(new Embedding(maxDegree + 1, embeddingDim, opts))) : null;
  }

  forward(degrees: Tensor): Tensor {
    if (this.encoder2 === null) {
      if (degrees.ndim !== 2) throw new ShapeError(`DegreeEncoder: degrees must be [B, N], got ${formatShape(degrees.shape)}`);
      return paddedLookup(this.encoder1, degrees, 0, this.maxDegree, 0);
    }
    if (degrees.ndim !== 3 || degrees.shape[0] !== 2) throw new ShapeError(`DegreeEncoder: degrees must be [2, B, N] for direction 'both', got ${formatShape(degrees.shape)}`);
    const [, B, N] = degrees.shape;
    const inDeg = new Tensor(degrees.data.slice(0, B * N), [B, N], degrees.dtype);
    const outDeg = new Tensor(degrees.data.slice(B * N), [B, N], degrees.dtype);
    return paddedLookup(this.encoder1, inDeg, 0, this.maxDegree, 0).add(paddedLookup(this.encoder2, outDeg, 0, this.maxDegree, 0));
  }

  override extraRepr(): string { return `maxDegree=${this.maxDegree}, embeddingDim=${this.embeddingDim}, direction=${this.direction}`; }
  override toString(): string { return oneLine(this); }
}

/**
 * Spatial encoding: a learnable bias per head for each shortest-path distance (DGL's
 * SpatialEncoder): dist [B, N, N] int (-1 = unreachable or padding) clamped to [-1, maxDist],
 * shifted by one; -1 maps to the zero padding row. Returns [B, N, N, numHeads].
 */
export class SpatialEncoder extends Module {
  readonly embeddingTable: Embedding;

  constructor(readonly maxDist: number, readonly numHeads = 1, opts: { dtype?: FloatDType } = {}) {
    super();
    this.embeddingTable = this.registerModule('embeddingTable', zeroRowZero(new Embedding(maxDist + 2, numHeads, opts)));
  }

  forward(dist: Tensor): Tensor { return paddedLookup(this.embeddingTable, dist, -1, this.maxDist, 1); }

  override extraRepr(): string { return `maxDist=${this.maxDist}, numHeads=${this.numHeads}`; }
  override toString(): string { return oneLine(this); }
}
