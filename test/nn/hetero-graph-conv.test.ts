import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { GraphConv, HeteroGraphConv, Module, Parameter, RelGraphConv } from '../../src/nn/index.js';
import { SparseAdj } from '../../src/graph/sparse.js';
import { expectClose, seededData } from '../helpers.js';

const f64 = (shape: number[], seed: number, requiresGrad = true): dg.Tensor =>
  dg.tensor(seededData(shape.reduce((a, b) => a * b, 1), seed), { shape, dtype: 'float64', requiresGrad });

interface TinyOptions { edgeWeight?: dg.Tensor; scale?: number }

/** A module taking a positional argument after the features (what modArgs feeds). */
class ScaledCopy extends Module {
  forward(g: dg.Graph, feat: readonly [dg.Tensor, dg.Tensor], scale: number): dg.Tensor {
    return dg.mul(dg.ops.copyUSum(g, feat[0]), scale);
  }
}

/** A tiny relation module: (sum of in-neighbour source rows) W + dst rows U, times an optional scale; records its calls. */
class TinyConv extends Module {
  readonly weight: Parameter;
  readonly self: Parameter;
  allowZeroInDegree = false;
  calls: TinyOptions[] = [];
  constructor(inF: number, outF: number, seed: number) {
    super();
    this.weight = this.registerParameter('weight', new Parameter(f64([inF, outF], seed, false)));
    this.self = this.registerParameter('self', new Parameter(f64([inF, outF], seed + 50, false)));
  }
  forward(g: dg.Graph, feat: readonly [dg.Tensor, dg.Tensor], opts: TinyOptions = {}): dg.Tensor {
    this.calls.push(opts);
    const [xs, xd] = feat;
    const edgeWeight = opts.edgeWeight;
    const agg = edgeWeight === undefined ? dg.ops.copyUSum(g, xs) : dg.ops.uMulESum(g, xs, edgeWeight);
    const out = dg.add(dg.matmul(agg, this.weight), dg.matmul(xd, this.self));
    return opts.scale === undefined ? out : dg.mul(out, opts.scale);
  }
}

function heteroGraph(): dg.Graph {
  return dg.heterograph({
    'user:follows:user': [[0, 1, 2, 2], [1, 2, 0, 1]],
    'user:plays:game': [[0, 1, 2, 2], [0, 0, 1, 2]],
    'store:sells:game': [[0, 1, 1], [2, 0, 1]],
    'game:unused:store': [[], []],
  }, { numNodes: { user: 3, game: 3, store: 2 } });
}

function setup(aggregate: Parameters<typeof makeConv>[0] = 'sum'): { g: dg.Graph; conv: HeteroGraphConv; mods: Record<string, TinyConv>; x: Record<string, dg.Tensor> } {
  return { g: heteroGraph(), ...makeConv(aggregate), x: { user: f64([3, 2], 1), game: f64([3, 2], 2), store: f64([2, 2], 3) } };
}

function makeConv(aggregate: ConstructorParameters<typeof HeteroGraphConv>[1]): { conv: HeteroGraphConv; mods: Record<string, TinyConv> } {
  const mods = { follows: new TinyConv(2, 4, 10), plays: new TinyConv(2, 4, 20), 'store:sells:game': new TinyConv(2, 4, 30), unused: new TinyConv(2, 4, 40) };
  return { conv: new HeteroGraphConv(mods, aggregate), mods };
}

