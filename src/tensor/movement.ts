import { Tensor } from './tensor.js';
import { type GradFn, backwardRun, isGradEnabled, record, traceOp } from './tape.js';
import { normalizeAxis, numel, shapesEqual } from './shape.js';
import { allocate, promoteTypes, type AnyTypedArray, type DType } from './dtype.js';
import { getBackend } from '../kernels/registry.js';
import { ShapeError, formatShape } from '../errors.js';
import { sumToShape } from './reduce.js';

/** A copy with its own storage. */
export function clone(x: Tensor): Tensor {
  const out = new Tensor(x.data.slice(), x.shape, x.dtype);
  return record(out, 'clone', [x], (g) => [g]);
}

/** Same data, new shape; one dimension may be -1. Shares storage (tensors are always contiguous). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = [...shape];
  const neg = s.indexOf(-1);
  if (neg >= 0) {
    const rest = s.reduce((a, d, i) => (i === neg ? a : a * d), 1);
    if (rest === 0 || x.size % rest !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} into ${formatShape(shape)}`);
    }
    s[neg] = x.size / rest;
  }
  if (numel(s) !== x.size || s.some((d) => d < 0 || !Number.isInteger(d))) {
    throw new ShapeError(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
  }
  if (shapesEqual(s, x.shape)) return x;
  const out = new Tensor(x.data, s, x.dtype);
  return record(out, 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

/** Merges dimensions startDim..endDim into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeAxis(startDim, x.ndim, 'flatten'), e = normalizeAxis(endDim, x.ndim, 'flatten');
  if (s > e) throw new RangeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const merged = numel(x.shape.slice(s, e + 1));
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** Reorders dimensions: out.shape[i] = x.shape[dims[i]] (a copy; tensors stay contiguous). */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new ShapeError(`permute: ${dims.length} dims [${dims.join(', ')}] given for a tensor of shape ${formatShape(x.shape)}`);
  }
  const perm = dims.map((d) => normalizeAxis(d, x.ndim, 'permute'));
  if (new Set(perm).size !== perm.length) throw new RangeError(`permute: dims [${dims.join(', ')}] repeat a dimension`);
  if (perm.every((p, i) => p === i)) return x;
  const out = allocate(x.dtype, x.size);
  getBackend().permute(x.data, x.shape, perm, out);
  const res = new Tensor(out, perm.map((p) => x.shape[p]), x.dtype);
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => { inverse[p] = i; });
  return record(res, 'permute', [x], (g) => [permute(g, inverse)], { dims: perm });
}

/** Swaps two dimensions (the last two by default). */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  if (x.ndim < 2 && dim0 === -2 && dim1 === -1) return x;
  const a = normalizeAxis(dim0, x.ndim, 'transpose'), b = normalizeAxis(dim1, x.ndim, 'transpose');
  const perm = x.shape.map((_, i) => i);
  perm[a] = b; perm[b] = a;
  return permute(x, perm);
}

/** Drops size-1 dimensions (only `dim` when given; a no-op when that one is not 1, as in PyTorch). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  if (x.ndim === 0) { normalizeAxis(dim, 1, 'squeeze'); return x; }
  const a = normalizeAxis(dim, x.ndim, 'squeeze');
  if (x.shape[a] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

/** Inserts a size-1 dimension at `dim` (in [-ndim-1, ndim]). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const a = normalizeAxis(dim, x.ndim + 1, 'unsqueeze');
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Copies x broadcast to outShape (NumPy rules: leading dims added, size-1 dims repeated). */
function broadcastCopy(x: Tensor, outShape: readonly number[]): AnyTypedArray {
  const nd = outShape.length, lead = nd - x.ndim;
  const strides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = x.ndim - 1; i >= 0; i--) {
    strides[i + lead] = x.shape[i] === 1 ? 0 : s;
    s *= x.shape[i];
  }
  const size = numel(outShape);
  const out = allocate(x.dtype, size);
  if (size === 0) return out;
  if (nd === 0) { out[0] = x.data[0]; return out; }
  const idx = new Array<number>(nd).fill(0);
  const inner = outShape[nd - 1], is = strides[nd - 1];
  let off = 0;
  for (let o = 0; o < size; o += inner) {
    for (let j = 0; j < inner; j++) out[o + j] = x.data[off + j * is];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++; off += strides[d];
      if (idx[d] < outShape[d]) break;
      off -= strides[d] * outShape[d]; idx[d] = 0;
    }
  }
  return out;
}

