import type {
  CompressedRows, GlobalNegativeArgs, IndexArray, Node2vecArgs, RandomWalkArgs, RandomWalkResult,
  SampledEdges, SampleNeighborsArgs, SelectTopkArgs, FloatArray,
} from '../backend.js';
import { allocInt32 } from './alloc.js';
import { checkEdgeArray, checkEidsLength, checkRow, colAt, eidAt as checkedEid } from './read-check.js';
import { ItemStream } from './rng.js';

// The counter-based RNG lives in ./rng.ts; re-exported because callers import it from here.
export { hashUint32, ItemStream } from './rng.js';

function checkRows(op: string, what: string, ids: IndexArray, numRows: number): void {
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    if (!(v >= 0 && v < numRows)) throw new RangeError(`${op}: ${what}[${i}] = ${v} is out of range [0, ${numRows})`);
  }
}

const eidAt = (c: CompressedRows, p: number): number => (c.eids === null ? p : c.eids[p]);

/**
 * Per seed: without replacement exactly min(fanout, eligible degree) distinct edges (Floyd's
 * algorithm on eligible positions; with weights, the k largest Efraimidis-Spirakis keys
 * log(u) / w); with replacement exactly fanout draws (none when nothing is eligible). An edge is
 * eligible unless excluded or of weight 0. fanout -1 takes every eligible edge.
 */
export function sampleNeighbors(a: SampleNeighborsArgs): SampledEdges {
  const { indptr, seeds, fanout, replace, prob, excludeMask } = a;
  const numRows = indptr.length - 1;
  checkRows('sampleNeighbors', 'seeds', seeds, numRows);
  const op = 'sampleNeighbors';
  checkEidsLength(op, a);
  checkEdgeArray(op, 'prob', prob, a.indices.length);
  checkEdgeArray(op, 'excludeMask', excludeMask, a.indices.length);
  let cap = 0, maxDeg = 0;
  for (let i = 0; i < seeds.length; i++) {
    checkRow(op, a, seeds[i]);
    const d = indptr[seeds[i] + 1] - indptr[seeds[i]];
    maxDeg = Math.max(maxDeg, d);
    cap += fanout < 0 ? d : replace ? (d > 0 ? fanout : 0) : Math.min(fanout, d);
  }
  const rows = allocInt32(`${op}: rows`, cap), cols = allocInt32(`${op}: cols`, cap), eids = allocInt32(`${op}: eids`, cap);
  const filtered = prob !== null || excludeMask !== null;
  // Unfiltered rows need no candidate list: candidate j is position lo + j, so a hub costs
  // O(fanout), not O(degree). Filtered rows list their eligible positions first.
  const cand = new Int32Array(filtered ? maxDeg : 0);
  const weight = new Float64Array(prob !== null ? maxDeg : 0);
  const picked = new Int32Array(fanout < 0 ? 0 : replace ? fanout : Math.min(fanout, maxDeg));
  const rng = new ItemStream();
  let out = 0;
  for (let i = 0; i < seeds.length; i++) {
    const s = seeds[i], lo = indptr[s], hi = indptr[s + 1];
    let n = 0;
    if (filtered) {
      for (let p = lo; p < hi; p++) {
        const e = checkedEid(op, a, p);
        if (excludeMask !== null && excludeMask[e]) continue;
        if (prob !== null) {
          if (!(prob[e] > 0)) continue;
          weight[n] = prob[e];
        }
        cand[n++] = p;
      }
    } else {
      n = hi - lo;
    }
    if (fanout < 0 || (!replace && n <= fanout)) {
      for (let j = 0; j < n; j++) {
        const p = filtered ? cand[j] : lo + j;
        rows[out] = s; cols[out] = colAt(op, a, p); eids[out] = checkedEid(op, a, p); out++;
      }
      continue;
    }
    if (n === 0) continue;
    rng.reset(a.seed, i);
    if (replace) drawWithReplacement(rng, n, prob !== null ? weight : null, fanout, picked);
    else if (prob !== null) topKeys(rng, weight, n, fanout, picked);
    else floyd(rng, n, fanout, picked);
    for (let j = 0; j < fanout; j++) {
      const p = filtered ? cand[picked[j]] : lo + picked[j];
      rows[out] = s; cols[out] = colAt(op, a, p); eids[out] = checkedEid(op, a, p); out++;
    }
  }
  return cap === out ? { rows, cols, eids }
    : { rows: rows.slice(0, out), cols: cols.slice(0, out), eids: eids.slice(0, out) };
}

