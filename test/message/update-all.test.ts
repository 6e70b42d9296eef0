import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import type { Target } from '../../src/kernels/backend.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';
import { graphCases, tinyCases, type GraphCase } from '../cases/graphs.js';
import { refReduceEdges, refSddmm, type RefOp, type RefReduce } from '../reference/sparse.js';

const { fn } = dg;
const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const f64 = (shape: number[], seed: number, lo = -1, hi = 1): dg.Tensor =>
  dg.tensor(seededData(prod(shape), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });
const REDUCERS: RefReduce[] = ['sum', 'mean', 'max', 'min'];
const TARGETS: Target[] = ['u', 'v', 'e'];
const BIN_OPS = ['add', 'sub', 'mul', 'div', 'dot'] as const;
const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);

function graphOf(c: GraphCase): dg.Graph {
  return c.numSrc === c.numDst ? dg.graph([c.src, c.dst], { numNodes: c.numSrc })
    : dg.bipartite([c.src, c.dst], { numSrc: c.numSrc, numDst: c.numDst });
}

/** Puts features 'a' (lhs shape) and 'b' (rhs shape) on every frame a message may read. */
function setFeatures(g: dg.Graph, lf: number[], rf: number[], seed: number): Record<Target, Record<'a' | 'b', dg.Tensor>> {
  const rows = { u: g.numSrcNodes(), v: g.numDstNodes(), e: g.numEdges() };
  const frames = { u: g.srcdata, v: g.dstdata, e: g.edata };
  const out = {} as Record<Target, Record<'a' | 'b', dg.Tensor>>;
  for (const t of TARGETS) {
    const same = t === 'v' && g.srcdata === g.dstdata;
    out[t] = same ? out.u : { a: f64([rows[t], ...lf], seed + 1), b: f64([rows[t], ...rf], seed + 2, 0.5, 2) };
    if (!same) { frames[t].set('a', out[t].a); frames[t].set('b', out[t].b); }
  }
  return out;
}

function builtins(): [dg.MessageFn, RefOp, Target, Target][] {
  const list: [dg.MessageFn, RefOp, Target, Target][] = [[fn.copyU('a', 'm'), 'copyLhs', 'u', 'u'], [fn.copyE('b', 'm'), 'copyRhs', 'e', 'e']];
  for (const l of TARGETS) for (const r of TARGETS) {
    if (l === r) continue;
    for (const op of BIN_OPS) {
      const make = (fn as unknown as Record<string, (a: string, b: string, o: string) => dg.MessageFn>)[`${l}${cap(op)}${cap(r)}`];
      list.push([make('a', 'b', 'm'), op, l, r]);
    }
  }
  return list;
}

test('fn has DGL\'s builtins: copyU, copyE, thirty binary messages, four reducers', () => {
  assert.equal(builtins().length, 32);
  for (const [m] of builtins()) assert.ok(typeof m === 'object');
  for (const r of REDUCERS) assert.equal(fn[r]('m', 'h').op, r);
  assert.equal('uAddU' in fn, false);
});

test('updateAll: every builtin message x reducer agrees with the reference on every graph case', () => forEachBackend((name) => {
  for (const c of graphCases()) {
    const g = graphOf(c);
    for (const [msg, op, lt, rt] of builtins()) {
      const [lf, rf] = op === 'dot' ? [[2, 3], [3]] : [[4, 1], [4, 2]];
      const feats = setFeatures(g, lf, rf, 3);
      const lhs = op === 'copyRhs' ? null : { data: feats[lt].a.data, shape: lf };
      const rhs = op === 'copyLhs' ? null : op === 'copyRhs' ? { data: feats.e.b.data, shape: rf } : { data: feats[rt].b.data, shape: rf };
      const msgs = refSddmm(c, op, lhs, lt, rhs, op === 'copyRhs' ? 'e' : rt);
      for (const r of REDUCERS) {
        dg.updateAll(g, msg, fn[r]('m', 'h'));
        const what = `${name} ${c.label} ${(msg as { name: string }).name}/${r}`;
        if (c.src.length === 0) { assert.equal(g.dstdata.has('h'), false, `${what}: no edges, nothing written (DGL)`); continue; }
        assert.doesNotThrow(() => expectClose(g.dstdata.get('h').data, refReduceEdges(c, msgs, r), { atol: 1e-12, rtol: 1e-12 }), what);
      }
    }
  }
}));

