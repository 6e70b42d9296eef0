import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';

interface Decoded {
  irVersion: number; producerName: string; opsetImport: { version: number }[];
  graph: {
    node: { opType: string }[]; initializer: { dims: number[]; dataType: number; rawData: number[] }[];
    input: { name: string; type: { tensorType: { elemType: number; shape: { dim: ({ dimValue?: number; dimParam?: string })[] } } } }[];
    output: { name: string; type: { tensorType: { elemType: number; shape: { dim: ({ dimValue?: number; dimParam?: string })[] } } } }[];
  };
}

test('the written ModelProto decodes back: IR 8, the asked opset, typed symbolic inputs, raw initializers of the right size', () => {
  const { src, dst } = dg.data.randomGraph({ nodes: 12, edges: 30, seed: 3 });
  const g = dg.addSelfLoop(dg.graph([src, dst], { numNodes: 12 }));
  const model = new dg.nn.SAGEConv(5, 3, 'pool');
  const m = dg.onnx.decodeModel(dg.onnx.exportModelBytes(model, { graph: g, features: dg.randn([12, 5]) }, { opset: 18 })) as unknown as Decoded;
  assert.equal(m.irVersion, 8);
  assert.equal(m.producerName, 'deepgraph');
  assert.deepEqual(m.opsetImport.map((o) => o.version), [18]);
  const [features, s, d] = m.graph.input;
  assert.deepEqual([features.name, s.name, d.name], ['features', 'src', 'dst']);
  assert.equal(features.type.tensorType.elemType, 1);
  assert.deepEqual(features.type.tensorType.shape.dim, [{ dimParam: 'num_nodes' }, { dimValue: 5 }]);
  assert.equal(s.type.tensorType.elemType, 7);
  assert.deepEqual(s.type.tensorType.shape.dim, [{ dimParam: 'num_edges' }]);
  assert.deepEqual(m.graph.output.map((o) => o.name), ['output']);
  assert.deepEqual(m.graph.output[0].type.tensorType.shape.dim, [{ dimParam: 'num_nodes' }, { dimValue: 3 }]);
  const bytesPer: Record<number, number> = { 1: 4, 7: 8, 11: 8 };
  for (const t of m.graph.initializer) assert.equal(t.rawData.length, (t.dims ?? []).reduce((a, b) => a * b, 1) * bytesPer[t.dataType]);
  const ops = new Set(m.graph.node.map((n) => n.opType));
  for (const op of ['Gather', 'ScatterElements', 'MatMul', 'Relu', 'Where']) assert.ok(ops.has(op), `no ${op} in ${[...ops].join(', ')}`);
});