/** Floyd's algorithm: k distinct indices of [0, n) in insertion order, k <= n (the partition service draws with it too). */
export function floyd(rng: ItemStream, n: number, k: number, picked: Int32Array): void {
  let m = 0;
  const seen = k > 64 ? new Set<number>() : null;
  const has = (v: number): boolean => {
    if (seen !== null) return seen.has(v);
    for (let j = 0; j < m; j++) if (picked[j] === v) return true;
    return false;
  };
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    const v = has(t) ? j : t;
    picked[m++] = v;
    seen?.add(v);
  }
}

/** k draws with replacement, uniform or proportional to weight (inverse CDF on prefix sums). */
function drawWithReplacement(rng: ItemStream, n: number, weight: Float64Array | null, k: number, picked: Int32Array): void {
  if (weight === null) {
    for (let j = 0; j < k; j++) picked[j] = rng.int(n);
    return;
  }
  const prefix = new Float64Array(n);
  let total = 0;
  for (let j = 0; j < n; j++) { total += weight[j]; prefix[j] = total; }
  for (let j = 0; j < k; j++) picked[j] = searchPrefix(prefix, n, rng.open01() * total);
}

/** First j with prefix[j] > x (clamped to n - 1 against rounding). */
function searchPrefix(prefix: Float64Array, n: number, x: number): number {
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (prefix[mid] > x) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/**
 * Weighted sampling without replacement (Efraimidis-Spirakis): the k candidates with the largest
 * key log(u) / w, kept in a min-heap; output from largest key to smallest.
 */
function topKeys(rng: ItemStream, weight: Float64Array, n: number, k: number, picked: Int32Array): void {
  const keys = new Float64Array(k);
  let size = 0;
  for (let j = 0; j < n; j++) {
    const key = Math.log(rng.open01()) / weight[j];
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (keys[parent] <= key) break;
        keys[c] = keys[parent]; picked[c] = picked[parent]; c = parent;
      }
      keys[c] = key; picked[c] = j;
    } else if (key > keys[0]) {
      siftDown(keys, picked, size, key, j);
    }
  }
  // Heap-sort in place so the order does not depend on heap internals of another implementation.
  for (let end = size - 1; end > 0; end--) {
    const topKey = keys[0], topIdx = picked[0];
    siftDown(keys, picked, end, keys[end], picked[end]);
    keys[end] = topKey; picked[end] = topIdx;
  }
}

function siftDown(keys: Float64Array, idx: Int32Array, size: number, key: number, item: number): void {
  let c = 0;
  for (;;) {
    let child = 2 * c + 1;
    if (child >= size) break;
    if (child + 1 < size && keys[child + 1] < keys[child]) child++;
    if (keys[child] >= key) break;
    keys[c] = keys[child]; idx[c] = idx[child]; c = child;
  }
  keys[c] = key; idx[c] = item;
}

/** Per seed the k eligible edges of largest (ascending: smallest) weight, ties to the lower position. */
export function selectTopk(a: SelectTopkArgs): SampledEdges {
  const { indptr, seeds, k, weights, ascending, excludeMask } = a;
  const op = 'selectTopk';
  checkEidsLength(op, a);
  checkEdgeArray(op, 'weights', weights, a.indices.length);
  checkEdgeArray(op, 'excludeMask', excludeMask, a.indices.length);
  checkRows(op, 'seeds', seeds, indptr.length - 1);
  for (let i = 0; i < seeds.length; i++) checkRow(op, a, seeds[i]);
  // Every position of a seed row is a candidate: its edge id and weight are read here. A NaN
  // weight has no place in the order (the comparator would be inconsistent).
  for (let i = 0; i < seeds.length; i++) {
    for (let p = indptr[seeds[i]]; p < indptr[seeds[i] + 1]; p++) {
      const e = checkedEid(op, a, p);
      if (Number.isNaN(weights[e])) throw new RangeError(`${op}: weights[${e}] is NaN`);
    }
  }
  const rows: number[] = [], cols: number[] = [], eids: number[] = [];
  const sign = ascending ? 1 : -1;
  for (let i = 0; i < seeds.length; i++) {
    const s = seeds[i];
    const cand: number[] = [];
    for (let p = indptr[s]; p < indptr[s + 1]; p++) {
      if (excludeMask === null || !excludeMask[eidAt(a, p)]) cand.push(p);
    }
    cand.sort((x, y) => sign * (weights[eidAt(a, x)] - weights[eidAt(a, y)]) || x - y);
    const take = k < 0 ? cand.length : Math.min(k, cand.length);
    for (let j = 0; j < take; j++) { rows.push(s); cols.push(colAt(op, a, cand[j])); eids.push(eidAt(a, cand[j])); }
  }
  return { rows: Int32Array.from(rows), cols: Int32Array.from(cols), eids: Int32Array.from(eids) };
}

