/**
 * The native sampling kernels reproduce the TypeScript backend exactly (same seeds, same picks,
 * same order) on random graphs with zero-degree, heavy and multi-edge rows, for 1 and 2 threads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, FloatArray } from '../../src/kernels/backend.js';
import { jsBackend } from '../../src/kernels/js/index.js';
import { nativeOrSkip, randomCompressed, sameInts, TestRng } from './native-util.js';

type NativeSampling = Pick<Backend, 'sampleNeighbors' | 'selectTopk' | 'randomWalk' | 'node2vecWalk' | 'globalUniformNegative'>;

function weights(r: TestRng, n: number, f32: boolean, zeros: boolean): FloatArray {
  const w = f32 ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = zeros && r.next() < 0.2 ? 0 : 0.05 + 3 * r.next();
  return w;
}

function mask(r: TestRng, n: number): Uint8Array {
  const m = new Uint8Array(n);
  for (let i = 0; i < n; i++) m[i] = r.next() < 0.25 ? 1 : 0;
  return m;
}

function equalResults(what: string, a: Record<string, Int32Array>, b: Record<string, Int32Array>): void {
  for (const k of Object.keys(b)) {
    assert.ok(sameInts(a[k], b[k]), `${what}: ${k} differs (native ${a[k].length} entries, js ${b[k].length})`);
  }
}

interface Threads { setNumThreads(n: number): void; getNumThreads(): number }

/** The native result under 1 and under 2 threads must both equal the TypeScript one. */
function checkThreads<R extends object>(a: Threads, what: string, want: R, run: () => R): void {
  const before = a.getNumThreads();
  try {
    for (const n of [1, 2]) {
      a.setNumThreads(n);
      equalResults(`${what} (${n} threads)`, { ...run() } as Record<string, Int32Array>, { ...want } as Record<string, Int32Array>);
    }
  } finally {
    a.setNumThreads(before);
  }
}

test('native sampleNeighbors equals the TypeScript kernel (uniform, weighted, replace, exclude, fanouts)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const n: NativeSampling = a;
  const r = new TestRng(17);
  let checked = 0, sampled = 0;
  {
    for (let trial = 0; trial < 10; trial++) {
      const rows = r.pick([0, 1, 7, 300, 700]);
      const c = randomCompressed(r, rows, 50, r.pick([10, 90, 200]), r.next() < 0.5);
      const E = c.indices.length;
      const numSeeds = rows === 0 ? 0 : r.int(2 * rows + 1);
      const seeds = new Int32Array(numSeeds);
      for (let i = 0; i < numSeeds; i++) seeds[i] = r.int(rows);
      for (const fanout of [-1, 0, 1, 5, 70]) {
        for (const replace of [false, true]) {
          for (const kind of ['uniform', 'f32', 'f64', 'exclude']) {
            const args = {
              ...c, seeds, fanout, replace, seed: r.int(2 ** 32),
              prob: kind === 'f32' || kind === 'f64' ? weights(r, E, kind === 'f32', true) : null,
              excludeMask: kind === 'exclude' || (kind === 'f64' && r.next() < 0.5) ? mask(r, E) : null,
            };
            const want = jsBackend.sampleNeighbors(args);
            checkThreads(a, `trial ${trial} rows ${rows} fanout ${fanout} replace ${replace} ${kind}`, want,
              () => n.sampleNeighbors(args));
            checked++;
            sampled += want.rows.length;
          }
        }
      }
    }
  }
  assert.ok(checked === 10 * 5 * 2 * 4 && sampled > 10000, `checked ${checked} cases, ${sampled} edges`);
});

