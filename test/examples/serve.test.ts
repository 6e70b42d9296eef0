import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { PredictionBatcher, ServedSAGE, createPredictionServer, train, type NodePrediction } from '../../examples/serve.js';
import { sharedData } from '../data/shared-data.js';

const ds = new dg.data.CoraGraphDataset({ rawDir: sharedData('planetoid', 'raw'), transform: dg.data.normalizeFeatures() });
const g = ds.get(0);
const x = g.ndata.get('feat');
const trainIdx = Int32Array.from(Array.from(g.ndata.get('trainMask').data).flatMap((m, i) => (m ? [i] : [])));
dg.manualSeed(0);
const model = new ServedSAGE(x.shape[1], 16, ds.numClasses);
train(model, g, x, g.ndata.get('label'), trainIdx, 30);
const batcher = new PredictionBatcher(model, g, x);
const server = createPredictionServer(batcher);
let port = 0;
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

before(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => { port = (server.address() as AddressInfo).port; resolve(); })));
after(() => new Promise<void>((resolve) => { agent.destroy(); server.close(() => resolve()); }));

function post(path: string, body: string, method = 'POST'): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the example service answers 1,000 concurrent requests on loopback, batched, with model.predict\'s classes and probabilities', async (t) => {
  const full = dg.nn.predict(model, g, x);
  const C = ds.numClasses;
  const rng = new dg.Generator(7);
  const asks = Array.from({ length: 1000 }, () => Array.from({ length: 1 + (rng.nextUint32() % 3) }, () => rng.nextUint32() % g.numNodes()));
  const before = batcher.batches;
  const answers = await Promise.all(asks.map((nodes) => post('/predict', JSON.stringify({ nodes }))));
  assert.ok(batcher.batches - before < 1000, `requests were batched (${batcher.batches - before} batches for 1000 requests)`);
  let checked = 0;
  answers.forEach((a, i) => {
    assert.equal(a.status, 200, JSON.stringify(a.json));
    const preds = a.json.predictions as NodePrediction[];
    assert.deepEqual(preds.map((p) => p.node), asks[i]);
    for (const p of preds) {
      assert.equal(p.class, full.classes[p.node], `node ${p.node}`);
      for (let c = 0; c < C; c++) assert.ok(Math.abs(p.probabilities[c] - full.probabilities.data[p.node * C + c]) < 1e-5, `node ${p.node} class ${c}`);
      checked++;
    }
  });
  assert.ok(checked >= 1000);
  t.diagnostic(`${answers.length} requests, ${checked} node predictions, ${batcher.batches - before} batches`);
});

test('bad requests get a JSON error naming the problem: not JSON, no nodes, a bad id, a wrong route or method', async () => {
  const notJson = await post('/predict', '{nodes');
  assert.equal(notJson.status, 400);
  assert.match(String(notJson.json.error), /not JSON/);
  assert.equal((await post('/predict', '{"nodes": []}')).status, 400);
  const bad = await post('/predict', JSON.stringify({ nodes: [3, 99999] }));
  assert.equal(bad.status, 400);
  assert.match(String(bad.json.error), /nodes\[1\] = 99999 is not a node id \(an integer in \[0, 2708\)\)/);
  const frac = await post('/predict', JSON.stringify({ nodes: [1.5] }));
  assert.match(String(frac.json.error), /nodes\[0\] = 1.5 is not a node id/);
  assert.equal((await post('/other', '{}')).status, 404);
  assert.equal((await post('/predict', '', 'GET')).status, 405);
});

test('weights saved with dg.save and read by --weights (dg.load) give the same predictions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-serve-'));
  try {
    dg.save(model, join(dir, 'sage.safetensors'));
    const copy = new ServedSAGE(x.shape[1], 16, ds.numClasses);
    copy.loadStateDict(dg.load(join(dir, 'sage.safetensors')));
    const nodes = [0, 1, 2, 100, 2000];
    assert.deepEqual(dg.nn.predict(copy, g, x, { nodes }).classes, dg.nn.predict(model, g, x, { nodes }).classes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
