/**
 * The WebAssembly backend in headless Chromium: the page bundle (esbuild, browser platform) awaits
 * `dg.ready({ wasm })`, which fetches native/wasm/deepgraph.wasm from the local server, then runs
 * the kernel fuzz of test/kernels/fuzz-run.ts on the wasm kernels against the TypeScript backend
 * in the page, and a GraphConv forward + backward whose numbers must equal Node's wasm backend bit
 * for bit (the same wasm code). A missing Chromium is a failure, not a skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { ROOT, bundleForBrowser } from './bundle.js';
import { wasmGraphConv } from './wasm-workload.js';
import { withChromiumPage } from './chromium-page.js';

const PAGE_CALLS = 3000;

const PAGE_ENTRY = `
import * as dg from 'deepgraph';
import { fuzzBackend } from ${JSON.stringify(join(ROOT, 'dist/test/kernels/fuzz-run.js'))};
import { wasmGraphConv } from ${JSON.stringify(join(ROOT, 'dist/test/browser/wasm-workload.js'))};
globalThis.deepgraphPage = async () => {
  const backend = await dg.ready({ wasm: '/deepgraph.wasm' });
  const wasm = dg.setBackend('wasm');
  let fuzz;
  try { fuzz = fuzzBackend(wasm, dg.WASM_KERNELS, ${PAGE_CALLS}); } catch (e) { fuzz = { error: String(e && e.message) }; }
  return { backend, fuzz, conv: wasmGraphConv(dg), crossOriginIsolated: globalThis.crossOriginIsolated };
};
`;

test('in headless Chromium: ready() loads deepgraph.wasm, the wasm kernels pass the fuzz and equal Node bit for bit', { timeout: 120_000 }, async () => {
  const { code, external } = await bundleForBrowser(PAGE_ENTRY);
  assert.deepEqual(external, []);
  type PageResult = { backend: string; fuzz: { valid?: number; invalid?: number; error?: string };
    conv: ReturnType<typeof wasmGraphConv>; crossOriginIsolated: boolean };
  const { out, messages } = await withChromiumPage({
    '/': { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>' },
    '/page.js': { type: 'text/javascript', body: code },
    '/deepgraph.wasm': { type: 'application/wasm', body: readFileSync(join(ROOT, 'native/wasm/deepgraph.wasm')) },
  }, async (page, msgs) => ({
    out: await page.evaluate(() => (globalThis as unknown as { deepgraphPage: () => Promise<PageResult> }).deepgraphPage()),
    messages: msgs,
  }));
  assert.equal(out.backend, 'wasm', `ready() did not switch the page to wasm: ${messages.join('\n')}`);
  assert.equal(out.fuzz.error, undefined, `fuzz in the page: ${out.fuzz.error}`);
  assert.ok((out.fuzz.valid ?? 0) > PAGE_CALLS * 0.3 && (out.fuzz.invalid ?? 0) > PAGE_CALLS * 0.3, JSON.stringify(out.fuzz));
  assert.deepEqual(messages.filter((m) => m.startsWith('page error') || m.startsWith('console.error')), []);
  // The same forward + backward on Node's wasm backend: the same wasm code, so the same bits.
  const previous = dg.getBackend().name;
  try {
    dg.setBackend('wasm');
    assert.deepEqual(out.conv, wasmGraphConv(dg));
  } finally {
    dg.setBackend(previous);
  }
});
