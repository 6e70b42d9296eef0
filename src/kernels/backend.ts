/**
 * The kernel contract. Every hot operation is a function on plain typed arrays and shapes;
 * the caller allocates outputs. No tensors, no autograd, no graphs here.
 *
 * Conventions:
 * - Arrays are contiguous row-major. A "shape" is a plain number array.
 * - Float kernels accept Float32Array or Float64Array; inputs and output share one dtype
 *   unless the signature says otherwise (comparisons write a Uint8Array mask).
 * - Kernels overwrite `out` unless their name says they accumulate (`scatterAddRows`).
 * - The elementwise kernels (unary, binary) may be given as `out` an operand that has the output's
 *   shape (in-place updates, e.g. a bias added into a product's own buffer): each element is read
 *   before it is written.
 * - Index arrays are Int32Array. A kernel that reads an index it was given validates it and
 *   throws a RangeError naming the argument; it never reads out of bounds.
 */
export type FloatArray = Float32Array | Float64Array;
export type IndexArray = Int32Array;
export type DataArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'reciprocal' | 'square'
  | 'relu' | 'sigmoid' | 'tanh' | 'softplus' | 'gelu' | 'elu' | 'leakyRelu'
  | 'clamp' | 'powScalar';

/** Scalar parameters of a unary op: alpha (elu, leakyRelu), min/max (clamp), exponent (powScalar). */
export interface UnaryParams {
  alpha?: number;
  min?: number;
  max?: number;
  exponent?: number;
}

export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type ReduceOp = 'sum' | 'max' | 'min' | 'prod';
export type ArgReduceOp = 'argmax' | 'argmin';

/** Binary operators of g-SpMM: lhs is a source-node feature, rhs an edge feature. */
export type SpmmOp = 'add' | 'sub' | 'mul' | 'div' | 'copyLhs' | 'copyRhs';
export type SpmmReduce = 'sum' | 'max' | 'min';
/** Binary operators of g-SDDMM; `dot` contracts the last feature dimension to 1. */
export type SddmmOp = 'add' | 'sub' | 'mul' | 'div' | 'dot' | 'copyLhs' | 'copyRhs';
/** Where a g-SDDMM operand lives: source node, destination node or edge. */
export type Target = 'u' | 'v' | 'e';

/**
 * g-SpMM over the in-edges of each destination node (a CSR of the reversed graph, i.e. CSC).
 * For destination v: out[v] = reduce over in-edges (u -e-> v) of op(lhs[u], rhs[e]),
 * with DGL's broadcasting of the feature shapes (lhsShape, rhsShape broadcast to outShape).
 * Rows with no in-edges get 0. For max/min, argU/argE (length numDst * prod(outShape))
 * receive the winning source node / edge id, -1 where a row has no in-edges.
 */
/**
 * One step of torch.optim.Adam (decoupled false: weightDecay * param added to the gradient) or
 * AdamW (decoupled true: param scaled by 1 - lr * weightDecay first), in place on param, expAvg,
 * expAvgSq and, for AMSGrad, maxExpAvgSq. Every array has param's dtype and length; the written
 * ones share no memory with each other or with grad. The arithmetic is in double, in this order,
 * with each stored value rounded to the array's dtype: p = p * (1 - lr wd) (AdamW); g = grad (+ wd p
 * for Adam); m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g g; s = v, or AMSGrad's running maximum of
 * v; p = p - (lr / biasCorrection1) m / (sqrt(s) / sqrt(biasCorrection2) + eps). Every backend gives the
 * same bits.
 */
export interface AdamStepArgs {
  param: FloatArray;
  grad: FloatArray;
  expAvg: FloatArray;
  expAvgSq: FloatArray;
  maxExpAvgSq: FloatArray | null;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  /** 1 - beta1^step for this step (step 1 first), computed by the caller so every backend uses the same value. */
  biasCorrection1: number;
  /** 1 - beta2^step. */
  biasCorrection2: number;
}

export interface SpmmArgs {
  op: SpmmOp;
  /** How messages are combined per destination. */
  reduce: SpmmReduce;
  numSrc: number;
  numDst: number;
  numEdges: number;
  /** length numDst + 1 */
  indptr: IndexArray;
  /** length numEdges: the source node of each in-edge, grouped by destination */
  indices: IndexArray;
  /** length numEdges: the edge id of each position, or null when position === edge id */
  eids: IndexArray | null;
  /** [numSrc, ...lhsShape], null for copyRhs */
  lhs: FloatArray | null;
  lhsShape: readonly number[];
  /** [numEdges, ...rhsShape], null for copyLhs */
  rhs: FloatArray | null;
  rhsShape: readonly number[];
  /** [numDst, ...outShape] */
  out: FloatArray;
  outShape: readonly number[];
  argU: IndexArray | null;
  argE: IndexArray | null;
}

/**
 * g-SDDMM on the edges in COO order: out[e] = op(lhs[target(e)], rhs[target(e)]),
 * with broadcasting; `dot` reduces the last dimension (out feature shape ends in 1).
 */