test("HeteroGraphConv 'sum' equals the per-relation outputs added; empty relations still run (DGL); gradients check", () => {
  const { g, conv, mods, x } = setup();
  assert.ok(Object.values(mods).every((m) => m.allowZeroInDegree), 'modules are told to accept zero in-degree nodes');
  const out = conv.forward(g, x);
  assert.deepEqual(Object.keys(out).sort(), ['game', 'store', 'user'], 'store receives the zero-message output of an edgeless relation');
  assert.equal(mods.unused.calls.length, 1);
  expectClose(out.store, mods.unused.forward(g.relation('unused'), [x.game, x.store]), { atol: 1e-12 });
  const plays = mods.plays.forward(g.relation('plays'), [x.user, x.game]);
  const sells = mods['store:sells:game'].forward(g.relation('sells'), [x.store, x.game]);
  const follows = mods.follows.forward(g.relation('follows'), [x.user, x.user]);
  expectClose(out.game, dg.add(plays, sells), { atol: 1e-12 });
  expectClose(out.user, follows, { atol: 1e-12 });
  assert.deepEqual([...out.game.shape], [3, 4]);
  // By hand for one game node: game 0 gets users 0 and 1 by 'plays' and store 1 by 'sells'.
  const row0 = [0, 1, 2, 3].map((o) => {
    let s = 0;
    for (let i = 0; i < 2; i++) {
      s += (x.user.data[i] + x.user.data[2 + i]) * mods.plays.weight.data[i * 4 + o] + x.game.data[i] * mods.plays.self.data[i * 4 + o];
      s += x.store.data[2 + i] * mods['store:sells:game'].weight.data[i * 4 + o] + x.game.data[i] * mods['store:sells:game'].self.data[i * 4 + o];
    }
    return s;
  });
  expectClose(out.game.data.subarray(0, 4), row0, { atol: 1e-12 });
  dg.gradcheck((u, gm, s, w) => conv.forward(g, { user: u, game: gm, store: s }).game.add(w.sum()),
    [x.user, x.game, x.store, mods.plays.weight]);
  assert.equal(conv.toString().split('\n')[0], 'HeteroGraphConv(');
  assert.match(conv.toString(), /aggregate=sum/);
  assert.match(conv.toString(), /\(store:sells:game\): TinyConv\(\)/);
});

test("HeteroGraphConv 'max', 'min', 'mean', 'stack' and a function aggregate like their definitions", () => {
  const g = heteroGraph();
  const x = { user: f64([3, 2], 1), game: f64([3, 2], 2), store: f64([2, 2], 3) };
  const parts = (mods: Record<string, TinyConv>): [dg.Tensor, dg.Tensor] => [
    mods.plays.forward(g.relation('plays'), [x.user, x.game]), mods['store:sells:game'].forward(g.relation('sells'), [x.store, x.game])];
  for (const [agg, expect] of [
    ['max', (a: dg.Tensor, b: dg.Tensor) => dg.maximum(a, b)],
    ['min', (a: dg.Tensor, b: dg.Tensor) => dg.minimum(a, b)],
    ['mean', (a: dg.Tensor, b: dg.Tensor) => dg.div(dg.add(a, b), 2)],
    ['stack', (a: dg.Tensor, b: dg.Tensor) => dg.stack([a, b], 1)],
  ] as const) {
    const { conv, mods } = makeConv(agg);
    const out = conv.forward(g, x);
    const [p, s] = parts(mods);
    // Relations are visited in canonical order: store:sells:game before user:plays:game.
    expectClose(out.game, expect(s, p), { atol: 1e-12 });
    if (agg === 'stack') assert.deepEqual([...out.user.shape], [3, 1, 4], "'stack' stacks a single relation too");
  }
  const seen: string[] = [];
  const { conv, mods } = makeConv((ts, dsttype) => { seen.push(`${dsttype}:${ts.length}`); return dg.sub(ts[0], ts[ts.length - 1]); });
  const out = conv.forward(g, x);
  const [p, s] = parts(mods);
  expectClose(out.game, dg.sub(s, p), { atol: 1e-12 });
  assert.deepEqual(seen.sort(), ['game:2', 'store:1', 'user:1']);
  assert.throws(() => new HeteroGraphConv({}, 'median' as 'sum'), /unknown aggregate 'median'/);
});