test('native selectTopk equals the TypeScript kernel (ties, ascending, exclude, k = -1)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(5);
  {
    for (let trial = 0; trial < 12; trial++) {
      const rows = r.pick([0, 3, 300]);
      const c = randomCompressed(r, rows, 30, 60, r.next() < 0.5);
      const E = c.indices.length;
      // Few distinct values so that ties (broken by position) are common; infinities included.
      const w = r.next() < 0.5 ? new Float32Array(E) : new Float64Array(E);
      for (let e = 0; e < E; e++) w[e] = r.pick([-Infinity, -1, 0, 0.5, 2, Infinity]);
      const seeds = Int32Array.from({ length: rows === 0 ? 0 : 2 * rows }, () => r.int(rows));
      for (const k of [-1, 0, 1, 3, 40]) {
        for (const ascending of [false, true]) {
          const args = { ...c, seeds, k, weights: w, ascending, excludeMask: r.next() < 0.5 ? mask(r, E) : null };
          checkThreads(a, `trial ${trial} k ${k} ascending ${ascending}`, jsBackend.selectTopk(args), () => a.selectTopk(args));
        }
      }
    }
  }
});

test('native randomWalk equals the TypeScript kernel (metapaths, weights, restarts, dead ends)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(9);
  {
    for (let trial = 0; trial < 30; trial++) {
      // A two-type metapath A -> B -> A -> B, or a homogeneous walk.
      const nA = r.pick([1, 20, 500]), nB = r.pick([1, 13, 300]);
      const ab = randomCompressed(r, nA, nB, 40, r.next() < 0.5), ba = randomCompressed(r, nB, nA, 40, r.next() < 0.5);
      const step = (c: typeof ab) => ({ ...c, prob: r.next() < 0.5 ? null : weights(r, c.indices.length, r.next() < 0.5, true) });
      const s1 = step(ab), s2 = step(ba);
      const steps = r.next() < 0.5 ? [s1, s2, s1, s2] : [s1, s2];
      const nodes = Int32Array.from({ length: r.int(3 * nA) }, () => r.int(nA));
      for (const restartProb of [0, 0.3]) {
        const args = { steps, nodes, restartProb, seed: r.int(2 ** 32) };
        checkThreads(a, `trial ${trial} restart ${restartProb}`, jsBackend.randomWalk(args), () => a.randomWalk(args));
      }
    }
  }
});

test('native node2vecWalk equals the TypeScript kernel (p, q, weights, dead ends)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(23);
  {
    for (let trial = 0; trial < 30; trial++) {
      const N = r.pick([1, 30, 600]);
      const c = randomCompressed(r, N, N, 50, r.next() < 0.5);
      const nodes = Int32Array.from({ length: r.int(2 * N) }, () => r.int(N));
      const args = { ...c, nodes, p: r.pick([0.25, 1, 4]), q: r.pick([0.5, 1, 2]), walkLength: r.pick([0, 1, 6]),
        prob: r.next() < 0.5 ? null : weights(r, c.indices.length, r.next() < 0.5, true), seed: r.int(2 ** 32) };
      checkThreads(a, `trial ${trial}`, jsBackend.node2vecWalk(args), () => a.node2vecWalk(args));
    }
  }
});

test('native globalUniformNegative equals the TypeScript kernel (self loops, replace, dense graphs)', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(31);
  {
    for (let trial = 0; trial < 30; trial++) {
      const numSrc = r.pick([0, 1, 5, 400]), numDst = r.pick([1, 6, 300]);
      const c = randomCompressed(r, numSrc, numDst, 20, false);
      const args = { ...c, numSrc, numDst, numSamples: r.pick([0, 1, 50, 100000]), excludeSelfLoops: r.next() < 0.5,
        replace: r.next() < 0.5, redundancy: r.pick([1, 1.5, 3]), seed: r.int(2 ** 32) };
      checkThreads(a, `trial ${trial}`, jsBackend.globalUniformNegative(args), () => a.globalUniformNegative(args));
    }
  }
});