test('updateAll: gradients of every builtin message x reducer match finite differences', () => {
  for (const c of tinyCases()) {
    const g = graphOf(c);
    const separate = g.dstdata !== g.srcdata;
    for (const [msg, op] of builtins()) {
      const [lf, rf] = op === 'dot' ? [[2, 3], [1, 3]] : [[2, 1], [2, 2]];
      for (const r of REDUCERS) {
        // Leaves: 'a' and 'b' on the source, edge and (when separate) destination frames; b stays away from 0.
        const frames: [dg.Frame, number][] = [[g.srcdata, g.numSrcNodes()], [g.edata, g.numEdges()]];
        if (separate) frames.push([g.dstdata, g.numDstNodes()]);
        const leaves = frames.flatMap(([, rows], i) => [f64([rows, ...lf], 5 + i), f64([rows, ...rf], 15 + i, 0.5, 2)]);
        const run = (...xs: dg.Tensor[]): dg.Tensor => {
          frames.forEach(([f], i) => { f.set('a', xs[2 * i]); f.set('b', xs[2 * i + 1]); });
          dg.updateAll(g, msg, fn[r]('m', 'h'));
          return g.dstdata.get('h');
        };
        assert.doesNotThrow(() => dg.gradcheck(run, leaves), `${c.label} ${(msg as { name: string }).name}/${r}`);
      }
    }
  }
});

test('updateAll: builtins equal UDFs (values and gradients), and applyNode runs after reduce', () => {
  const c = graphCases()[9], g = graphOf(c);
  const h = f64([c.numSrc, 3], 1), w = f64([c.src.length, 1], 2);
  g.ndata.set('h', h); g.edata.set('w', w);
  const udfMsg: dg.MessageUdf = (edges) => ({ m: edges.src.h.mul(edges.data.w) });
  for (const r of ['sum', 'mean'] as const) {
    dg.updateAll(g, fn.uMulE('h', 'w', 'm'), fn[r]('m', 'out'), (nodes) => ({ out2: nodes.data.out.mul(2) }));
    const builtin = g.ndata.get('out2');
    dg.updateAll(g, udfMsg, (nodes) => ({ out: r === 'sum' ? nodes.mailbox.m.sum(1) : nodes.mailbox.m.mean(1) }),
      (nodes) => ({ out2: nodes.data.out.mul(2) }));
    const udf = g.ndata.get('out2');
    expectClose(udf, builtin, { atol: 1e-12 });
    builtin.sum().backward();
    const [gh, gw] = [h.grad!, w.grad!];
    h.grad = null; w.grad = null;
    udf.sum().backward();
    expectClose(h.grad!, gh, { atol: 1e-12 });
    expectClose(w.grad!, gw, { atol: 1e-12 });
    h.grad = null; w.grad = null;
  }
  // A mailbox is [nodes, degree, ...] and holds exactly each node's in-edge messages.
  const seen: number[] = [];
  dg.updateAll(g, fn.copyE('w', 'm'), (nodes) => {
    const d = nodes.mailbox.m.shape[1];
    nodes.nodes.forEach((v) => { assert.equal(g.inDegrees(v), d); seen.push(v); });
    return { deg: dg.full([nodes.batchSize, 1], d, { dtype: 'float64' }) };
  });
  const expected = [...g.inDegrees()].map((d, v) => (d > 0 ? v : -1)).filter((v) => v >= 0);
  assert.deepEqual(seen.sort((a, b) => a - b), expected);
  expectClose(g.ndata.get('deg').data, [...g.inDegrees()]);
});

test('applyEdges: builtin equals UDF; a subset of edges keeps the others', () => {
  const c = graphCases()[8], g = graphOf(c);
  g.ndata.set('h', f64([c.numSrc, 4], 3));
  dg.applyEdges(g, fn.uDotV('h', 'h', 's'));
  const builtin = g.edata.get('s');
  dg.applyEdges(g, (edges) => ({ s: edges.src.h.mul(edges.dst.h).sum(-1, true) }));
  expectClose(g.edata.get('s'), builtin, { atol: 1e-12 });
  g.edata.set('d', dg.full([c.src.length, 4], 7, { dtype: 'float64' }));
  dg.applyEdges(g, fn.uSubV('h', 'h', 'd'), [0, 2]);
  const d = g.edata.get('d');
  const full = dg.ops.uSubV(g, g.ndata.get('h'), g.ndata.get('h'));
  expectClose(d.data.slice(0, 4), full.data.slice(0, 4));
  expectClose(d.data.slice(8, 12), full.data.slice(8, 12));
  expectClose(d.data.slice(4, 8), [7, 7, 7, 7]);
  expectClose(d.data.slice(12), new Array(d.size - 12).fill(7));
});

