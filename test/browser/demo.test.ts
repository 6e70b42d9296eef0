/**
 * The demo page in headless Chromium, as a visitor uses it: built by scripts/build-demo.mjs with
 * the Cora files of ../shared/data, served by scripts/serve-demo.mjs without COOP/COEP, it loads
 * Cora, trains GCN for 50 epochs and shows a test accuracy of at least 75 %; the page says once
 * that it runs single-threaded, runs its WebGPU check (SwiftShader) within 1e-4 of the
 * TypeScript kernel or says why not, logs no error and no native-backend warning, and after going
 * offline a reload still loads Cora (service worker). Served with COOP/COEP, the page is
 * cross-origin isolated, shows no such notice, and trains on wasm with 2 threads (the threads build
 * and its Web Worker), to the same accuracy as on one thread. The screenshot is kept in
 * test-artifacts/demo-cora.png (gitignored).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './bundle.js';
import { WEBGPU_ARGS, errorsIn, withChromiumPage } from './launch.js';
import { sharedData } from '../data/shared-data.js';

interface DemoScripts {
  buildDemo(o: { out: string; data?: string; check?: boolean }): Promise<{ bytes: number; gzipBytes: number; dataFiles: number }>;
  serveDemo(o: { dir: string; port?: number; isolation?: boolean }): Promise<Server>;
}

test('demo page: loads Cora, trains GCN 50 epochs to >= 75 % test accuracy, single-threaded notice once, no console error, works offline', { timeout: 240_000 }, async () => {
  const { buildDemo } = await import(join(ROOT, 'scripts/build-demo.mjs')) as DemoScripts;
  const { serveDemo } = await import(join(ROOT, 'scripts/serve-demo.mjs')) as DemoScripts;
  const out = mkdtempSync(join(tmpdir(), 'dg-demo-'));
  try {
    // The strict type check of demo/ is the build script's job (npm run demo); the test times the page, not tsc.
    const report = await buildDemo({ out, data: sharedData('planetoid', 'raw'), check: false });
    assert.equal(report.dataFiles, 8);
    const server = await serveDemo({ dir: out, isolation: false });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await withChromiumPage(async (page, messages, context) => {
        await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
          .catch((e: Error) => { throw new Error(`the demo did not get ready (${e.message}); page said:\n${messages.join('\n')}`); });
        assert.match(await page.textContent('#dataset') ?? '', /cora: 2708 nodes, 10556 edges, 1433 features, 7 classes \(bundled files\)/);
        const backends = await page.$$eval('#backend option', (os) => os.map((o) => (o as unknown as { value: string }).value));
        assert.ok(backends.includes('js') && !backends.includes('native'), `backend picker: ${backends.join(', ')}`);
        const notice = await page.textContent('#notice') ?? '';
        assert.equal(notice.match(/single-threaded/g)?.length, 1, `the not-isolated notice, once: ${notice}`);
        assert.deepEqual(await page.$$eval('#threads option', (os) => os.length), 1, 'threads offered without isolation');
        // The library says it too, once (console.info from dg.ready()).
        assert.equal(messages.filter((m) => /not cross-origin isolated.*single-threaded/.test(m)).length, 1, messages.join('\n'));
        await page.waitForFunction('document.getElementById("webgpu").textContent !== ""', undefined, { timeout: 60_000 });
        const gpu = await page.textContent('#webgpu') ?? '';
        console.log(`demo: ${gpu}`);
        const diff = /largest difference (\S+)\.$/.exec(gpu);
        assert.ok(diff !== null || /^WebGPU: not used \(.+\)\.$/.test(gpu), `the WebGPU line: ${gpu}`);
        if (diff !== null) assert.ok(Number(diff[1]) <= 1e-4, `WebGPU aggregation differs from the TypeScript kernel by ${diff[1]}`);
        await page.selectOption('#model', 'gcn');
        await page.fill('#epochs', '50');
        await page.click('#train');
        await page.waitForSelector('body[data-state="done"], body[data-state="failed"]', { timeout: 200_000 });
        assert.equal(await page.getAttribute('body', 'data-state'), 'done', `training failed: ${await page.textContent('#error')}`);
        assert.equal(await page.getAttribute('body', 'data-epochs'), '50');
        const accuracy = Number(await page.getAttribute('#test-acc', 'data-value'));
        console.log(`demo: GCN, 50 epochs, test accuracy ${(100 * accuracy).toFixed(1)} % (${await page.textContent('#epoch-ms')} last epoch)`);
        assert.ok(accuracy >= 0.75, `test accuracy ${accuracy} < 0.75`);
        mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
        await page.screenshot({ path: join(ROOT, 'test-artifacts/demo-cora.png'), fullPage: true });
        assert.deepEqual(errorsIn(messages), [], 'errors in the page');
        assert.deepEqual(messages.filter((m) => /native|TypeScript backend/i.test(m)), [], 'a backend warning in the page');

        await page.evaluate('navigator.serviceWorker.ready.then(() => undefined)');
        await context.setOffline(true);
        await page.reload({ waitUntil: 'load' });
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
        assert.match(await page.textContent('#dataset') ?? '', /cora: 2708 nodes/, 'offline reload did not load Cora from the cache');
      }, { args: WEBGPU_ARGS });
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
    // Served with COOP/COEP the page is cross-origin isolated: no single-thread notice.
    const isolated = await serveDemo({ dir: out, isolation: true });
    try {
      await withChromiumPage(async (page, messages) => {
        await page.goto(`http://127.0.0.1:${(isolated.address() as AddressInfo).port}/`, { waitUntil: 'load' });
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
        assert.equal(await page.evaluate('globalThis.crossOriginIsolated'), true, 'COOP/COEP did not isolate the page');
        assert.equal(await page.textContent('#notice'), '', 'the single-thread notice on an isolated page');
        assert.deepEqual(messages.filter((m) => /single-threaded/.test(m)), [], 'the single-thread message on an isolated page');
        // Two wasm threads (the calling thread and one Web Worker over the shared memory) train GCN.
        await page.selectOption('#backend', 'wasm');
        await page.selectOption('#threads', '2');
        await page.selectOption('#model', 'gcn');
        await page.fill('#epochs', '50');
        await page.click('#train');
        await page.waitForSelector('body[data-state="done"], body[data-state="failed"]', { timeout: 200_000 });
        assert.equal(await page.getAttribute('body', 'data-state'), 'done', `training failed: ${await page.textContent('#error')}`);
        const ms = await page.textContent('#epoch-ms') ?? '';
        assert.match(ms, /\(wasm, 2 threads\)/, `the page's epoch line: ${ms}`);
        const accuracy = Number(await page.getAttribute('#test-acc', 'data-value'));
        console.log(`demo, cross-origin isolated: GCN, 50 epochs, test accuracy ${(100 * accuracy).toFixed(1)} % (${ms} last epoch)`);
        assert.ok(accuracy >= 0.75, `test accuracy ${accuracy} < 0.75 on 2 wasm threads`);
        assert.deepEqual(errorsIn(messages), [], 'errors in the isolated page');
      });
    } finally {
      await new Promise<void>((ok) => isolated.close(() => ok()));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