test('HeteroGraphConv passes modArgs and modKwargs per relation and reads blocks', () => {
  const { g, conv, mods, x } = setup();
  const w = f64([4, 1], 7, false);
  const out = conv.forward(g, x, { modKwargs: { plays: { edgeWeight: w }, 'user:follows:user': { scale: 3 } } });
  assert.equal(mods.plays.calls[0].edgeWeight, w);
  assert.deepEqual(mods.follows.calls[0], { scale: 3 });
  expectClose(out.user, dg.mul(mods.follows.forward(g.relation('follows'), [x.user, x.user]), 3), { atol: 1e-12 });
  const positional = new HeteroGraphConv({ follows: new ScaledCopy() });
  const scaled = positional.forward(g.relation('follows'), { user: x.user }, { modArgs: { follows: [2.5] } });
  expectClose(scaled.user, dg.mul(dg.ops.copyUSum(g.relation('follows'), x.user), 2.5), { atol: 1e-12 });

  // A block: 3 source users feed 2 destination games and 1 destination user.
  const rel = (s: number[], d: number[], ns: number, nd: number): SparseAdj => SparseAdj.fromCoo(Int32Array.from(s), Int32Array.from(d), ns, nd);
  const block = dg.Graph.fromSpec({
    ntypes: ['game', 'user'], numNodes: [3, 3], dst: { ntypes: ['game', 'user'], numNodes: [2, 1] },
    relations: [
      { srcType: 'user', etype: 'plays', dstType: 'game', adj: rel([0, 2, 1], [1, 0, 1], 3, 2) },
      { srcType: 'user', etype: 'follows', dstType: 'user', adj: rel([1, 2], [0, 0], 3, 1) },
    ],
  });
  const bconv = makeConv('sum').conv;
  const bout = bconv.forward(block, { user: x.user, game: x.game });
  assert.deepEqual([...bout.game.shape], [2, 4]);
  assert.deepEqual([...bout.user.shape], [1, 4]);
  const bm = bconv.mods.get('plays') as TinyConv;
  expectClose(bout.game, bm.forward(block.relation('plays'), [x.user, dg.narrow(x.game, 0, 0, 2)]), { atol: 1e-12 });
  // Explicit [src, dst] inputs give the same.
  const pair = bconv.forward(block, [{ user: x.user, game: x.game }, { user: dg.narrow(x.user, 0, 0, 1), game: dg.narrow(x.game, 0, 0, 2) }]);
  expectClose(pair.game, bout.game, { atol: 0 });
  expectClose(pair.user, bout.user, { atol: 0 });
});

test('HeteroGraphConv skips relations whose source has no input and names missing modules and inputs', () => {
  const { g, conv } = setup();
  const out = conv.forward(g, { user: f64([3, 2], 1), game: f64([3, 2], 2), store: f64([2, 2], 3) });
  assert.deepEqual(Object.keys(out).sort(), ['game', 'store', 'user']);
  // No 'game' input: the relation game:unused:store (source game) is skipped, so store gets nothing.
  const noGame = new HeteroGraphConv({ follows: new TinyConv(2, 4, 1), unused: new TinyConv(2, 4, 2) })
    .forward(dg.heterograph({ 'user:follows:user': [[0, 1], [1, 2]], 'game:unused:store': [[], []] }, { numNodes: { user: 3, game: 3, store: 2 } }),
      { user: f64([3, 2], 1), store: f64([2, 2], 3) });
  assert.deepEqual(Object.keys(noGame), ['user']);
  // As in DGL, a relation whose source has input needs its destination's input too (plain inputs).
  assert.throws(() => conv.forward(g, { user: f64([3, 2], 1), game: f64([3, 2], 2) }), /needs features of destination type 'store'/);
  assert.throws(() => conv.forward(g, { user: f64([3, 2], 1), store: f64([2, 2], 3) }), /needs features of destination type 'game'/);
  const partial = new HeteroGraphConv({ follows: new TinyConv(2, 4, 1) });
  assert.throws(() => partial.forward(g, { user: f64([3, 2], 1), game: f64([3, 2], 2), store: f64([2, 2], 3) }), /no module for relation game:unused:store; modules exist for \[follows\]/);
});