/** Broadcasts x to `shape` (-1 keeps a dimension); a materialised copy whose gradient sums back. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  if (lead < 0) throw new ShapeError(`expand: cannot expand ${formatShape(x.shape)} to fewer dimensions ${formatShape(shape)}`);
  const target = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead] : d));
  target.forEach((d, i) => {
    const src = i < lead ? 1 : x.shape[i - lead];
    if (!Number.isInteger(d) || d < 0 || (src !== 1 && src !== d)) {
      throw new ShapeError(`expand: cannot expand ${formatShape(x.shape)} to ${formatShape(shape)}`);
    }
  });
  if (shapesEqual(target, x.shape)) return x;
  const out = new Tensor(broadcastCopy(x, target), target, x.dtype);
  return record(out, 'expand', [x], (g) => [sumToShape(g, x.shape)]);
}

function commonDType(tensors: readonly Tensor[]): DType {
  return tensors.map((t) => t.dtype).reduce((a, b) => promoteTypes(a, b));
}

/** Joins tensors along an existing dimension; all other dimensions must agree. */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('concat: needs at least one tensor');
  const first = tensors[0];
  if (first.ndim === 0) throw new ShapeError('concat: zero-dimensional tensors cannot be concatenated (use stack)');
  const a = normalizeAxis(dim, first.ndim, 'concat');
  for (const [i, t] of tensors.entries()) {
    const ok = t.ndim === first.ndim && t.shape.every((d, j) => j === a || d === first.shape[j]);
    if (!ok) {
      throw new ShapeError(`concat: tensor ${i} has shape ${formatShape(t.shape)}, which does not match ` +
        `${formatShape(first.shape)} outside dimension ${a}`);
    }
  }
  const dtype = commonDType(tensors);
  const outer = numel(first.shape.slice(0, a)), inner = numel(first.shape.slice(a + 1));
  const total = tensors.reduce((n, t) => n + t.shape[a], 0);
  const out = allocate(dtype, outer * total * inner);
  let offset = 0;
  for (const t of tensors) {
    const block = t.shape[a] * inner;
    for (let o = 0; o < outer; o++) {
      out.set(t.data.subarray(o * block, (o + 1) * block), (o * total) * inner + offset);
    }
    offset += block;
  }
  const shape = [...first.shape];
  shape[a] = total;
  const res = new Tensor(out, shape, dtype);
  const sizes = tensors.map((t) => t.shape[a]);
  return record(res, 'concat', tensors, (g) => split(g, sizes, a), { dim: a });
}

