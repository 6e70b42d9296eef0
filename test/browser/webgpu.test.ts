/**
 * The WebGPU kernels (g-SpMM, matmul) in headless Chromium against the TypeScript backend, on
 * random cases (webgpu-cases.ts). Chromium is started with --enable-unsafe-webgpu and the
 * SwiftShader adapter (a CPU implementation of WebGPU) on a loopback origin, which is secure.
 * When that Chromium exposes no adapter the test is skipped with the page's reason printed (the
 * only skip allowed: WebGPU is never required); a missing Chromium still fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT, bundleForBrowser } from './bundle.js';
import { MODULE_PAGE, WEBGPU_ARGS, closeServer, errorsIn, serveFiles, withChromiumPage } from './launch.js';
import type { WebGpuReport } from './webgpu-cases.js';

const PAGE_ENTRY = `
import * as dg from 'deepgraph';
import { runWebGpuCases } from ${JSON.stringify(join(ROOT, 'dist/test/browser/webgpu-cases.js'))};
globalThis.webgpuCases = () => runWebGpuCases(dg);
`;

test('WebGPU g-SpMM and matmul equal the TypeScript backend in Chromium (or a printed reason to skip)', { timeout: 120_000 }, async (t) => {
  const { code } = await bundleForBrowser(PAGE_ENTRY);
  const server = await serveFiles({ '/': { type: 'text/html', body: MODULE_PAGE }, '/deepgraph.js': { type: 'text/javascript', body: code } });
  try {
    const { report, errors } = await withChromiumPage(async (page, messages) => {
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { waitUntil: 'load' });
      await page.waitForFunction(() => 'webgpuCases' in globalThis, undefined, { timeout: 30_000 });
      const r = await page.evaluate(() => (globalThis as unknown as { webgpuCases: () => Promise<WebGpuReport> }).webgpuCases());
      return { report: r, errors: errorsIn(messages) };
    }, { args: WEBGPU_ARGS });
    if (!report.available) {
      const why = `WebGPU kernels not checked: this Chromium exposes no WebGPU adapter (${report.reason})`;
      console.log(why);
      t.skip(why);
      return;
    }
    console.log(`WebGPU on '${report.adapter}': ${report.spmmCases} g-SpMM and ${report.matmulCases} matmul cases, max relative error ${report.maxRelErr.toExponential(2)}`);
    assert.deepEqual(errors, [], 'errors in the page');
    assert.equal(report.spmmCases, 6 * 3 * 8);
    assert.equal(report.matmulCases, 40);
    assert.deepEqual(report.failures, [], 'WebGPU results differ from the TypeScript backend');
  } finally {
    await closeServer(server);
  }
});

test('createWebGpuKernels in Node (no navigator.gpu) resolves to a reason, never throws', async () => {
  const { createWebGpuKernels } = await import('../../src/index.js');
  const made = await createWebGpuKernels();
  assert.equal(made.available, false);
  if (!made.available) assert.match(made.reason, /navigator\.gpu is absent|no adapter/);
});
