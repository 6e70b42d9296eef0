import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { bruteCsr, edgeSet, randomEdges } from './cases.js';

test('COO, CSR and CSC construction give the same edges and ids', () => {
  const n = 9;
  const [src, dst] = randomEdges(n, 30, 1);
  const coo = dg.graph([src, dst], { numNodes: n });
  const csr = bruteCsr(src, dst, n);
  const csc = bruteCsr(dst, src, n);
  const fromCsr = dg.graph({ csr: [csr.indptr, csr.indices, csr.eids] }, { numNodes: n });
  const fromCsc = dg.graph({ csc: [csc.indptr, csc.indices, csc.eids] }, { numNodes: n });
  for (const g of [coo, fromCsr, fromCsc]) {
    assert.equal(g.numNodes(), n);
    assert.equal(g.numEdges(), 30);
    const [u, v] = g.edges();
    assert.deepEqual([...u], [...src]);
    assert.deepEqual([...v], [...dst]);
  }
  // Without eids a CSR numbers edges in row order.
  const noEids = dg.graph({ csr: [csr.indptr, csr.indices] });
  const [nu, nv] = noEids.edges();
  assert.deepEqual(edgeSet(nu, nv), edgeSet(src, dst));
  assert.deepEqual([...noEids.edges()[0]], [...src].sort((a, b) => a - b));
});

test('graph: numNodes defaults to max id + 1; number[] input; homogeneous types', () => {
  const g = dg.graph([[0, 1, 4], [1, 2, 0]]);
  assert.equal(g.numNodes(), 5);
  assert.equal(g.numEdges(), 3);
  assert.deepEqual(g.ntypes, ['_N']);
  assert.deepEqual(g.etypes, ['_E']);
  assert.deepEqual(g.canonicalEtypes, [['_N', '_E', '_N']]);
  assert.equal(g.isHomogeneous, true);
  assert.equal(g.isBlock, false);
  assert.equal(g.numSrcNodes(), 5);
  assert.equal(g.numDstNodes(), 5);
  assert.equal(dg.graph([[], []]).numNodes(), 0);
  assert.equal(dg.graph([[], []], { numNodes: 4 }).numNodes(), 4);
});

test('out-of-range and bad ids are RangeErrors naming the id and the node count', () => {
  assert.throws(() => dg.graph([[0, 7], [1, 2]], { numNodes: 5 }), (e: Error) =>
    e instanceof RangeError && /7/.test(e.message) && /5/.test(e.message));
  assert.throws(() => dg.graph([[0, -1], [1, 2]]), RangeError);
  assert.throws(() => dg.graph([[0, 1.5], [1, 2]]), RangeError);
  const g = dg.graph([[0, 1], [1, 2]]);
  assert.throws(() => g.inDegrees(3), (e: Error) => e instanceof RangeError && /3/.test(e.message) && /\b3\b.*\b3\b|there are 3/.test(e.message));
  assert.throws(() => g.findEdges([2]), (e: Error) => e instanceof RangeError && /2/.test(e.message));
  assert.throws(() => dg.graph([[0], [1]], { idtype: 'int64' as 'int32' }), dg.DTypeError);
});

test('heterograph: sorted types, per-type counts, Map keys with triples', () => {
  const g = dg.heterograph({
    'user:follows:user': [[0, 1], [1, 2]],
    'user:plays:game': [[0, 2, 2], [1, 0, 3]],
  }, { numNodes: { user: 4 } });
  assert.deepEqual(g.ntypes, ['game', 'user']);
  assert.deepEqual(g.etypes, ['follows', 'plays']);
  assert.equal(g.numNodes('user'), 4);
  assert.equal(g.numNodes('game'), 4);
  assert.equal(g.numNodes(), 8);
  assert.equal(g.numEdges('plays'), 3);
  assert.equal(g.numEdges(), 5);
  assert.equal(g.isHomogeneous, false);
  assert.equal(g.sparse('plays').numSrc, 4);
  assert.equal(g.sparse(['user', 'plays', 'game']).numDst, 4);
  const m = dg.heterograph(new Map([[['a', 'r', 'b'] as const, [[0], [2]] as const]]));
  assert.deepEqual(m.canonicalEtypes, [['a', 'r', 'b']]);
  assert.equal(m.numNodes('b'), 3);
});

test('unknown and ambiguous etypes are errors listing the valid ones', () => {
  const g = dg.heterograph({
    'user:likes:item': [[0], [0]],
    'user:likes:user': [[0], [1]],
    'item:sold:user': [[0], [1]],
  });
  assert.throws(() => g.numEdges('nope'), /unknown edge type 'nope'.*item:sold:user/);
  assert.throws(() => g.sparse('likes'), (e: Error) => /ambiguous/.test(e.message)
    && /user:likes:item/.test(e.message) && /user:likes:user/.test(e.message));
  assert.equal(g.numEdges('user:likes:user'), 1);
  assert.equal(g.numEdges('sold'), 1);
  assert.throws(() => g.sparse(), /3 edge types/);
  assert.throws(() => g.nodes(), /node types/);
  assert.throws(() => g.numNodes('ghost'), /unknown node type 'ghost'.*item, user/);
});

test('bipartite and randGraph', () => {
  const b = dg.bipartite([[0, 1], [2, 0]], { numSrc: 3, numDst: 4, srcType: 'u', etype: 'e', dstType: 'v' });
  assert.deepEqual(b.canonicalEtypes, [['u', 'e', 'v']]);
  assert.equal(b.numSrcNodes('u'), 3);
  assert.equal(b.numDstNodes('v'), 4);
  assert.equal(b.srcdata.numRows, 3);
  assert.equal(b.dstdata.numRows, 4);
  assert.deepEqual(b.srctypes, ['u']);
  assert.deepEqual(b.dsttypes, ['v']);
  assert.deepEqual(b.ntypes, ['u', 'v']);
  const r1 = dg.randGraph(20, 50, { seed: 3 }), r2 = dg.randGraph(20, 50, { seed: 3 }), r3 = dg.randGraph(20, 50, { seed: 4 });
  assert.deepEqual(r1.edges(), r2.edges());
  assert.notDeepEqual(r1.edges(), r3.edges());
  assert.equal(r1.isMultigraph(), false);
  assert.equal(dg.randGraph(3, 9, { seed: 1 }).numEdges(), 9);
  assert.throws(() => dg.randGraph(3, 10), RangeError);
});

test('heterograph: an id beyond numNodes names the relation, the id and the bound', () => {
  assert.throws(() => dg.heterograph({ 'user:plays:game': [[0, 1], [0, 7]] }, { numNodes: { user: 2, game: 5 } }), (e: Error) =>
    e instanceof RangeError && /user:plays:game/.test(e.message) && /destination node id/.test(e.message) && /7/.test(e.message) && /\[0, 5\)/.test(e.message));
  assert.throws(() => dg.graph({ csr: [[0, 1, 3], [1, 0, 4]] }, { numNodes: 2 }), (e: Error) =>
    e instanceof RangeError && /graph \(csr\): indices/.test(e.message) && /4/.test(e.message));
});
