/**
 * Naive references for the message-passing kernels. Deliberately a different algorithm from
 * src/kernels/js: walk the COO edges, materialise every message with explicit multi-index
 * broadcasting, collect a mailbox per destination, then reduce each mailbox.
 */
export type RefOp = 'add' | 'sub' | 'mul' | 'div' | 'dot' | 'copyLhs' | 'copyRhs';
export type RefReduce = 'sum' | 'mean' | 'max' | 'min';
export type RefTarget = 'u' | 'v' | 'e';

export interface RefGraph {
  src: ArrayLike<number>;
  dst: ArrayLike<number>;
  numSrc: number;
  numDst: number;
}

export interface RefOperand {
  data: ArrayLike<number>;
  /** Feature shape (without the row dimension). */
  shape: number[];
}

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export function broadcastShape(a: number[], b: number[]): number[] {
  const nd = Math.max(a.length, b.length);
  const pa = [...new Array<number>(nd - a.length).fill(1), ...a], pb = [...new Array<number>(nd - b.length).fill(1), ...b];
  return pa.map((d, i) => {
    if (d !== pb[i] && d !== 1 && pb[i] !== 1) throw new Error(`reference: ${a} and ${b} do not broadcast`);
    return d === 1 ? pb[i] : d;
  });
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat = Math.floor(flat / shape[d]); }
  return idx;
}

/** Element of row `row` of an operand at the output multi-index (right-aligned, size-1 dims pinned to 0). */
function at(x: RefOperand, row: number, outIdx: readonly number[], extra: number[] = []): number {
  const full = [...x.shape];
  const idx = [...outIdx.slice(outIdx.length - (full.length - extra.length)), ...extra];
  let flat = 0;
  for (let d = 0; d < full.length; d++) flat = flat * full[d] + (full[d] === 1 ? 0 : idx[d]);
  return x.data[row * prod(full) + flat];
}

export function messageShape(op: RefOp, x: RefOperand | null, y: RefOperand | null): number[] {
  if (op === 'copyLhs') return [...x!.shape];
  if (op === 'copyRhs') return [...y!.shape];
  if (op === 'dot') return [...broadcastShape(x!.shape.slice(0, -1), y!.shape.slice(0, -1)), 1];
  return broadcastShape(x!.shape, y!.shape);
}

/** One message: op(x[xRow], y[yRow]) over the broadcast feature shape. */
export function refMessage(op: RefOp, x: RefOperand | null, xRow: number, y: RefOperand | null, yRow: number): number[] {
  const shape = messageShape(op, x, y);
  const out: number[] = [];
  for (let f = 0; f < prod(shape); f++) {
    const idx = unravel(f, shape);
    if (op === 'dot') {
      const D = x!.shape[x!.shape.length - 1];
      let s = 0;
      for (let d = 0; d < D; d++) s += at(x!, xRow, idx.slice(0, -1), [d]) * at(y!, yRow, idx.slice(0, -1), [d]);
      out.push(s);
      continue;
    }
    const a = op === 'copyRhs' ? 0 : at(x!, xRow, idx), b = op === 'copyLhs' ? 0 : at(y!, yRow, idx);
    out.push(op === 'add' ? a + b : op === 'sub' ? a - b : op === 'mul' ? a * b : op === 'div' ? a / b : op === 'copyLhs' ? a : b);
  }
  return out;
}

function rowOf(g: RefGraph, t: RefTarget, e: number): number {
  return t === 'u' ? g.src[e] : t === 'v' ? g.dst[e] : e;
}

/** Per-edge messages in edge order. */
export function refSddmm(g: RefGraph, op: RefOp, x: RefOperand | null, xt: RefTarget, y: RefOperand | null,
  yt: RefTarget): { data: number[]; shape: number[] } {
  const data: number[] = [];
  for (let e = 0; e < g.src.length; e++) data.push(...refMessage(op, x, rowOf(g, xt, e), y, rowOf(g, yt, e)));
  return { data, shape: messageShape(op, x, y) };
}

function reduceMailbox(box: number[][], reduce: RefReduce, F: number): number[] {
  if (box.length === 0) return new Array<number>(F).fill(0);
  const out: number[] = [];
  for (let k = 0; k < F; k++) {
    const vals = box.map((m) => m[k]);
    if (reduce === 'sum') out.push(vals.reduce((a, b) => a + b, 0));
    else if (reduce === 'mean') out.push(vals.reduce((a, b) => a + b, 0) / vals.length);
    else if (reduce === 'max') out.push(Math.max(...vals));
    else out.push(Math.min(...vals));
  }
  return out;
}

/** Messages op(x[u], y[e]) collected per destination, then reduced. */
export function refSpmm(g: RefGraph, op: RefOp, reduce: RefReduce, x: RefOperand | null,
  y: RefOperand | null): { data: number[]; shape: number[] } {
  const shape = messageShape(op, x, y), F = prod(shape);
  const boxes: number[][][] = Array.from({ length: g.numDst }, () => []);
  for (let e = 0; e < g.src.length; e++) boxes[g.dst[e]].push(refMessage(op, x, g.src[e], y, e));
  return { data: boxes.flatMap((b) => reduceMailbox(b, reduce, F)), shape };
}

/** Softmax per (group, column), groups = edges sharing a destination (or source). */
export function refEdgeSoftmax(g: RefGraph, logits: ArrayLike<number>, cols: number, normBy: 'dst' | 'src'): number[] {
  const key = normBy === 'dst' ? g.dst : g.src;
  const out = new Array<number>(logits.length).fill(0);
  const groups = new Map<number, number[]>();
  for (let e = 0; e < key.length; e++) groups.set(key[e], [...(groups.get(key[e]) ?? []), e]);
  for (const edges of groups.values()) {
    for (let c = 0; c < cols; c++) {
      const m = Math.max(...edges.map((e) => logits[e * cols + c]));
      const z = edges.map((e) => Math.exp(logits[e * cols + c] - m));
      const s = z.reduce((a, b) => a + b, 0);
      edges.forEach((e, i) => { out[e * cols + c] = z[i] / s; });
    }
  }
  return out;
}

/** Consecutive segments of rows reduced one by one. */
export function refSegmentReduce(lengths: readonly number[], x: ArrayLike<number>, rowLen: number, reduce: RefReduce): number[] {
  const out: number[] = [];
  let row = 0;
  for (const n of lengths) {
    const box: number[][] = [];
    for (let i = 0; i < n; i++, row++) box.push(Array.from({ length: rowLen }, (_, k) => x[row * rowLen + k]));
    out.push(...reduceMailbox(box, reduce, rowLen));
  }
  return out;
}

/** Per-edge messages reduced per destination. */
export function refReduceEdges(g: RefGraph, msgs: { data: number[]; shape: number[] }, reduce: RefReduce): number[] {
  return refSpmm(g, 'copyRhs', reduce, null, msgs).data;
}
