// Feature frames: Map-like access, the first-dimension check, per-type views and localScope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';

test('frames are Map-like and check the first dimension against the node / edge count, naming both', () => {
  const g = dg.graph([[0, 1, 2], [1, 2, 0]], { numNodes: 4 });
  const h = dg.ones([4, 2]);
  g.ndata.set('h', h).set('y', dg.zeros([4]));
  assert.equal(g.ndata.get('h'), h);
  assert.deepEqual(g.ndata.keys(), ['h', 'y']);
  assert.equal(g.ndata.size, 2);
  assert.deepEqual([...g.ndata].map(([k]) => k), ['h', 'y']);
  assert.equal(g.ndata.has('y'), true);
  assert.equal(g.ndata.delete('y'), true);
  assert.equal(g.ndata.delete('y'), false);
  assert.throws(() => g.ndata.set('bad', dg.ones([3, 2])), (e: Error) => e instanceof dg.ShapeError
    && /'bad'/.test(e.message) && /\[3, 2\]/.test(e.message) && /\(3\)/.test(e.message) && /\(4\)/.test(e.message));
  assert.throws(() => g.edata.set('w', dg.ones([4])), (e: Error) => e instanceof dg.ShapeError && /\(4\)/.test(e.message) && /\(3\)/.test(e.message));
  assert.throws(() => g.ndata.set('s', dg.tensor(1)), dg.ShapeError);
  assert.throws(() => g.ndata.get('nope'), (e: Error) => e instanceof dg.FeatureNotFoundError && /'nope'/.test(e.message) && /\[h\]/.test(e.message));
  // g.nodes().data / g.edges().data are the same frames.
  assert.equal(g.nodes().data, g.ndata);
  assert.equal(g.edges().data, g.edata);
});

test('multi-type graphs: per-type frames, DGL-style per-type dicts, and an error that says where to look', () => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 2]], 'user:plays:game': [[0, 2], [1, 0]] });
  assert.throws(() => g.ndata, /ndata: the graph has node types \[game, user\]; use g.nodes\(ntype\).data or g.ndataPerType/);
  assert.throws(() => g.edata, /edata: the graph has edge types \[user:follows:user, user:plays:game\]/);
  g.nodes('user').data.set('h', dg.ones([3, 2]));
  g.ndataPerType.set('z', { user: dg.zeros([3]), game: dg.ones([2]) });
  g.edges('plays').data.set('w', dg.ones([2]));
  // DGL's g.ndata['z'] / g.edata['w'] on a multi-type graph: a dict over the types that have it.
  assert.deepEqual(Object.keys(g.ndataPerType.get('z')).sort(), ['game', 'user']);
  assert.deepEqual(Object.keys(g.edataPerType.get('w')), ['user:plays:game']);
  assert.equal(g.edataPerType.get('w')['user:plays:game'], g.edgeFrame('plays').get('w'));
  assert.throws(() => g.ndataPerType.set('q', { item: dg.ones([1]) }), /node type 'item' does not exist; valid: \[game, user\]/);
  assert.throws(() => g.edataPerType.get('nope'), (e: Error) => e instanceof dg.FeatureNotFoundError && /w/.test(e.message));
  // A relation slice shares the parent's frames.
  assert.equal(g.relation('follows').ndata, g.nodeFrame('user'));
  assert.equal(g.relation('plays').srcdata, g.nodeFrame('user'));
  assert.equal(g.relation('plays').dstdata, g.nodeFrame('game'));
  assert.equal(g.relation('plays').edata, g.edgeFrame('plays'));
  const b = dg.bipartite([[0, 1], [2, 0]], { numSrc: 2, numDst: 3 });
  assert.equal(b.srcdata.numRows, 2);
  assert.equal(b.dstdata.numRows, 3);
});

test('localScope discards sets and deletes made inside it, on every frame, also when fn throws or nests', () => {
  const g = dg.heterograph({ 'user:follows:user': [[0, 1], [1, 2]], 'user:plays:game': [[0, 2], [1, 0]] });
  const h = dg.ones([3, 2]);
  g.nodeFrame('user').set('h', h);
  g.edgeFrame('plays').set('w', dg.ones([2]));
  const seen = g.localScope((s) => {
    s.nodeFrame('user').set('h', dg.zeros([3, 2]));
    s.nodeFrame('user').set('tmp', dg.zeros([3]));
    s.edgeFrame('plays').delete('w');
    s.localScope((t) => { t.nodeFrame('game').set('inner', dg.ones([2])); });
    assert.equal(s.nodeFrame('game').has('inner'), false);
    return s.nodeFrame('user').get('h').data[0];
  });
  assert.equal(seen, 0);
  assert.equal(g.nodeFrame('user').get('h'), h);
  assert.deepEqual(g.nodeFrame('user').keys(), ['h']);
  assert.equal(g.edgeFrame('plays').has('w'), true);
  assert.throws(() => g.localScope((s) => { s.nodeFrame('user').set('boom', dg.ones([3])); throw new Error('inside'); }), /inside/);
  assert.equal(g.nodeFrame('user').has('boom'), false);
  // Message passing inside a scope leaves no trace.
  const hg = dg.graph([[0, 1], [1, 0]]);
  hg.ndata.set('x', dg.ones([2, 1]));
  const out = hg.localScope((s) => { s.updateAll(dg.fn.copyU('x', 'm'), dg.fn.sum('m', 'y')); return s.ndata.get('y'); });
  assert.deepEqual([...out.data], [1, 1]);
  assert.deepEqual(hg.ndata.keys(), ['x']);
});
