/**
 * GCN and GAT trained on Cora in headless Chromium equal the same runs in Node bit for bit on the
 * TypeScript backend (the same kernels): the page fetches the raw files over HTTP
 * (CoraGraphDataset.fromUrl), Node reads the folder, and both run the demo's trainer
 * (demo/train.ts). Every epoch's loss and the final logits are compared as raw float bits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { createTrainer, prepareGraph, type ModelKind, type TrainerLib } from '../../demo/train.js';
import { PLANETOID_PARTS } from '../../src/data/planetoid-parse.js';
import { ROOT, bundleForBrowser } from './bundle.js';
import { MODULE_PAGE, closeServer, errorsIn, serveFiles, withChromiumPage } from './launch.js';
import { sharedData } from '../data/shared-data.js';

/** Epochs per model: enough for the weights to move far from the start, few enough for a ~20 s test. */
const RUNS: [ModelKind, number][] = [['gcn', 8], ['gat', 2]];

interface Run { kind: string; losses: number[]; logits: number[]; testAcc: number }

/** Trains each model and returns its per-epoch losses and final logits as uint32 words (float32 bits). */
function train(lib: TrainerLib, graph: dg.Graph, numClasses: number, runs: [ModelKind, number][]): Run[] {
  const data = prepareGraph(lib.addSelfLoop(graph), numClasses);
  return runs.map(([kind, epochs]) => {
    const trainer = createTrainer(lib, data, kind, 0);
    const losses = new Float32Array(epochs);
    let testAcc = 0;
    for (let e = 0; e < epochs; e++) { const s = trainer.step(); losses[e] = s.loss; testAcc = s.testAcc; }
    const logits = trainer.evaluate().logits.data as Float32Array;
    return { kind, losses: [...new Uint32Array(losses.buffer)], logits: [...new Uint32Array(logits.buffer, logits.byteOffset, logits.length)], testAcc };
  });
}

const PAGE_ENTRY = `
import * as dg from 'deepgraph';
import { createTrainer, prepareGraph } from ${JSON.stringify(join(ROOT, 'dist/demo/train.js'))};
// The very function Node runs below (compiled JavaScript, so its source is valid in the page).
${train.toString()}
globalThis.coraParity = async (runs) => {
  const ds = await dg.data.CoraGraphDataset.fromUrl('/cora/', { transform: dg.data.normalizeFeatures() });
  return { backend: dg.backendName(), runs: train(dg, ds.get(0), ds.numClasses, runs) };
};
`;

test('GCN and GAT on Cora in Chromium equal Node bit for bit (TypeScript backend): every loss and the final logits', { timeout: 180_000 }, async () => {
  const raw = sharedData('planetoid', 'raw');
  const previous = dg.getBackend().name;
  let node: Run[];
  try {
    dg.setBackend('js');
    const ds = new dg.data.CoraGraphDataset({ rawDir: raw, transform: dg.data.normalizeFeatures() });
    node = train(dg, ds.get(0), ds.numClasses, RUNS);
  } finally {
    dg.setBackend(previous);
  }
  const { code } = await bundleForBrowser(PAGE_ENTRY);
  const files: Record<string, { type: string; body: string | Uint8Array }> = {
    '/': { type: 'text/html', body: MODULE_PAGE }, '/deepgraph.js': { type: 'text/javascript', body: code },
  };
  for (const p of PLANETOID_PARTS) files[`/cora/ind.cora.${p}`] = { type: 'application/octet-stream', body: readFileSync(join(raw, `ind.cora.${p}`)) };
  const server = await serveFiles(files);
  try {
    const page = await withChromiumPage(async (p, messages) => {
      await p.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { waitUntil: 'load' });
      await p.waitForFunction(() => 'coraParity' in globalThis, undefined, { timeout: 30_000 })
        .catch((e: Error) => { throw new Error(`the bundle did not start (${e.message}):\n${messages.join('\n')}`); });
      const out = await p.evaluate((runs) => (globalThis as unknown as { coraParity: (r: unknown) => Promise<{ backend: string; runs: Run[] }> }).coraParity(runs), RUNS);
      return { ...out, errors: errorsIn(messages) };
    });
    assert.deepEqual(page.errors, [], 'errors in the page');
    assert.equal(page.backend, 'js');
    for (const [i, want] of node.entries()) {
      const got = page.runs[i];
      const f32 = (w: number[]): Float32Array => new Float32Array(Uint32Array.from(w).buffer);
      console.log(`${want.kind}: Node losses ${[...f32(want.losses)].map((v) => v.toFixed(6)).join(' ')}; test acc ${want.testAcc}`);
      assert.ok(f32(want.losses)[want.losses.length - 1] < f32(want.losses)[0], `${want.kind}: the loss did not fall`);
      assert.deepEqual(got.losses, want.losses, `${want.kind}: per-epoch losses differ (browser ${[...f32(got.losses)]} vs Node ${[...f32(want.losses)]})`);
      const at = want.logits.findIndex((w, k) => got.logits[k] !== w);
      assert.equal(got.logits.length, want.logits.length, `${want.kind}: logits length`);
      assert.equal(at, -1, `${want.kind}: final logits differ at flat index ${at}`);
      assert.equal(got.testAcc, want.testAcc);
    }
  } finally {
    await closeServer(server);
  }
});
