import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { Module, Parameter, Linear, Sequential, ModuleList, ModuleDict, ReLU, BatchNorm1d } from '../../src/nn/index.js';
import { expectClose } from '../helpers.js';

class Block extends Module {
  readonly lin: Linear;
  readonly scale: Parameter;
  constructor(inF: number, outF: number) {
    super();
    this.lin = this.registerModule('lin', new Linear(inF, outF));
    this.scale = this.registerParameter('scale', new Parameter(dg.ones([outF])));
  }
  forward(x: dg.Tensor): dg.Tensor { return this.lin.forward(x).mul(this.scale); }
}

class Net extends Module {
  readonly layers: ModuleList<Block>;
  readonly norm: BatchNorm1d;
  constructor() {
    super();
    this.layers = this.registerModule('layers', new ModuleList([new Block(4, 3), new Block(3, 2)]));
    this.norm = this.registerModule('norm', new BatchNorm1d(2));
  }
  forward(x: dg.Tensor): dg.Tensor {
    let h = x;
    for (const b of this.layers) h = b.forward(h);
    return this.norm.forward(h);
  }
}

test('namedParameters gives dotted names, a module\'s own before its children\'s (as torch); buffers are separate', () => {
  const net = new Net();
  assert.deepEqual([...net.namedParameters()].map(([n]) => n), [
    'layers.0.scale', 'layers.0.lin.weight', 'layers.0.lin.bias',
    'layers.1.scale', 'layers.1.lin.weight', 'layers.1.lin.bias',
    'norm.weight', 'norm.bias',
  ]);
  assert.equal(net.parameters().length, 8);
  assert.ok(net.parameters().every((p) => p instanceof Parameter && p.requiresGrad));
  assert.deepEqual([...net.namedBuffers()].map(([n]) => n), ['norm.runningMean', 'norm.runningVar', 'norm.numBatchesTracked']);
  assert.deepEqual(net.children().map((m) => m.constructor.name), ['ModuleList', 'BatchNorm1d']);
  assert.equal(net.modules().length, 1 + 1 + 2 * 2 + 1);
});

test('a parameter shared by two modules is listed once', () => {
  const a = new Linear(3, 3), b = new Linear(3, 3);
  const shared = new Sequential(a, b);
  b.registerParameter('weight', a.weight);
  assert.equal(shared.parameters().length, 3);
});

test('stateDict copies; loadStateDict restores values in place', () => {
  dg.manualSeed(1);
  const net = new Net();
  const sd = net.stateDict();
  assert.equal(sd.size, 11);
  const w = net.layers.get(0).lin.weight;
  assert.notEqual(sd.get('layers.0.lin.weight')!.data, w.data, 'stateDict must copy');
  dg.manualSeed(2);
  const other = new Net();
  assert.notDeepEqual([...other.layers.get(0).lin.weight.data], [...w.data]);
  const before = other.layers.get(0).lin.weight;
  other.loadStateDict(sd);
  assert.equal(other.layers.get(0).lin.weight, before, 'parameters are updated in place');
  for (const [k, v] of net.stateDict()) expectClose(other.stateDict().get(k)!, v, { atol: 0, rtol: 0 });
  // A record works too.
  other.loadStateDict(Object.fromEntries(sd));
});

test('loadStateDict errors name the missing key, the unexpected key, and both shapes', () => {
  const net = new Net();
  const sd = net.stateDict();
  const missing = new Map(sd);
  missing.delete('layers.1.lin.bias');
  assert.throws(() => net.loadStateDict(missing), /missing key 'layers\.1\.lin\.bias'/);
  net.loadStateDict(missing, { strict: false });
  const extra = new Map(sd).set('head.weight', dg.zeros([1]));
  assert.throws(() => net.loadStateDict(extra), /unexpected key 'head\.weight'/);
  const wrong = new Map(sd).set('layers.0.lin.weight', dg.zeros([4, 3]));
  assert.throws(() => net.loadStateDict(wrong), (e: Error) => e instanceof dg.ShapeError &&
    /layers\.0\.lin\.weight/.test(e.message) && /\[4, 3\]/.test(e.message) && /\[3, 4\]/.test(e.message));
});

test('train/eval propagate to every descendant', () => {
  const net = new Net();
  assert.ok(net.modules().every((m) => m.training));
  net.eval();
  assert.ok(net.modules().every((m) => !m.training));
  net.layers.train();
  assert.equal(net.training, false);
  assert.ok(net.layers.get(1).lin.training);
  net.train();
  assert.ok(net.modules().every((m) => m.training));
});

test('toString prints like PyTorch', () => {
  assert.equal(new Linear(16, 7).toString(), 'Linear(16, 7)');
  assert.equal(new Linear(2, 3, { bias: false }).toString(), 'Linear(2, 3, bias=false)');
  const seq = new Sequential(new Linear(16, 7), new ReLU(), new Sequential(new Linear(7, 2)));
  assert.equal(seq.toString(), [
    'Sequential(',
    '  (0): Linear(16, 7)',
    '  (1): ReLU()',
    '  (2): Sequential(',
    '    (0): Linear(7, 2)',
    '  )',
    ')',
  ].join('\n'));
  assert.match(new ModuleDict({ enc: new Linear(1, 2) }).toString(), /\(enc\): Linear\(1, 2\)/);
});

test('registration rejects bad names and non-parameters', () => {
  const m = new Linear(2, 2);
  assert.throws(() => m.registerParameter('a.b', new Parameter(dg.zeros([1]))), /invalid name/);
  assert.throws(() => m.registerParameter('x', dg.zeros([1]) as Parameter), /must be a Parameter/);
  assert.throws(() => m.registerBuffer('weight', dg.zeros([1])), /already registered/);
  assert.throws(() => new Parameter(dg.zeros([2], { dtype: 'int32' })), dg.DTypeError);
  const list = new ModuleList([new ReLU()]);
  assert.throws(() => list.get(3), /index 3 is out of range/);
  assert.throws(() => new ModuleDict().get('nope'), /no module 'nope'/);
});

test('Linear init is U(-1/sqrt(in), 1/sqrt(in)) and reproducible under manualSeed', () => {
  dg.manualSeed(7);
  const a = new Linear(25, 40);
  dg.manualSeed(7);
  const b = new Linear(25, 40);
  assert.deepEqual([...a.weight.data], [...b.weight.data]);
  assert.deepEqual([...a.bias!.data], [...b.bias!.data]);
  const bound = 1 / 5;
  assert.ok([...a.weight.data, ...a.bias!.data].every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...a.weight.data) > 0.9 * bound, 'fills the interval');
  assert.deepEqual([...a.weight.shape], [40, 25]);
});
