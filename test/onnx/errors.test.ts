import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { Module } from '../../src/nn/module.js';
import type { Graph } from '../../src/graph/graph.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { runOrt } from './ort.js';
import { expectClose } from '../helpers.js';

const { src, dst } = dg.data.randomGraph({ nodes: 40, edges: 160, seed: 9 });
const g = dg.addSelfLoop(dg.graph([src, dst], { numNodes: 40 }));
const x = dg.randn([40, 6]);

/** A layer whose forward uses dg.norm, an op without an ONNX lowering. */
class RowNorm extends Module {
  forward(h: Tensor): Tensor { return dg.norm(h, 2, 1, true); }
}

class Model extends Module {
  readonly conv = this.registerModule('conv', new dg.nn.GraphConv(6, 4));
  readonly head: Module;
  constructor(head: Module) { super(); this.head = this.registerModule('head', head); }
  forward(graph: Graph, h: Tensor): Tensor { return this.head.forward(this.conv.forward(graph, h)) as Tensor; }
}

test('an op without an ONNX lowering is named with the layer that calls it', () => {
  assert.throws(() => dg.onnx.exportModelBytes(new Model(new RowNorm()), { graph: g, features: x }),
    (e: Error) => /op 'norm' has no ONNX lowering/.test(e.message) && /head \(RowNorm\)/.test(e.message));
  const lstm = new dg.nn.SAGEConv(6, 4, 'lstm');
  assert.throws(() => dg.onnx.exportModelBytes(lstm, { graph: g, features: x }),
    (e: Error) => /has no ONNX lowering/.test(e.message) && /model \(SAGEConv\)/.test(e.message));
});

test('a graph-sized constant (ChebConv\'s per-node rescale factor) is refused with the layer named, not frozen into the file', () => {
  const cheb = new dg.nn.ChebConv(6, 4, 2);
  assert.throws(() => dg.onnx.exportModelBytes(cheb, { graph: g, features: x }),
    (e: Error) => /shape \[40, 1\] computed by 'segmentBroadcast' from constants only \(used in model \(ChebConv\)\)/.test(e.message) &&
      /would be frozen into the file/.test(e.message));
});

test('a sample of the wrong shape is named: features that do not fit the first layer, or not one row per node', () => {
  const model = new Model(new dg.nn.ReLU());
  assert.throws(() => dg.onnx.exportModelBytes(model, { graph: g, features: dg.randn([40, 9]) }),
    (e: Error) => e instanceof dg.ShapeError && /sample features of shape \[40, 9\] do not fit the model/.test(e.message));
  assert.throws(() => dg.onnx.exportModelBytes(model, { graph: g, features: dg.randn([39, 6]) }),
    (e: Error) => e instanceof dg.ShapeError && /sample features have shape \[39, 6\]; expected \[40, F\]/.test(e.message));
  assert.throws(() => dg.onnx.exportModelBytes(model, { graph: g, features: x }, { inputShape: [40, 5] }),
    (e: Error) => e instanceof dg.ShapeError && /\[40, 6\], expected \[40, 5\]/.test(e.message));
});

test('opset below 18 with a max reduction says opset 18 is needed; sum-only models export at opset 16 and run', async () => {
  const pool = new dg.nn.SAGEConv(6, 4, 'pool');
  assert.throws(() => dg.onnx.exportModelBytes(pool, { graph: g, features: x }, { opset: 17 }),
    (e: Error) => /reduction max .* needs opset 18 or later; the export was asked for opset 17/.test(e.message));
  assert.throws(() => dg.onnx.exportModelBytes(pool, { graph: g, features: x }, { opset: 15 }),
    (e: Error) => /opset 15 is not supported.*opset 16 or later/.test(e.message));
  const model = new Model(new dg.nn.ReLU());
  const bytes = dg.onnx.exportModelBytes(model, { graph: g, features: x }, { opset: 16 });
  model.eval();
  expectClose(await runOrt(bytes, { graph: g, features: x }), dg.noGrad(() => model.forward(g, x)));
});

test('message passing over a graph built inside forward (not the sample graph) is refused with the layer named', () => {
  class SelfLoops extends Module {
    readonly conv = this.registerModule('conv', new dg.nn.GraphConv(6, 4));
    forward(graph: Graph, h: Tensor): Tensor { return this.conv.forward(dg.addSelfLoop(graph), h); }
  }
  assert.throws(() => dg.onnx.exportModelBytes(new SelfLoops(), { graph: g, features: x }),
    (e: Error) => /conv \(GraphConv\) passes messages over a graph other than the sample graph/.test(e.message));
});

test('export leaves the model as it was: training mode restored, no forward wrappers left behind', () => {
  const model = new Model(new dg.nn.ReLU());
  model.train();
  dg.onnx.exportModelBytes(model, { graph: g, features: x });
  assert.equal(model.training, true);
  assert.ok(model.modules().every((m) => !Object.prototype.hasOwnProperty.call(m, 'forward')));
  const decoded = dg.onnx.decodeModel(dg.onnx.exportModelBytes(model, { graph: g, features: x })) as { graph: { input: { name: string }[] } };
  assert.deepEqual(decoded.graph.input.map((i) => i.name), ['features', 'src', 'dst']);
});
