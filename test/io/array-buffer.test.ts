/**
 * What a page has after `await response.arrayBuffer()`: the bytes decoders of src/io take an
 * ArrayBuffer as well as a Uint8Array and give the same result (graphs, tensors, checkpoints,
 * PyTorch state dicts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/browser.js';
import { TINY_LINEAR_PT } from '../browser/torch-bytes.js';

const bufferOf = (b: Uint8Array): ArrayBuffer => b.slice().buffer;

test('decodeGraphs, loadSafetensors, decodeCheckpoint and loadTorchBytes accept an ArrayBuffer', () => {
  const g = dg.graph([[0, 1, 2], [1, 2, 0]], { numNodes: 3 });
  g.ndata.set('x', dg.tensor([[1, 2], [3, 4], [5, 6]]));
  const graphBytes = dg.encodeGraphs([g]);
  const fromBuffer = dg.decodeGraphs(bufferOf(graphBytes)).graphs[0];
  assert.deepEqual(fromBuffer.edges(), g.edges());
  assert.deepEqual([...fromBuffer.ndata.get('x').data], [1, 2, 3, 4, 5, 6]);

  const tensors = dg.loadSafetensors(bufferOf(dg.saveSafetensors(new Map([['w', dg.tensor([1.5, -2])]]))));
  assert.deepEqual([...tensors.get('w')!.data], [1.5, -2]);

  const lin = new dg.nn.Linear(2, 1);
  const ckpt = dg.decodeCheckpoint(bufferOf(dg.encodeCheckpoint({ model: lin, epoch: 3 })));
  assert.equal(ckpt.epoch, 3);

  const pt = Uint8Array.from(atob(TINY_LINEAR_PT), (c) => c.charCodeAt(0));
  assert.deepEqual([...dg.loadTorchBytes(bufferOf(pt)).keys()], [...dg.loadTorchBytes(pt).keys()]);
  assert.throws(() => dg.decodeGraphs(new ArrayBuffer(3)), /./, 'a truncated buffer is an error');
});