/** One transition from row `cur`: position picked uniformly or by weight, -1 at a dead end (entries checked as read). */
function stepFrom(op: string, c: CompressedRows, prob: FloatArray | null, cur: number, rng: ItemStream): number {
  checkRow(op, c, cur);
  const lo = c.indptr[cur], hi = c.indptr[cur + 1];
  if (hi === lo) return -1;
  if (prob === null) return lo + rng.int(hi - lo);
  let total = 0;
  for (let p = lo; p < hi; p++) total += prob[checkedEid(op, c, p)];
  if (!(total > 0)) return -1;
  const x = rng.open01() * total;
  let acc = 0, last = -1;
  for (let p = lo; p < hi; p++) {
    const w = prob[eidAt(c, p)];
    if (w <= 0) continue;
    acc += w; last = p;
    if (acc > x) return p;
  }
  return last;
}

/** Metapath random walks; after each transition the walk stops with probability restartProb. */
/** An Int32Array of rows * cols entries filled with -1 (alloc.ts checks the size). */
function allocWalk(what: string, rows: number, cols: number): Int32Array {
  return allocInt32(what, rows * cols, -1);
}

export function randomWalk(a: RandomWalkArgs): RandomWalkResult {
  const { steps, nodes, restartProb } = a;
  const S = steps.length, L = a.length ?? S, N = nodes.length;
  if (!(Number.isInteger(L) && L >= 0) || (L > 0 && S === 0)) {
    throw new RangeError(`randomWalk: length must be a non-negative integer with at least one step, got ${L}`);
  }
  if (L > 0) checkRows('randomWalk', 'nodes', nodes, steps[0].indptr.length - 1);
  const traces = allocWalk('randomWalk: traces', N, L + 1), eids = allocWalk('randomWalk: eids', N, L);
  const rng = new ItemStream();
  const stepOps = steps.map((_, t) => `randomWalk: steps[${t}]`);
  steps.forEach((st, t) => { checkEidsLength(stepOps[t], st); checkEdgeArray(stepOps[t], 'prob', st.prob, st.indices.length); });
  for (let i = 0; i < N; i++) {
    rng.reset(a.seed, i);
    let cur = nodes[i];
    traces[i * (L + 1)] = cur;
    for (let t = 0; t < L; t++) {
      const k = t % S, step = steps[k];
      if (cur >= step.indptr.length - 1) throw new RangeError(`randomWalk: node ${cur} is not a row of metapath step ${t}`);
      const p = stepFrom(stepOps[k], step, step.prob, cur, rng);
      if (p < 0) break;
      cur = colAt(stepOps[k], step, p);
      traces[i * (L + 1) + t + 1] = cur;
      eids[i * L + t] = checkedEid(stepOps[k], step, p);
      if (restartProb > 0 && t + 1 < L && rng.open01() < restartProb) break;
    }
  }
  return { traces, eids };
}

/**
 * node2vec second-order walks by rejection: a candidate x drawn from the out-edges of the current
 * node is accepted with probability w(x) / max(1/p, 1, 1/q), w = 1/p back to the previous node,
 * 1 when the previous node has an edge to x, 1/q otherwise. The first step is first-order.
 */
