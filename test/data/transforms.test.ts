import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowNormalize, compose, addSelfLoop, normalizeFeatures } from '../../src/data/transforms.js';
import { CoraGraphDataset } from '../../src/data/planetoid.js';
import { TUDataset } from '../../src/data/tu.js';
import { sharedData } from './shared-data.js';
import { tensor } from '../../src/tensor/creation.js';
import { expectClose } from '../helpers.js';

test('rowNormalize: rows sum to one, zero rows stay zero, input untouched', () => {
  const x = tensor([[1, 1, 2], [0, 0, 0], [0, 3, 0]]);
  const y = rowNormalize(x);
  expectClose(y, tensor([[0.25, 0.25, 0.5], [0, 0, 0], [0, 1, 0]]));
  expectClose(x, tensor([[1, 1, 2], [0, 0, 0], [0, 3, 0]]));
  assert.equal(y.dtype, 'float32');
  assert.equal(rowNormalize(tensor([[2, 2]], { dtype: 'float64' })).dtype, 'float64');
});

test('rowNormalize: wrong rank or dtype names the problem', () => {
  assert.throws(() => rowNormalize(tensor([1, 2])), /expected a 2-d \[N, F\] tensor, got shape \[2\]/);
  assert.throws(() => rowNormalize(tensor(new Int32Array([1, 2]), { shape: [1, 2] })), /got int32/);
});

test('dataset transform option: Cora with self-loops and normalised features', () => {
  const ds = new CoraGraphDataset({ rawDir: sharedData('planetoid', 'raw'), transform: compose(addSelfLoop, normalizeFeatures()) });
  const g = ds.get(0);
  assert.equal(g.numEdges(), 10556 + 2708);
  const feat = g.ndata.get('feat');
  const f = feat.shape[1];
  for (const v of [0, 1, 1000, 2707]) {
    let s = 0;
    for (let j = 0; j < f; j++) s += feat.data[v * f + j];
    assert.ok(Math.abs(s - 1) < 1e-5, `row ${v} sums to ${s}`);
  }
  assert.equal(g.ndata.get('label').shape[0], 2708);
});

test('dataset transform option: applied to every TU graph', () => {
  const ds = new TUDataset('MUTAG', { rawDir: sharedData('tu', 'MUTAG'), transform: addSelfLoop });
  let edges = 0, nodes = 0;
  for (const [g] of ds) { edges += g.numEdges(); nodes += g.numNodes(); }
  assert.equal(edges, 7442 + nodes);
});
