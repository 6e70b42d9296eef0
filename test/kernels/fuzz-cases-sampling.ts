/** The fuzz cases of the sampling kernels (neighbours, top-k, walks, negatives): see fuzz-cases.ts. */
import { randomCompressed, TestRng } from './native-util.js';
import type { FloatArray } from '../../src/kernels/backend.js';
import { floats, graph, Mutator, type Args, type FuzzCase } from './fuzz-cases.js';

/** Seed rows with at least one position, and rows no seed reads. */
function seedRows(indptr: Int32Array, seeds: Int32Array): { hit: number[]; miss: number[] } {
  const isSeed = new Set(seeds);
  const hit: number[] = [], miss: number[] = [];
  for (let r = 0; r + 1 < indptr.length; r++) {
    if (isSeed.has(r)) { if (indptr[r + 1] > indptr[r]) hit.push(r); } else miss.push(r);
  }
  return { hit, miss };
}

/** Corrupts every position of a row: column ids to negatives, edge ids (made explicit when null) to >= numEdges. */
function corruptRow(r: TestRng, args: Args, row: number, what: 'indices' | 'eids'): void {
  const indptr = args.indptr as Int32Array, E = (args.indices as Int32Array).length;
  const arr = what === 'indices' ? (args.indices as Int32Array).slice()
    : (args.eids as Int32Array | null)?.slice() ?? Int32Array.from({ length: E }, (_, i) => i);
  for (let p = indptr[row]; p < indptr[row + 1]; p++) arr[p] = what === 'indices' ? -1 - r.int(3) : E + r.int(3);
  args[what] = arr;
}

/** A valid call made with corrupt entries outside the rows it reads (they must neither fail nor change it). */
function corruptUnread(r: TestRng, args: Args, seeds: Int32Array, miss: number[], topk: boolean): void {
  const indptr = args.indptr as Int32Array, E = (args.indices as Int32Array).length, rows = indptr.length - 1;
  const u = r.next();
  if (miss.length > 0 && u < 0.3) corruptRow(r, args, r.pick(miss), 'indices');
  else if (miss.length > 0 && u < 0.6) corruptRow(r, args, r.pick(miss), 'eids');
  else if (miss.length > 0 && u < 0.8 && topk) {
    const row = r.pick(miss), w = (args.weights as FloatArray).slice(), eids = args.eids as Int32Array | null;
    for (let p = indptr[row]; p < indptr[row + 1]; p++) w[eids ? eids[p] : p] = NaN;
    args.weights = w;
  } else {
    // An indptr entry that is neither end of a seed row.
    const read = new Set<number>();
    for (const s of seeds) { read.add(s); read.add(s + 1); }
    const free = Array.from({ length: rows + 1 }, (_, i) => i).filter((i) => !read.has(i));
    if (free.length === 0) return;
    const p = indptr.slice();
    p[r.pick(free)] = r.pick([-5, E + 9, 2 ** 30]);
    args.indptr = p;
  }
}