test('HeteroGraphConv of GraphConv per relation: zero in-degree allowed, equals the calls made by hand', () => {
  dg.manualSeed(11);
  // user 0 has no 'follows' in-edge, games 0 and 1 no 'sells' in-edge.
  const g = dg.heterograph({
    'user:follows:user': [[0, 1, 2], [1, 2, 2]], 'user:plays:game': [[0, 1, 2, 2], [0, 0, 1, 2]], 'store:sells:game': [[1], [2]],
  }, { numNodes: { user: 3, game: 3, store: 2 } });
  const x = { user: f64([3, 2], 1), game: f64([3, 2], 2), store: f64([2, 2], 3) };
  const mods = { follows: new GraphConv(2, 3, { dtype: 'float64' }), plays: new GraphConv(2, 3, { norm: 'right', dtype: 'float64' }),
    sells: new GraphConv(2, 3, { dtype: 'float64' }), unused: new GraphConv(2, 3, { dtype: 'float64' }) };
  // GraphConv alone refuses nodes without in-edges.
  assert.throws(() => new GraphConv(2, 3, { dtype: 'float64' }).forward(g.relation('sells'), [x.store, x.game]), /0-in-degree/);
  const conv = new HeteroGraphConv(mods, 'sum');
  const out = conv.forward(g, x);
  const by = (m: GraphConv, etype: string, s: dg.Tensor, d: dg.Tensor): dg.Tensor => m.forward(g.relation(etype), [s, d]);
  expectClose(out.game, dg.add(by(mods.sells, 'sells', x.store, x.game), by(mods.plays, 'plays', x.user, x.game)), { atol: 1e-12 });
  expectClose(out.user, by(mods.follows, 'follows', x.user, x.user), { atol: 1e-12 });
  dg.gradcheck((u, s, w) => conv.forward(g, { user: u, game: x.game, store: s }).game.add(w.sum()), [x.user, x.store, mods.sells.weight!]);
});

test('RelGraphConv on the homogeneous graph equals HeteroGraphConv of weightless GraphConv(norm right) fed W_r by modKwargs', () => {
  dg.manualSeed(12);
  const hg = dg.heterograph({
    'user:follows:user': [[0, 1, 2, 2, 0], [1, 2, 0, 1, 1]],
    'user:plays:game': [[0, 1, 2, 2], [0, 0, 1, 2]],
    'game:playedBy:user': [[0, 0, 1, 2], [0, 1, 2, 2]],
    'store:sells:game': [[0, 1, 1], [2, 0, 1]],
  }, { numNodes: { user: 3, game: 3, store: 2 } });
  const rels = hg.canonicalEtypes;
  const rgcn = new RelGraphConv(2, 3, rels.length, { dtype: 'float64' });
  rgcn.hBias!.data.set(seededData(3, 5));
  const x = { game: f64([3, 2], 1), store: f64([2, 2], 2), user: f64([3, 2], 3) };
  // Homogeneous side: nodes type by type in hg.ntypes order, e_ji = 1 / in-degree within the relation.
  for (const c of rels) {
    const deg = hg.inDegrees(undefined, c), [, dst] = hg.edges({ etype: c });
    hg.edgeFrame(c).set('norm', dg.tensor(Float64Array.from(dst, (v) => 1 / deg[v]), { shape: [dst.length, 1] }));
  }
  const g = dg.toHomogeneous(hg, { edata: ['norm'] });
  const feat = dg.concat(hg.ntypes.map((t) => x[t as keyof typeof x]), 0);
  const homo = rgcn.forward(g, feat, g.edata.get(dg.ETYPE), { norm: g.edata.get('norm') });
  // Heterogeneous side: one weightless GraphConv per relation, weights passed per call, then self loop and bias.
  const mods = Object.fromEntries(rels.map((c) => [c.join(':'), new GraphConv(2, 3, { norm: 'right', weight: false, bias: false, dtype: 'float64' })]));
  const conv = new HeteroGraphConv(mods, 'sum');
  const weight = rgcn.linearR.getWeight();
  const modKwargs = Object.fromEntries(rels.map((c, r) => [c.join(':'), { weight: dg.reshape(dg.narrow(weight, 0, r, 1), [2, 3]) }]));
  const hs = conv.forward(hg, x, { modKwargs });
  assert.deepEqual(Object.keys(hs).sort(), ['game', 'user']);
  let offset = 0;
  for (const t of hg.ntypes) {
    const n = hg.numNodes(t);
    // store nodes receive no messages: only their self loop and the bias.
    const messages = hs[t] ?? dg.zeros([n, 3], { dtype: 'float64' });
    const expected = dg.add(dg.add(messages, dg.matmul(x[t as keyof typeof x], rgcn.loopWeight!)), rgcn.hBias!);
    expectClose(dg.narrow(homo, 0, offset, n), expected, { atol: 1e-12 });
    offset += n;
  }
});
