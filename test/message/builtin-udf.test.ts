// Fused equals unfused (DGL's test_ops): every builtin message x reducer against the same
// computation written as a message UDF (tensor ops on an EdgeBatch) and a reduce UDF (a reduction
// over the degree-bucketed mailbox), values and gradients, on every labelled graph case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import type { Target } from '../../src/kernels/backend.js';
import { expectClose, forEachBackend, seededData } from '../helpers.js';
import { graphCases, type GraphCase } from '../cases/graphs.js';

const { fn } = dg;
const TARGETS: Target[] = ['u', 'v', 'e'];
const OPS = ['add', 'sub', 'mul', 'div', 'dot'] as const;
type Op = typeof OPS[number];
const REDUCERS = ['sum', 'mean', 'max', 'min'] as const;
const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);
const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

function graphOf(c: GraphCase): dg.Graph {
  return c.numSrc === c.numDst ? dg.graph([c.src, c.dst], { numNodes: c.numSrc })
    : dg.bipartite([c.src, c.dst], { numSrc: c.numSrc, numDst: c.numDst });
}

interface Leaves { list: dg.Tensor[] }

/** Fresh leaf features 'a' (lhs shape) and 'b' (rhs shape) on source, destination and edge frames. */
function setLeaves(g: dg.Graph, lf: number[], rf: number[]): Leaves {
  const list: dg.Tensor[] = [];
  const leaf = (shape: number[], seed: number, lo: number, hi: number): dg.Tensor => {
    const t = dg.tensor(seededData(prod(shape), seed, lo, hi), { shape, dtype: 'float64', requiresGrad: true });
    list.push(t);
    return t;
  };
  const frames: [dg.Frame, number][] = [[g.srcdata, g.numSrcNodes()], [g.edata, g.numEdges()]];
  if (g.dstdata !== g.srcdata) frames.push([g.dstdata, g.numDstNodes()]);
  frames.forEach(([f, rows], i) => {
    f.set('a', leaf([rows, ...lf], 10 + i, -1, 1));
    f.set('b', leaf([rows, ...rf], 20 + i, 0.5, 2));
  });
  return { list };
}

function side(edges: dg.EdgeBatch, t: Target): Readonly<Record<string, dg.Tensor>> {
  return t === 'u' ? edges.src : t === 'v' ? edges.dst : edges.data;
}

function apply(op: Op, a: dg.Tensor, b: dg.Tensor): dg.Tensor {
  switch (op) {
    case 'add': return a.add(b);
    case 'sub': return a.sub(b);
    case 'mul': return a.mul(b);
    case 'div': return a.div(b);
    case 'dot': return a.mul(b).sum(-1, true);
  }
}

/** Every builtin message with the equivalent UDF and its feature shapes. */
interface MessageCase { name: string; builtin: dg.MessageFn; udf: dg.MessageUdf; lf: number[]; rf: number[] }

function messages(): MessageCase[] {
  const list: MessageCase[] = [
    { name: 'copyU', builtin: fn.copyU('a', 'm'), udf: ((e) => ({ m: e.src.a })) as dg.MessageUdf, lf: [4, 2], rf: [4, 2] },
    { name: 'copyE', builtin: fn.copyE('b', 'm'), udf: ((e) => ({ m: e.data.b })) as dg.MessageUdf, lf: [4, 2], rf: [4, 2] },
  ];
  const table = fn as unknown as Record<string, (a: string, b: string, o: string) => dg.MessageFn>;
  for (const l of TARGETS) for (const r of TARGETS) {
    if (l === r) continue;
    for (const op of OPS) {
      const name = `${l}${cap(op)}${cap(r)}`;
      const udf: dg.MessageUdf = (e) => ({ m: apply(op, side(e, l).a, side(e, r).b) });
      list.push({ name, builtin: table[name]('a', 'b', 'm'), udf, lf: op === 'dot' ? [2, 3] : [4, 1], rf: op === 'dot' ? [1, 3] : [4, 2] });
    }
  }
  return list;
}

const reduceUdf = (r: typeof REDUCERS[number]): dg.NodeUdf => (nodes) => ({ h: nodes.mailbox.m[r](1) });

/** Runs `body` on fresh leaves, back-propagates a fixed random weighting of its output, returns output and grads. */
function valueAndGrads(g: dg.Graph, lf: number[], rf: number[], body: () => dg.Tensor): [dg.Tensor, (dg.Tensor | null)[]] {
  const leaves = setLeaves(g, lf, rf);
  const out = body();
  out.backward(dg.tensor(seededData(out.size, 99), { shape: out.shape, dtype: 'float64' }));
  return [out, leaves.list.map((t) => t.grad)];
}

function sameGrads(a: (dg.Tensor | null)[], b: (dg.Tensor | null)[], what: string): void {
  a.forEach((ga, i) => {
    const gb = b[i];
    const x = ga === null ? null : [...ga.data], y = gb === null ? null : [...gb.data];
    if (x === null || y === null) {
      // One path may leave an unused leaf without a gradient; the other must then give zeros.
      assert.ok((x ?? y ?? []).every((v) => v === 0), `${what}: leaf ${i} has a gradient on one path only`);
      return;
    }
    assert.doesNotThrow(() => expectClose(x, y, { atol: 1e-12, rtol: 1e-10 }), `${what}: gradient of leaf ${i}`);
  });
}

test('updateAll: every builtin message x reducer equals its UDF form, values and gradients', () => forEachBackend((backend) => {
  assert.equal(messages().length, 32);
  for (const c of graphCases()) {
    const g = graphOf(c);
    for (const m of messages()) {
      for (const r of REDUCERS) {
        const what = `${backend} ${c.label} ${m.name}/${r}`;
        if (c.src.length === 0) {
          // DGL: a relation without edges triggers no message passing; nothing is written.
          g.dstdata.delete('h');
          g.updateAll(m.builtin, fn[r]('m', 'h'));
          g.updateAll(m.udf, reduceUdf(r));
          assert.equal(g.dstdata.has('h'), false, what);
          continue;
        }
        const [fused, gf] = valueAndGrads(g, m.lf, m.rf, () => { g.updateAll(m.builtin, fn[r]('m', 'h')); return g.dstdata.get('h'); });
        const [udf, gu] = valueAndGrads(g, m.lf, m.rf, () => { g.updateAll(m.udf, reduceUdf(r)); return g.dstdata.get('h'); });
        assert.deepEqual([...udf.shape], [...fused.shape], what);
        assert.doesNotThrow(() => expectClose(udf, fused, { atol: 1e-12, rtol: 1e-10 }), what);
        sameGrads(gf, gu, what);
      }
    }
  }
}));

test('applyEdges: every builtin message equals its UDF form, values and gradients', () => forEachBackend((backend) => {
  for (const c of graphCases()) {
    const g = graphOf(c);
    for (const m of messages()) {
      const what = `${backend} ${c.label} ${m.name}`;
      const [fused, gf] = valueAndGrads(g, m.lf, m.rf, () => { g.applyEdges(m.builtin); return g.edata.get('m'); });
      const [udf, gu] = valueAndGrads(g, m.lf, m.rf, () => { g.applyEdges(m.udf); return g.edata.get('m'); });
      assert.doesNotThrow(() => expectClose(udf, fused, { atol: 1e-12, rtol: 1e-10 }), what);
      sameGrads(gf, gu, what);
    }
  }
}));