export function node2vecWalk(a: Node2vecArgs): RandomWalkResult {
  const { indptr, nodes, p, q, walkLength: L, prob } = a;
  const numNodes = indptr.length - 1;
  const op = 'node2vecWalk';
  // The addon's checks: p or q at 0 (or infinite, NaN) would make the rejection loop never accept.
  if (!(p > 0 && p < Infinity)) throw new RangeError(`${op}: p must be a positive finite number`);
  if (!(q > 0 && q < Infinity)) throw new RangeError(`${op}: q must be a positive finite number`);
  if (!(Number.isInteger(L) && L >= 0 && L <= 2 ** 31 - 1)) throw new RangeError(`${op}: walkLength must be a non-negative integer below 2^31, got ${L}`);
  checkEidsLength(op, a);
  checkEdgeArray(op, 'prob', prob, a.indices.length);
  checkRows(op, 'nodes', nodes, numNodes);
  const N = nodes.length;
  const traces = allocWalk(`${op}: traces`, N, L + 1), eids = allocWalk(`${op}: eids`, N, L);
  const bound = Math.max(1 / p, 1, 1 / q);
  // stamp[x] === mark when the previous node has an edge to x (re-marked after every step).
  const stamp = new Int32Array(numNodes).fill(-1);
  let mark = 0;
  const rng = new ItemStream();
  for (let i = 0; i < N; i++) {
    rng.reset(a.seed, i);
    let prev = -1, cur = nodes[i];
    traces[i * (L + 1)] = cur;
    for (let t = 0; t < L; t++) {
      let pos: number;
      if (prev < 0) {
        pos = stepFrom(op, a, prob, cur, rng);
      } else {
        mark++;
        // prev's row was checked when the walk left it.
        for (let k = indptr[prev]; k < indptr[prev + 1]; k++) stamp[colAt(op, a, k, numNodes)] = mark;
        for (;;) {
          pos = stepFrom(op, a, prob, cur, rng);
          if (pos < 0) break;
          const x = colAt(op, a, pos, numNodes);
          checkedEid(op, a, pos);
          const w = x === prev ? 1 / p : stamp[x] === mark ? 1 : 1 / q;
          if (rng.open01() * bound < w) break;
        }
      }
      if (pos < 0) break;
      prev = cur;
      cur = colAt(op, a, pos, numNodes);
      traces[i * (L + 1) + t + 1] = cur;
      eids[i * L + t] = checkedEid(op, a, pos);
    }
  }
  return { traces, eids };
}

/**
 * Candidate i is (int(numSrc), int(numDst)) from stream i; pairs that are edges (or self loops when
 * excluded) are dropped, then (without replacement) repeats, keeping the first numSamples in
 * candidate order. The CSR rows are sources.
 */
export function globalUniformNegative(a: GlobalNegativeArgs): { src: IndexArray; dst: IndexArray } {
  const { indptr, numSrc, numDst, numSamples, excludeSelfLoops, replace } = a;
  const op = 'globalUniformNegative';
  if (!(Number.isInteger(numSamples) && numSamples >= 0 && numSamples <= 2 ** 31 - 1)) {
    throw new RangeError(`${op}: numSamples must be a non-negative integer below 2147483647, got ${numSamples}`);
  }
  checkEidsLength(op, a);
  if (indptr.length !== numSrc + 1) throw new RangeError(`globalUniformNegative: indptr has length ${indptr.length}, expected ${numSrc + 1}`);
  if (numSrc === 0 || numDst === 0 || numSamples <= 0) return { src: new Int32Array(0), dst: new Int32Array(0) };
  // Pairs in typed arrays grown by doubling: a failed allocation is a catchable RangeError, where a
  // number[] of 10^8 entries exhausts V8's heap and kills the process.
  let src = new Int32Array(Math.min(numSamples, 1 << 16)), dst = new Int32Array(src.length), count = 0;
  const grow = (): void => {
    const cap = Math.min(numSamples, src.length * 2);
    const s2 = allocInt32(`${op}: src`, cap), d2 = allocInt32(`${op}: dst`, cap);
    s2.set(src); d2.set(dst);
    src = s2; dst = d2;
  };
  const numCandidates = Math.ceil(numSamples * a.redundancy);
  const seen = replace ? null : new Set<number>();
  const rng = new ItemStream();
  for (let i = 0; i < numCandidates && count < numSamples; i++) {
    rng.reset(a.seed, i);
    const u = rng.int(numSrc), v = rng.int(numDst);
    if (excludeSelfLoops && u === v) continue;
    let isEdge = false;
    checkRow(op, a, u);
    for (let p = indptr[u]; p < indptr[u + 1]; p++) if (colAt(op, a, p, numDst) === v) { isEdge = true; break; }
    if (isEdge) continue;
    if (seen !== null) {
      const key = u * numDst + v;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (count === src.length) grow();
    src[count] = u; dst[count++] = v;
  }
  const fit = (a: Int32Array<ArrayBuffer>, what: string): Int32Array => {
    if (count === a.length) return a;
    const out = allocInt32(`${op}: ${what}`, count);
    out.set(a.subarray(0, count));
    return out;
  };
  return { src: fit(src, 'src'), dst: fit(dst, 'dst') };
}
