/**
 * Bag-of-words inputs (Cora: 1.3 % nonzero) kept as their nonzeros, as the GCN authors' code does
 * (sparse dropout, sparse-dense product). x W becomes one g-SpMM over a bipartite graph from the F
 * feature columns to the N nodes whose edge weights are the nonzero values; its backward gives
 * dW = x^T dY on the reversed graph. Dropout on the nonzeros equals dropout on the dense matrix
 * (dropped zeros stay zero). The result is the same model as the dense one, far cheaper.
 */
import { SparseAdj } from '../graph/sparse.js';
import { Tensor } from '../tensor/tensor.js';
import { defaultGenerator } from '../tensor/random.js';
import { uMulESum } from '../message/shortcuts.js';
import { ShapeError, formatShape } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { Parameter } from '../nn/parameter.js';
import { Linear } from '../nn/linear.js';
import { calculateGain, xavierNormal } from '../nn/init.js';
import { GATConv, type GATConvOptions } from '../nn/conv/gat-conv.js';

export class SparseFeatures {
  /** Feature columns (sources) -> nodes (destinations); edge e carries values[e]. */
  readonly adj: SparseAdj;
  readonly values: Float32Array;
  readonly numRows: number;
  readonly numCols: number;

  private constructor(indptr: Int32Array, indices: Int32Array, values: Float32Array, rows: number, cols: number) {
    this.adj = SparseAdj.fromCsc(indptr, indices, null, cols, rows);
    this.values = values;
    this.numRows = rows;
    this.numCols = cols;
  }

  /** The nonzeros of a dense [N, F] float tensor, row by row. */
  static fromDense(x: Tensor): SparseFeatures {
    if (x.ndim !== 2) throw new ShapeError(`SparseFeatures: expected a 2-d [N, F] tensor, got shape ${formatShape(x.shape)}`);
    const [n, f] = x.shape;
    const d = x.data;
    let nnz = 0;
    for (let i = 0; i < d.length; i++) if (d[i] !== 0) nnz++;
    const indptr = new Int32Array(n + 1), indices = new Int32Array(nnz), values = new Float32Array(nnz);
    let k = 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < f; c++) {
        const v = d[r * f + c];
        if (v !== 0) { indices[k] = c; values[k] = v; k++; }
      }
      indptr[r + 1] = k;
    }
    return new SparseFeatures(indptr, indices, values, n, f);
  }

  /** Fraction of nonzero entries. */
  get density(): number { return this.values.length / (this.numRows * this.numCols); }

  /**
   * x W for W [F, out] (gradient to W), with inverted dropout of probability p on the nonzeros
   * when `training` (drawn from the default generator, so dg.manualSeed makes it reproducible).
   */
  matmul(w: Tensor, p = 0, training = false): Tensor {
    if (w.ndim !== 2 || w.shape[0] !== this.numCols) {
      throw new ShapeError(`SparseFeatures.matmul: weight shape ${formatShape(w.shape)} does not start with ${this.numCols}`);
    }
    let vals = this.values;
    if (training && p > 0) {
      vals = new Float32Array(this.values.length);
      if (p < 1) {
        const keep = 1 / (1 - p);
        for (let i = 0; i < vals.length; i++) vals[i] = defaultGenerator.nextFloat() >= p ? this.values[i] * keep : 0;
      }
    }
    const e = new Tensor(vals, [vals.length, 1], 'float32');
    return uMulESum(this.adj, w, e);
  }
}

/**
 * GATConv on a sparse input, as two pieces with GATConv(inFeats, hidden, heads)'s function and
 * parameters: `projection` [inFeats, heads * hidden] (GATConv's Xavier-normal, ReLU gain) that
 * SparseFeatures.matmul applies to the nonzeros (feature dropout there), and a GATConv whose own
 * projection is the identity, frozen (it gets no gradient, so optimizers skip it), with featDrop 0.
 */
export function sparseInputGATConv(inFeats: number, hidden: number, heads: number, opts: GATConvOptions): { projection: Parameter; layer: GATConv } {
  const width = hidden * heads;
  const projection = new Parameter(zeros([inFeats, width]));
  xavierNormal(projection, calculateGain('relu'));
  const layer = new GATConv(width, hidden, heads, { ...opts, featDrop: 0 });
  const fc = (layer.fc as Linear).weight;
  fc.data.fill(0);
  for (let i = 0; i < width; i++) fc.data[i * width + i] = 1;
  fc.requiresGrad = false;
  return { projection, layer };
}
