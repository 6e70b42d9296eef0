import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { randomEdges } from './cases.js';

const n = 12, m = 60;
const [S, D] = randomEdges(n, m, 7);
const g = dg.graph([S, D], { numNodes: n });
const edgesWhere = (pred: (e: number) => boolean): number[] => [...Array(m).keys()].filter(pred);

test('nodes, edges in every form and order', () => {
  assert.deepEqual([...g.nodes()], [...Array(n).keys()]);
  const [u, v, e] = g.edges({ form: 'all' });
  assert.deepEqual([...e], [...Array(m).keys()]);
  assert.deepEqual([...u], [...S]);
  assert.deepEqual([...v], [...D]);
  assert.deepEqual([...g.edges({ form: 'eid' })], [...Array(m).keys()]);
  const [su, sv, se] = g.edges({ form: 'all', order: 'srcdst' });
  const expected = [...Array(m).keys()].sort((a, b) => S[a] - S[b] || D[a] - D[b] || a - b);
  assert.deepEqual([...se], expected);
  assert.deepEqual([...su], expected.map((x) => S[x]));
  assert.deepEqual([...sv], expected.map((x) => D[x]));
});

test('degrees match counting', () => {
  const inDeg = [...Array(n).keys()].map((x) => edgesWhere((e) => D[e] === x).length);
  const outDeg = [...Array(n).keys()].map((x) => edgesWhere((e) => S[e] === x).length);
  assert.deepEqual([...g.inDegrees()], inDeg);
  assert.deepEqual([...g.outDegrees()], outDeg);
  assert.equal(g.inDegrees(3), inDeg[3]);
  assert.deepEqual([...g.inDegrees([5, 0, 5])], [inDeg[5], inDeg[0], inDeg[5]]);
  assert.deepEqual([...g.outDegrees(dg.tensor(Int32Array.of(2, 9)))], [outDeg[2], outDeg[9]]);
});

test('inEdges/outEdges/predecessors/successors match filtering', () => {
  for (const x of [0, 4, 11]) {
    const ins = edgesWhere((e) => D[e] === x), outs = edgesWhere((e) => S[e] === x);
    const [iu, iv, ie] = g.inEdges(x, { form: 'all' });
    assert.deepEqual([...ie], ins);
    assert.deepEqual([...iu], ins.map((e) => S[e]));
    assert.ok([...iv].every((d) => d === x));
    assert.deepEqual([...g.outEdges(x, { form: 'eid' })], outs);
    assert.deepEqual([...g.predecessors(x)], ins.map((e) => S[e]));
    assert.deepEqual([...g.successors(x)], outs.map((e) => D[e]));
  }
  const [u2, v2] = g.inEdges([1, 2]);
  const both = [...edgesWhere((e) => D[e] === 1), ...edgesWhere((e) => D[e] === 2)];
  assert.deepEqual([...u2], both.map((e) => S[e]));
  assert.deepEqual([...v2], both.map((e) => D[e]));
});

test('hasEdgesBetween, edgeIds, findEdges, isMultigraph match brute force', () => {
  for (let u = 0; u < n; u++) {
    for (let v = 0; v < n; v++) {
      const ids = edgesWhere((e) => S[e] === u && D[e] === v);
      assert.equal(g.hasEdgesBetween(u, v), ids.length > 0);
      if (ids.length > 0) assert.equal(g.edgeIds(u, v), Math.min(...ids));
      else assert.throws(() => g.edgeIds(u, v), new RegExp(`no edge ${u} -> ${v}`));
    }
  }
  assert.deepEqual(g.hasEdgesBetween([S[0], S[1]], [D[0], D[1]]), [true, true]);
  assert.deepEqual([...g.edgeIds([S[3], S[4]], [D[3], D[4]])], [
    Math.min(...edgesWhere((e) => S[e] === S[3] && D[e] === D[3])), Math.min(...edgesWhere((e) => S[e] === S[4] && D[e] === D[4]))]);
  const [fu, fv] = g.findEdges([5, 0, 59]);
  assert.deepEqual([...fu], [S[5], S[0], S[59]]);
  assert.deepEqual([...fv], [D[5], D[0], D[59]]);
  const pairs = new Set([...Array(m).keys()].map((e) => `${S[e]},${D[e]}`));
  assert.equal(g.isMultigraph(), pairs.size < m);
  assert.equal(dg.graph([[0, 1], [1, 0]]).isMultigraph(), false);
  assert.equal(dg.graph([[0, 0], [1, 1]]).isMultigraph(), true);
});

test('adj is the cached CSR/CSC and formats report laziness', () => {
  const h = dg.graph([[0, 2, 1], [1, 0, 2]]);
  assert.deepEqual(h.formats(), { coo: true, csr: false, csc: false });
  const a = h.adj();
  assert.equal(h.adj(), a);
  assert.deepEqual([...a.indptr], [0, 1, 2, 3]);
  assert.deepEqual([...a.indices], [1, 2, 0]);
  const t = h.adj({ transpose: true });
  assert.deepEqual([...t.indices], [2, 0, 1]);
  assert.deepEqual(h.formats(), { coo: true, csr: true, csc: true });
});

test('queries on a heterograph go through the named relation', () => {
  const h = dg.heterograph({ 'user:plays:game': [[0, 1, 1], [2, 0, 2]], 'user:follows:user': [[0], [1]] });
  assert.deepEqual([...h.inDegrees(undefined, 'plays')], [1, 0, 2]);
  assert.deepEqual([...h.successors(1, 'plays')], [0, 2]);
  assert.equal(h.edgeIds(1, 2, ['user', 'plays', 'game']), 2);
  assert.throws(() => h.inDegrees(), /edge types/);
  assert.throws(() => h.inDegrees(3, 'plays'), (e: Error) => e instanceof RangeError && /3/.test(e.message));
  assert.deepEqual([...h.nodes('game')], [0, 1, 2]);
});