export interface SddmmArgs {
  op: SddmmOp;
  numSrc: number;
  numDst: number;
  numEdges: number;
  /** length numEdges */
  src: IndexArray;
  /** length numEdges */
  dst: IndexArray;
  lhs: FloatArray | null;
  lhsTarget: Target;
  lhsShape: readonly number[];
  rhs: FloatArray | null;
  rhsTarget: Target;
  rhsShape: readonly number[];
  /** [numEdges, ...outShape] */
  out: FloatArray;
  outShape: readonly number[];
}

export interface Backend {
  readonly name: string;

  // ---- elementwise ----
  /** out = op(x) elementwise. */
  unary(op: UnaryOp, x: FloatArray, out: FloatArray, params?: UnaryParams): void;
  /** out = a op b with NumPy broadcasting; outShape is the broadcast shape. */
  binary(op: ArithOp, a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[],
    out: FloatArray, outShape: readonly number[]): void;
  /** out = a op b as 0/1 bytes, with NumPy broadcasting. */
  compare(op: CompareOp, a: DataArray, aShape: readonly number[], b: DataArray, bShape: readonly number[],
    out: Uint8Array, outShape: readonly number[]): void;
  /** out = cond ? a : b, all three broadcast to outShape. */
  where(cond: Uint8Array, condShape: readonly number[], a: FloatArray, aShape: readonly number[],
    b: FloatArray, bShape: readonly number[], out: FloatArray, outShape: readonly number[]): void;

  // ---- reductions: x viewed as [outer, size, inner], out is [outer, inner] ----
  /** Reduction over the middle axis of x viewed as [outer, size, inner]. */
  reduce(op: ReduceOp, x: FloatArray, outer: number, size: number, inner: number, out: FloatArray): void;
  /** Index of the max/min over the middle axis of x viewed as [outer, size, inner]. */
  argReduce(op: ArgReduceOp, x: FloatArray, outer: number, size: number, inner: number, out: IndexArray): void;

  // ---- movement ----
  /** out = x permuted: out shape[i] = shape[perm[i]]. */
  permute(x: DataArray, shape: readonly number[], perm: readonly number[], out: DataArray): void;

  // ---- dense linear algebra ----
  /**
   * Batched matmul: for b in [0, batch): out[b] = op(a[b]) @ op(b[b]), out[b] is m x n,
   * op(a) is m x k (stored k x m when transA), op(b) is k x n (stored n x k when transB).
   * aBatchStride / bBatchStride may be 0 to broadcast one operand across the batch.
   */
  matmul(a: FloatArray, b: FloatArray, out: FloatArray, batch: number, m: number, k: number, n: number,
    transA: boolean, transB: boolean, aBatchStride: number, bBatchStride: number): void;

  // ---- rows by index ----
  /** out[i, :] = src[idx[i], :]; src has `numRows` rows of `rowLen`. */
  gatherRows(src: DataArray, numRows: number, rowLen: number, idx: IndexArray, out: DataArray): void;
  /** out[idx[i], :] += src[i, :]; out has `numRows` rows of `rowLen` (accumulates). */
  scatterAddRows(src: FloatArray, rowLen: number, idx: IndexArray, out: FloatArray, numRows: number): void;

  // ---- random masks ----
  /**
   * Inverted-dropout multipliers: mask[i] = u >= p ? 1 / (1 - p) : 0 with u = hashUint32(seed, i, 0) / 2^32
   * (see src/kernels/js/sampling.ts), so the mask depends only on (seed, i): every backend and every
   * thread split gives the same one. p in [0, 1]; p = 1 gives zeros. With `input` (same dtype and
   * length as mask, not overlapping it), mask[i] is that multiplier times input[i]: the dropped
   * input (or, in the backward, the gradient) in one pass, without a mask array.
   */
  dropoutMask(mask: FloatArray, p: number, seed: number, input?: FloatArray): void;

  // ---- activation gradients ----
  /**
   * ReLU's backward (PyTorch's threshold_backward at 0): out[i] = grad[i] where x[i] > 0, else +0
   * (NaN x gives 0). grad, x and out have one dtype and length; out may be grad itself.
   */
  reluBackward(grad: FloatArray, x: FloatArray, out: FloatArray): void;

  // ---- optimisers ----
  /** One Adam / AdamW step in place over a parameter and its moment buffers; see AdamStepArgs. */
  adamStep(args: AdamStepArgs): void;

  // ---- softmax over the last dimension of a [rows, cols] matrix ----
  /** Softmax (or log-softmax) of each row of a [rows, cols] matrix. */
  softmax(x: FloatArray, rows: number, cols: number, out: FloatArray, log: boolean): void;

