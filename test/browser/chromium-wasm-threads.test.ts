/**
 * The wasm kernels on two threads in headless Chromium: a cross-origin-isolated page loads the
 * threads build (deepgraph-threads.wasm) with one module Web Worker, every call of the kernel fuzz
 * (test/kernels/fuzz-run.ts) is cut into chunks that the page's main thread (spinning, as it may not
 * block) and the worker take in turn (src/kernels/wasm/threads.ts), and the results must equal the
 * TypeScript backend as on one thread. A missing Chromium is a failure, not a skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, bundleForBrowser } from './bundle.js';
import { withChromiumPage } from './chromium-page.js';
import { ISOLATION_HEADERS, errorsIn } from './launch.js';

const PAGE_CALLS = 3000;

const PAGE_ENTRY = `
import * as dg from 'deepgraph';
import { fuzzBackend } from ${JSON.stringify(join(ROOT, 'dist/test/kernels/fuzz-run.js'))};
import { setMinPartWorkForTests } from ${JSON.stringify(join(ROOT, 'dist/src/kernels/wasm/threads.js'))};
globalThis.deepgraphPage = async () => {
  dg.setNumThreads(2);
  const backend = await dg.ready({ wasm: '/deepgraph.wasm', wasmThreads: '/deepgraph-threads.wasm' });
  const wasm = dg.setBackend('wasm');
  setMinPartWorkForTests(1);
  let fuzz;
  try { fuzz = fuzzBackend(wasm, dg.WASM_KERNELS, ${PAGE_CALLS}); } catch (e) { fuzz = { error: String(e && e.message) }; }
  finally { setMinPartWorkForTests(null); }
  return { backend, fuzz, threads: dg.getNumThreads(), crossOriginIsolated: globalThis.crossOriginIsolated };
};
`;

test('in headless Chromium on 2 wasm threads (main thread + Web Worker), the kernel fuzz equals the TypeScript backend', { timeout: 120_000 }, async () => {
  const { code } = await bundleForBrowser(PAGE_ENTRY);
  const worker = await bundleForBrowser(`import ${JSON.stringify(join(ROOT, 'dist/src/kernels/wasm/thread-worker.js'))};`);
  type PageResult = { backend: string; fuzz: { valid?: number; invalid?: number; error?: string }; threads: number; crossOriginIsolated: boolean };
  const { out, messages } = await withChromiumPage({
    '/': { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>' },
    '/page.js': { type: 'text/javascript', body: code },
    '/thread-worker.js': { type: 'text/javascript', body: worker.code },
    '/deepgraph.wasm': { type: 'application/wasm', body: readFileSync(join(ROOT, 'native/wasm/deepgraph.wasm')) },
    '/deepgraph-threads.wasm': { type: 'application/wasm', body: readFileSync(join(ROOT, 'native/wasm/deepgraph-threads.wasm')) },
  }, async (page, msgs) => ({
    out: await page.evaluate(() => (globalThis as unknown as { deepgraphPage: () => Promise<PageResult> }).deepgraphPage()),
    messages: msgs,
  }), ISOLATION_HEADERS);
  assert.equal(out.crossOriginIsolated, true, 'the page is not cross-origin isolated');
  assert.equal(out.backend, 'wasm', `ready() did not switch the page to wasm: ${messages.join('\n')}`);
  assert.equal(out.threads, 2, `the page's Web Worker did not start: ${messages.join('\n')}`);
  assert.equal(out.fuzz.error, undefined, `fuzz in the page: ${out.fuzz.error}`);
  assert.ok((out.fuzz.valid ?? 0) > PAGE_CALLS * 0.3 && (out.fuzz.invalid ?? 0) > PAGE_CALLS * 0.3, JSON.stringify(out.fuzz));
  assert.deepEqual(errorsIn(messages), []);
});
