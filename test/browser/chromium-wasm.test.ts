/**
 * The WebAssembly backend in headless Chromium: the page bundle (esbuild, browser platform) awaits
 * `dg.ready({ wasm })`, which fetches native/wasm/deepgraph.wasm from the local server, then runs
 * the kernel fuzz of test/kernels/fuzz-run.ts on the wasm kernels against the TypeScript backend
 * in the page, and a GraphConv forward + backward whose numbers must equal Node's wasm backend bit
 * for bit (the same wasm code). A missing Chromium is a failure, not a skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import * as dg from '../../src/index.js';
import { ROOT, bundleForBrowser } from './bundle.js';
import { wasmGraphConv } from './wasm-workload.js';

const CHROMIUM = '/usr/bin/chromium';
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

function serve(files: Record<string, { type: string; body: string | Buffer }>): Promise<Server> {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (file === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  return new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', () => ok(server)); });
}

test('in headless Chromium: ready() loads deepgraph.wasm, the wasm kernels pass the fuzz and equal Node bit for bit', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)`);
  const { code, external } = await bundleForBrowser(PAGE_ENTRY);
  assert.deepEqual(external, []);
  const server = await serve({
    '/': { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/page.js"></script>' },
    '/page.js': { type: 'text/javascript', body: code },
    '/deepgraph.wasm': { type: 'application/wasm', body: readFileSync(join(ROOT, 'native/wasm/deepgraph.wasm')) },
  });
  const profile = mkdtempSync(join(tmpdir(), 'dg-chromium-wasm-'));
  const messages: string[] = [];
  type PageResult = { backend: string; fuzz: { valid?: number; invalid?: number; error?: string };
    conv: ReturnType<typeof wasmGraphConv>; crossOriginIsolated: boolean };
  let out: PageResult;
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, timeout: 30_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = context.pages()[0] ?? await context.newPage();
      page.on('console', (m) => messages.push(`console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => messages.push(`page error: ${e.message}`));
      const { port } = server.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 15_000 });
      await page.waitForFunction(() => 'deepgraphPage' in globalThis, undefined, { timeout: 15_000 })
        .catch((e: Error) => { throw new Error(`the bundle did not start (${e.message}):\n${messages.join('\n')}`); });
      out = await page.evaluate(() => (globalThis as unknown as { deepgraphPage: () => Promise<PageResult> }).deepgraphPage());
    } finally {
      await context.close();
    }
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(profile, { recursive: true, force: true });
  }
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
