import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as dg from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { readNpy } from '../../src/data/npy.js';
import { expectClose } from '../helpers.js';
import { sharedData } from '../data/shared-data.js';
import { buildModel, type CoraInputs } from './torch-models.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/torch/', import.meta.url));
interface Manifest {
  hidden: number; stride: number; relations: number;
  cora: { nodes: number; edges: number; edgeChecksum: number };
  models: Record<string, { losses: number[] }>;
}
const manifest = JSON.parse(readFileSync(DIR + 'manifest.json', 'utf8')) as Manifest;

function coraInputs(): CoraInputs {
  const g = new dg.data.CoraGraphDataset({ rawDir: sharedData('planetoid', 'raw') }).get(0);
  const [src, dst] = g.edges();
  const N = g.numNodes();
  // The script's Cora (PyG's reader) and ours must be the same edge set.
  let sum = 0;
  for (let i = 0; i < src.length; i++) {
    const k = src[i] * N + dst[i];
    sum = (sum + ((k * (k + 1)) % 1000000007)) % 1000000007;
  }
  assert.equal(N, manifest.cora.nodes);
  assert.equal(src.length, manifest.cora.edges);
  assert.equal(sum, manifest.cora.edgeChecksum, 'Cora edge set differs from the one the fixtures were trained on');
  const R = manifest.relations;
  const etypes = new Int32Array(src.length);
  const count = new Map<number, number>();
  for (let i = 0; i < src.length; i++) {
    etypes[i] = (src[i] + dst[i]) % R;
    const key = dst[i] * R + etypes[i];
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  const norm = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) norm[i] = 1 / count.get(dst[i] * R + etypes[i])!;
  return { g, loops: dg.addSelfLoop(g), x: g.ndata.get('feat'), etypes, relNorm: new Tensor(norm, [src.length, 1], 'float32') };
}

const inputs = coraInputs();
const F = inputs.x.shape[1], C = 7;

for (const name of Object.keys(manifest.models)) {
  test(`loadTorch + ${name.startsWith('pyg') ? 'fromPyG' : 'fromDGL'}: ${name} gives the saved logits on Cora to 1e-4`, () => {
    const model = buildModel(name, F, manifest.hidden, C);
    const sd = dg.loadTorch(`${DIR}${name}.pt`);
    const mapped = name.startsWith('pyg') ? dg.fromPyG(sd, model) : dg.fromDGL(sd, model);
    model.loadStateDict(mapped);
    model.eval();
    const logits = dg.noGrad(() => model.run(inputs));
    const ref = readNpy(`${DIR}${name}.logits.npy`);
    const rows = Int32Array.from({ length: ref.shape[0] }, (_, i) => i * manifest.stride);
    const picked = dg.indexSelect(logits, 0, rows);
    assert.deepEqual([...picked.shape], ref.shape);
    expectClose(picked, ref.data, { atol: 1e-4, rtol: 0 });
  });
}

test('PyG GCNConv semantics: without dg.addSelfLoop the imported GCN is a different function (as documented)', () => {
  const model = buildModel('dgl_gcn', F, manifest.hidden, C); // runs GraphConv on Cora without self loops
  model.loadStateDict(dg.fromPyG(dg.loadTorch(`${DIR}pyg_gcn.pt`), model));
  model.eval();
  const logits = dg.noGrad(() => model.run(inputs));
  const ref = readNpy(`${DIR}pyg_gcn.logits.npy`);
  let worst = 0;
  for (let r = 0; r < ref.shape[0]; r++) for (let c = 0; c < C; c++) worst = Math.max(worst, Math.abs(logits.data[r * manifest.stride * C + c] - ref.data[r * C + c]));
  assert.ok(worst > 1e-2, `logits without self loops differ by only ${worst}`);
});