test('the addon\'s log is bit for bit Math.log on (0, 1) and beyond', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const r = new TestRng(3);
  const x = new Float64Array(200000);
  for (let i = 0; i < x.length; i++) {
    // open01 values (the sampling keys), then wide magnitudes, subnormals and specials.
    x[i] = i < 100000 ? (Math.floor(r.next() * 2 ** 32) + 0.5) / 2 ** 32 : Math.exp((r.next() - 0.5) * 1400);
  }
  x.set([0, -0, -1, Infinity, NaN, 5e-324, 1, 1 + 2 ** -52, 1 - 2 ** -53, 2], 100000);
  const y = x.slice();
  a.fdlibmLog(y);
  for (let i = 0; i < x.length; i++) {
    const want = Math.log(x[i]);
    if (!(Object.is(y[i], want))) assert.fail(`log(${x[i]}): addon ${y[i]}, Math.log ${want}`);
  }
});

test('sampling kernels read-validate: corrupt entries outside the seed rows are ignored, inside them throw on both backends', (t) => {
  const a = nativeOrSkip(t);
  if (a === null) return;
  const n: NativeSampling = a;
  const r = new TestRng(23);
  // Large enough that the addon's counting and sampling passes run on a thread team.
  const rows = 20000, c = randomCompressed(r, rows, rows, 40, true), E = c.indices.length;
  const seeds = Int32Array.from({ length: 12000 }, () => r.int(rows / 2));  // only the first half is read
  const outside = rows / 2 + r.int(rows / 2 - 1), inside = seeds[r.int(seeds.length)];
  const corrupt = (what: 'indptr' | 'indices' | 'eids', row: number) => {
    const x = c[what]!.slice();
    if (what === 'indptr') x[row + 1] = E + 5;
    else for (let p = c.indptr[row]; p < c.indptr[row + 1]; p++) x[p] = what === 'indices' ? -3 : E;
    return { ...c, [what]: x };
  };
  const before = a.getNumThreads();
  try {
    a.setNumThreads(2);
    for (const what of ['indptr', 'indices', 'eids'] as const) {
      for (const filtered of [false, true]) {
        const common = { seeds, excludeMask: filtered ? mask(r, E) : null };
        const sample = (g: typeof c) => ({ ...g, ...common, fanout: -1, replace: false, prob: null, seed: 5 });
        const topk = (g: typeof c) => ({ ...g, ...common, k: -1, weights: weights(new TestRng(3), E, true, false), ascending: false });
        const what_ = `${what} ${filtered ? 'filtered' : 'unfiltered'}`;
        // Outside: a valid call, the same result as on the intact graph.
        const g = corrupt(what, outside);
        equalResults(`sampleNeighbors, corrupt ${what_} outside`, { ...n.sampleNeighbors(sample(g)) }, { ...jsBackend.sampleNeighbors(sample(c)) });
        equalResults(`sampleNeighbors (js), corrupt ${what_} outside`, { ...jsBackend.sampleNeighbors(sample(g)) }, { ...jsBackend.sampleNeighbors(sample(c)) });
        equalResults(`selectTopk, corrupt ${what_} outside`, { ...n.selectTopk(topk(g)) }, { ...jsBackend.selectTopk(topk(c)) });
        // Inside a seed row (degree > 0 for indices / eids): a RangeError naming the array.
        let row = inside;
        // (indices are read only where edges are emitted: a row with an edge that is not excluded)
        const emitted = (s: number) => Array.from({ length: c.indptr[s + 1] - c.indptr[s] }, (_, j) => c.eids![c.indptr[s] + j])
          .some((e) => common.excludeMask === null || common.excludeMask[e] === 0);
        if (what !== 'indptr') row = Array.from(seeds).find(emitted)!;
        const bad = corrupt(what, row);
        for (const [name, b] of [['native', n], ['js', jsBackend]] as const) {
          assert.throws(() => b.sampleNeighbors(sample(bad)), (e: unknown) => e instanceof RangeError
            && e.message.startsWith(`sampleNeighbors: ${what}[`), `${name} sampleNeighbors, corrupt ${what_} inside`);
          assert.throws(() => b.selectTopk(topk(bad)), (e: unknown) => e instanceof RangeError
            && e.message.startsWith(`selectTopk: ${what}[`), `${name} selectTopk, corrupt ${what_} inside`);
        }
      }
    }
  } finally {
    a.setNumThreads(before);
  }
});