/** Joins tensors of one shape along a new dimension. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack: needs at least one tensor');
  const first = tensors[0];
  for (const [i, t] of tensors.entries()) {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(`stack: tensor ${i} has shape ${formatShape(t.shape)}, tensor 0 has ${formatShape(first.shape)}`);
    }
  }
  const a = normalizeAxis(dim, first.ndim + 1, 'stack');
  return concat(tensors.map((t) => unsqueeze(t, a)), a);
}

/** The slice [start, start + length) of dimension dim (a copy, as tensors stay contiguous). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.ndim === 0) throw new ShapeError('narrow: cannot narrow a zero-dimensional tensor');
  const a = normalizeAxis(dim, x.ndim, 'narrow');
  const n = x.shape[a];
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > n) {
    throw new RangeError(`narrow: slice [${start}, ${start + length}) is out of range for dimension ${a} of size ${n}`);
  }
  if (start === 0 && length === n) return x;
  const outer = numel(x.shape.slice(0, a)), inner = numel(x.shape.slice(a + 1));
  const out = allocate(x.dtype, outer * length * inner);
  for (let o = 0; o < outer; o++) {
    const from = (o * n + start) * inner;
    out.set(x.data.subarray(from, from + length * inner), o * length * inner);
  }
  const shape = [...x.shape];
  shape[a] = length;
  const res = new Tensor(out, shape, x.dtype);
  if (!isGradEnabled() || !x.requiresGrad) return traceOp(res, 'narrow', [x], { dim: a, start, length });
  const joint = sliceJoint(x);
  return record(res, 'narrow', [joint.tensor], (g) => {
    // The first slice to run in this backward pass allocates the one full-size gradient and hands it
    // to the joint; the others write their part into it (the joint runs after all of them).
    const first = joint.run !== backwardRun() || joint.acc === null;
    if (first) { joint.acc = allocate(g.dtype, x.size); joint.run = backwardRun(); }
    const gx = joint.acc!, gd = g.data, block = length * inner;
    // Slices may overlap (two splits of one tensor): add, do not overwrite.
    for (let o = 0; o < outer; o++) {
      const from = o * block, to = (o * n + start) * inner;
      for (let i = 0; i < block; i++) gx[to + i] += gd[from + i];
    }
    return [first ? new Tensor(gx, x.shape, g.dtype) : null];
  });
}

/**
 * Every slice of a tensor (narrow, split, chunk) hangs off one hidden joint tensor that shares its
 * storage, so that the slices' gradients fill one full-size buffer instead of each returning a
 * full-size gradient of its own (k slices would otherwise cost k times the tensor). Only slices
 * consume the joint, so the tape reaches it after all of them.
 */
interface SliceJoint {
  tensor: Tensor;
  fn: GradFn;
  acc: AnyTypedArray | null;
  run: number;
}

const joints = new WeakMap<Tensor, SliceJoint>();

function sliceJoint(x: Tensor): SliceJoint {
  const cached = joints.get(x);
  // A joint whose node a backward pass already freed cannot take new slices.
  if (cached !== undefined && cached.tensor.gradFn === cached.fn) return cached;
  const joint: SliceJoint = { tensor: new Tensor(x.data, x.shape, x.dtype), fn: null as unknown as GradFn, acc: null, run: -1 };
  record(joint.tensor, 'narrow', [x], (g) => { joint.acc = null; return [g]; });
  joint.fn = joint.tensor.gradFn!;
  joints.set(x, joint);
  return joint;
}

/**
 * Pieces along dim: a number is the size of each piece (the last may be smaller), an array lists
 * the sizes, which must add up to the dimension.
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  if (x.ndim === 0) throw new ShapeError('split: cannot split a zero-dimensional tensor');
  const a = normalizeAxis(dim, x.ndim, 'split');
  const n = x.shape[a];
  let sizes: number[];
  if (typeof sizeOrSections === 'number') {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections <= 0) {
      throw new RangeError(`split: piece size must be a positive integer, got ${sizeOrSections}`);
    }
    sizes = [];
    for (let s = 0; s < n; s += sizeOrSections) sizes.push(Math.min(sizeOrSections, n - s));
    if (n === 0) sizes.push(0);
  } else {
    sizes = [...sizeOrSections];
    const total = sizes.reduce((p, q) => p + q, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== n) {
      throw new ShapeError(`split: sizes [${sizes.join(', ')}] do not add up to ${n}, the size of dimension ${a} of ${formatShape(x.shape)}`);
    }
  }
  const out: Tensor[] = [];
  let start = 0;
  for (const s of sizes) {
    out.push(narrow(x, a, start, s));
    start += s;
  }
  return out;
}

/** `chunks` pieces of size ceil(n / chunks) along dim (fewer when n is small), as in PyTorch. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  if (x.ndim === 0) throw new ShapeError('chunk: cannot chunk a zero-dimensional tensor');
  const n = x.shape[normalizeAxis(dim, x.ndim, 'chunk')];
  return split(x, Math.max(1, Math.ceil(n / chunks)), dim);
}