test('sendAndRecv / pull / push update only the receiving nodes', () => {
  const g = dg.graph([[0, 1, 2, 3], [1, 2, 3, 1]], { numNodes: 4 });
  g.ndata.set('h', dg.tensor([[1], [2], [3], [4]], { dtype: 'float64' }));
  g.ndata.set('out', dg.tensor([[-1], [-1], [-1], [-1]], { dtype: 'float64' }));
  dg.sendAndRecv(g, [0, 2], fn.copyU('h', 'm'), fn.sum('m', 'out'));
  expectClose(g.ndata.get('out').data, [-1, 1, -1, 3]);
  dg.pull(g, [1, 0], fn.copyU('h', 'm'), fn.sum('m', 'out'));
  expectClose(g.ndata.get('out').data, [0, 5, -1, 3]);
  dg.push(g, [1], fn.copyU('h', 'm'), fn.max('m', 'fresh'));
  expectClose(g.ndata.get('fresh').data, [0, 0, 2, 0]);
});

test('multiUpdateAll: sum equals the sum of the single-relation results; stack stacks', () => {
  const g = dg.heterograph({
    'user:follows:user': [[0, 1, 2], [1, 2, 0]],
    'game:playedBy:user': [[0, 1, 1], [0, 0, 2]],
  });
  g.nodeFrame('user').set('h', f64([3, 2], 1));
  g.nodeFrame('game').set('h', f64([2, 2], 2));
  const plan = { follows: [fn.copyU('h', 'm'), fn.sum('m', 'z')], playedBy: [fn.copyU('h', 'm'), fn.sum('m', 'z')] } as const;
  dg.updateAll(g, fn.copyU('h', 'm'), fn.sum('m', 'z'), undefined, 'follows');
  const a = g.nodeFrame('user').get('z');
  dg.updateAll(g, fn.copyU('h', 'm'), fn.sum('m', 'z'), undefined, 'playedBy');
  const b = g.nodeFrame('user').get('z');
  dg.multiUpdateAll(g, plan, 'sum');
  expectClose(g.nodeFrame('user').get('z'), a.add(b), { atol: 1e-12 });
  dg.multiUpdateAll(g, plan, 'stack');
  assert.deepEqual([...g.nodeFrame('user').get('z').shape], [3, 2, 2]);
  dg.multiUpdateAll(g, plan, 'max');
  expectClose(g.nodeFrame('user').get('z'), dg.maximum(a, b));
});

test('errors: a missing feature lists the features present', () => {
  const g = dg.graph([[0, 1], [1, 0]]);
  g.ndata.set('h', f64([2, 2], 1));
  assert.throws(() => dg.updateAll(g, fn.copyU('x', 'm'), fn.sum('m', 'y')),
    (e: Error) => e instanceof dg.FeatureNotFoundError && /'x'/.test(e.message) && /h/.test(e.message));
  assert.throws(() => dg.updateAll(g, fn.copyU('h', 'm'), fn.sum('q', 'y')),
    (e: Error) => e instanceof dg.FeatureNotFoundError && /'q'/.test(e.message) && /m/.test(e.message));
  assert.throws(() => dg.updateAll(g, (edges) => ({ m: edges.src.nope }), fn.sum('m', 'y')),
    (e: Error) => e instanceof dg.FeatureNotFoundError && /nope/.test(e.message) && /h/.test(e.message));
});

test('edge UDFs on an edge subset see the graph\'s edge ids and endpoints, in the order given', () => {
  const g = dg.graph([[0, 1, 2, 3], [1, 2, 3, 1]], { numNodes: 4 });
  g.ndata.set('h', dg.tensor([[1], [2], [3], [4]], { dtype: 'float64' }));
  g.edata.set('w', dg.tensor([[10], [20], [30], [40]], { dtype: 'float64' }));
  const seen: number[][] = [];
  g.applyEdges((edges) => {
    seen.push([...edges.edgeIds], [...edges.srcIds], [...edges.dstIds]);
    return { s: edges.src.h.add(edges.data.w) };
  }, [3, 1]);
  assert.deepEqual(seen, [[3, 1], [3, 1], [1, 2]]);
  expectClose(g.edata.get('s').data, [0, 22, 0, 44]);
  seen.length = 0;
  g.sendAndRecv([2, 0], (edges) => { seen.push([...edges.edgeIds]); return { m: edges.data.w }; }, fn.sum('m', 'z'));
  assert.deepEqual(seen, [[2, 0]]);
  expectClose(g.ndata.get('z').data, [0, 10, 0, 30]);
});