export function samplingCase(r: TestRng): FuzzCase {
  const kind = r.int(5), rows = r.pick([0, 1, 6]), cols = r.pick([1, 5]);
  if (kind === 0 || kind === 1) {
    const c = graph(r, rows, cols), E = c.indices.length;
    const seeds = Int32Array.from({ length: rows > 0 ? r.int(8) : 0 }, () => r.int(rows));
    const common: Args = { ...c, seeds, excludeMask: r.next() < 0.5 ? null : Uint8Array.from({ length: E }, () => r.int(2)) };
    const args: Args = kind === 0
      ? { ...common, fanout: r.pick([-1, 0, 2, 5]), replace: r.next() < 0.5, prob: r.next() < 0.5 ? null : floats(r, E, r.next() < 0.5),
        seed: r.int(1e9) }
      : { ...common, k: r.pick([-1, 0, 2]), weights: floats(r, E, r.next() < 0.5), ascending: r.next() < 0.5 };
    const { hit, miss } = seedRows(c.indptr, seeds);
    if (r.next() < 0.4) corruptUnread(r, args, seeds, miss, kind === 1);
    const m = new Mutator(r, args);
    m.index('seeds', rows);
    m.length('eids');
    m.length('excludeMask');
    m.type('seeds', ['Int32Array']);
    m.type('excludeMask', ['Uint8Array']);
    // Corrupt entries the call certainly reads: a seed row's indptr, every edge id of a seed row
    // (read for eligibility or emitted), every column id of a seed row with all of it emitted.
    if (seeds.length > 0) {
      m.custom(() => {
        const p = (args.indptr as Int32Array).slice(), s = r.pick(Array.from(seeds));
        if (r.next() < 0.5) p[s] = -1 - r.int(3); else p[s + 1] = E + 1 + r.int(3);
        args.indptr = p;
      });
    }
    if (hit.length > 0) {
      m.custom(() => {
        corruptRow(r, args, r.pick(hit), 'eids');
        if (kind === 0 && args.fanout === 0) args.fanout = 2;
      });
      m.custom(() => {
        corruptRow(r, args, r.pick(hit), 'indices');
        args.excludeMask = null;
        if (kind === 0) { args.prob = null; args.fanout = -1; } else args.k = -1;
      });
    }
    if (kind === 0) {
      m.length('prob');
      m.custom(() => { args.fanout = r.pick([-2, 1.5, NaN, '2', 2 ** 40]); });
      m.custom(() => { args.seed = r.pick([NaN, Infinity, '1', null]); });
      m.custom(() => { args.replace = r.pick([0, 1, 'true', null]); });
    } else {
      m.length('weights');
      m.missing('weights');
      if (hit.length > 0) {
        m.custom(() => {
          const row = r.pick(hit), p = c.indptr[row] + r.int(c.indptr[row + 1] - c.indptr[row]);
          const w = (args.weights as FloatArray).slice(), eids = args.eids as Int32Array | null;
          w[eids ? eids[p] : p] = NaN;
          args.weights = w;
        });
      }
      m.custom(() => { args.k = r.pick([-3, 0.5, NaN]); });
    }
    return { kernel: kind === 0 ? 'sampleNeighbors' : 'selectTopk', args, order: null, outs: [], mutations: m.list };
  }
  if (kind === 2) {
    const nB = r.pick([1, 4]);
    const ab = graph(r, rows, nB), ba = graph(r, nB, Math.max(rows, 1));
    const steps = rows === 0 ? [] : [{ ...ab, prob: null }, { ...ba, prob: r.next() < 0.5 ? null : floats(r, ba.indices.length, true) }];
    const args: Args = { steps, nodes: Int32Array.from({ length: rows > 0 ? r.int(6) : 0 }, () => r.int(rows)),
      restartProb: r.pick([0, 0.5]), seed: r.int(1e9) };
    const m = new Mutator(r, args);
    const probes: (() => void)[] = [];
    if (steps.length > 0) {
      m.index('nodes', rows);
      m.custom(() => { args.steps = [{ ...ab, prob: null }, { ...ba, prob: new Float32Array(ba.indices.length + 1) }]; });
      m.custom(() => { args.steps = [{ ...ab, prob: null }, 7]; });
      // Walks read the rows they visit: whether these fail depends on the path.
      const withStep = (t: number, patch: Args) => { const st: Args[] = steps.slice(); st[t] = { ...steps[t], ...patch }; args.steps = st; };
      if (ab.indices.length > 0) probes.push(() => withStep(0, { indices: ab.indices.slice(1) }));
      for (const [t, g] of [[0, ab], [1, ba]] as const) {
        const E = g.indices.length;
        if (E > 0) {
          probes.push(() => { const x = g.indices.slice(); x[r.int(E)] = -1; withStep(t, { indices: x }); });
          probes.push(() => {
            const x = g.eids?.slice() ?? Int32Array.from({ length: E }, (_, i) => i);
            x[r.int(E)] = E;
            withStep(t, { eids: x });
          });
        }
        probes.push(() => { const p = g.indptr.slice(); p[r.int(p.length)] = r.pick([-1, E + 1]); withStep(t, { indptr: p }); });
      }
    }
    m.custom(() => { args.steps = r.pick([null, 3, 'x']); });
    m.type('nodes', ['Int32Array']);
    return { kernel: 'randomWalk', args, order: null, outs: [], mutations: m.list, probes };
  }
  if (kind === 3) {
    const N = r.pick([1, 7]), c = graph(r, N, N);
    const args: Args = { ...c, nodes: Int32Array.from({ length: r.int(5) }, () => r.int(N)), p: r.pick([0.5, 1, 2]), q: r.pick([0.5, 2]),
      walkLength: r.pick([0, 3]), prob: null, seed: r.int(1e9) };
    const m = new Mutator(r, args);
    m.index('nodes', N);
    m.length('eids');
    const probes: (() => void)[] = [];
    const E = c.indices.length;
    if (E > 0) {
      probes.push(() => { const x = c.indices.slice(); x[r.int(E)] = r.pick([-1, N]); args.indices = x; });
      probes.push(() => {
        const x = c.eids?.slice() ?? Int32Array.from({ length: E }, (_, i) => i);
        x[r.int(E)] = r.pick([-1, E]);
        args.eids = x;
      });
    }
    probes.push(() => { const p = c.indptr.slice(); p[r.int(p.length)] = r.pick([-1, E + 1]); args.indptr = p; });
    m.custom(() => { args.p = r.pick([0, -1, NaN, Infinity]); });
    m.custom(() => { args.q = r.pick([0, -2, NaN]); });
    m.count('walkLength');
    m.custom(() => { args.prob = new Float64Array(c.indices.length + 1); });
    return { kernel: 'node2vecWalk', args, order: null, outs: [], mutations: m.list, probes };
  }
  const numSrc = rows, numDst = cols, c = graph(r, numSrc, numDst);
  const args: Args = { ...c, numSrc, numDst, numSamples: r.pick([0, 3, 20]), excludeSelfLoops: r.next() < 0.5, replace: r.next() < 0.5,
    redundancy: r.pick([1, 2]), seed: r.int(1e9) };
  const m = new Mutator(r, args);
  m.length('indptr');
  m.count('numSamples');
  m.count('numDst');
  m.custom(() => { args.redundancy = r.pick([NaN, Infinity]); args.numSamples = 5; args.numSrc = 3; args.numDst = 3;
    args.indptr = new Int32Array(4); args.indices = new Int32Array(0); args.eids = null; });
  // Only the rows of drawn candidates are read.
  const E = c.indices.length, probes: (() => void)[] = [];
  if (E > 0) probes.push(() => { const x = c.indices.slice(); x[r.int(E)] = r.pick([-1, numDst]); args.indices = x; });
  probes.push(() => { const p = c.indptr.slice(); p[r.int(p.length)] = r.pick([-1, E + 1]); args.indptr = p; });
  return { kernel: 'globalUniformNegative', args, order: null, outs: [], mutations: m.list, probes };
}