  // ---- sparse (message passing) ----
  /** Generalised sparse-dense product (message + reduce per destination); see SpmmArgs. */
  gspmm(args: SpmmArgs): void;
  /** Generalised sampled dense-dense product (one value per edge); see SddmmArgs. */
  gsddmm(args: SddmmArgs): void;
  /**
   * Softmax of edge logits [numEdges, cols] grouped by destination, using the CSC
   * (indptr over destinations, eids per position, null = identity). Stable for large logits.
   */
  edgeSoftmax(indptr: IndexArray, eids: IndexArray | null, logits: FloatArray, cols: number, out: FloatArray): void;
  /** Backward of edgeSoftmax: gradLogits = y * (gradY - sum_{in-edges}(gradY * y)). */
  edgeSoftmaxBackward(indptr: IndexArray, eids: IndexArray | null, y: FloatArray, gradY: FloatArray, cols: number,
    gradLogits: FloatArray): void;
  /**
   * Segment reduce: rows [offsets[s], offsets[s+1]) of x (row length rowLen) reduced into out[s].
   * Empty segments give 0. For max/min, arg receives the winning row (-1 for empty segments).
   */
  segmentReduce(op: SpmmReduce, x: FloatArray, offsets: IndexArray, rowLen: number, out: FloatArray,
    arg: IndexArray | null): void;
}

/** The kernels a native backend provides; the rest fall back to the TypeScript backend. */
export type PartialBackend = Partial<Omit<Backend, 'name'>> & { readonly name: string };

// ==== sampling (owner: src/sampling) ====
// Every sampling kernel is deterministic given `seed` (uint32) and independent of thread count: the
// random numbers for work item i (seed node, walk, candidate pair) are hash(seed, i, counter), see
// src/kernels/js/sampling.ts (`hashUint32`), so a parallel implementation reproduces them exactly.
// A sampling call reads a few rows of what may be a huge graph, so it validates exactly what it
// reads (src/kernels/js/read-check.ts): the indptr entries of the rows it visits (0 <= lo <= hi <=
// indices.length) and each column id, edge id and weight when read; a bad one is a RangeError.
// Lengths (eids, prob, masks) are checked up front; corrupt entries elsewhere do not fail a call.

/** Compressed adjacency: row r owns positions [indptr[r], indptr[r+1]); eids null = identity. */
export interface CompressedRows {
  indptr: IndexArray;
  indices: IndexArray;
  eids: IndexArray | null;
}

/** Edges picked per seed row, grouped by seed in seed order: row = the seed, col = its neighbour. */
export interface SampledEdges {
  rows: IndexArray;
  cols: IndexArray;
  eids: IndexArray;
}

export interface SampleNeighborsArgs extends CompressedRows {
  /** rows to sample around (validated against indptr.length - 1) */
  seeds: IndexArray;
  /** edges per seed; -1 = all */
  fanout: number;
  replace: boolean;
  /** non-negative weight per edge id (length numEdges) or null for uniform */
  prob: FloatArray | null;
  /** 1 = the edge id is never picked (length numEdges) or null */
  excludeMask: Uint8Array | null;
  seed: number;
}

export interface SelectTopkArgs extends CompressedRows {
  seeds: IndexArray;
  /** edges per seed; -1 = all */
  k: number;
  /** weight per edge id */
  weights: FloatArray;
  ascending: boolean;
  excludeMask: Uint8Array | null;
}

/** One metapath step: the relation walked (rows = current node type), with optional edge weights. */
export interface WalkStep extends CompressedRows {
  prob: FloatArray | null;
}

export interface RandomWalkArgs {
  /** The relation of each step; with `length`, step t uses steps[t % steps.length]. */
  steps: readonly WalkStep[];
  /** Number of steps (default steps.length): a long walk on one relation passes that relation once. */
  length?: number;
  /** start nodes (validated against the rows of steps[0]) */
  nodes: IndexArray;
  /** probability of stopping after each transition */
  restartProb: number;
  seed: number;
}

/** traces: [N, steps + 1] node ids, eids: [N, steps] edge ids; -1 after the walk stopped. */
export interface RandomWalkResult {
  traces: IndexArray;
  eids: IndexArray;
}

export interface Node2vecArgs extends CompressedRows {
  nodes: IndexArray;
  p: number;
  q: number;
  walkLength: number;
  prob: FloatArray | null;
  seed: number;
}

export interface GlobalNegativeArgs extends CompressedRows {
  numSrc: number;
  numDst: number;
  numSamples: number;
  excludeSelfLoops: boolean;
  replace: boolean;
  /** candidates drawn = ceil(numSamples * redundancy) */
  redundancy: number;
  seed: number;
}

export interface SamplingKernels {
  /** Samples up to fanout in-edges (or out-edges) of each seed. */
  sampleNeighbors(args: SampleNeighborsArgs): SampledEdges;
  /** Keeps the k edges of largest (or smallest) weight of each seed. */
  selectTopk(args: SelectTopkArgs): SampledEdges;
  /** Metapath random walks from the given start nodes. */
  randomWalk(args: RandomWalkArgs): RandomWalkResult;
  /** node2vec's second-order biased random walks (return p, in-out q). */
  node2vecWalk(args: Node2vecArgs): RandomWalkResult;
  /** Uniform negative edges over the whole graph, rejecting existing edges. */
  globalUniformNegative(args: GlobalNegativeArgs): { src: IndexArray; dst: IndexArray };
}

/** The sampling kernels are part of the Backend contract (declaration merging keeps this section apart). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Backend extends SamplingKernels {}
// ==== end sampling ====
