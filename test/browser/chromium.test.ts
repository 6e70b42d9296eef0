/**
 * deepgraph in a real browser: the public API bundled for `platform: 'browser'` (no Node.js
 * built-in may enter the bundle), served from localhost and run in headless Chromium (Debian's
 * `chromium`, driven by playwright-core; .ci/run installs it). The page builds a graph, runs
 * GraphConv -> GATConv forward and backward, an Adam step, a fused updateAll and neighbour-sampled
 * blocks; every number must equal, bit for bit, the same computation in Node on the TypeScript
 * backend (the same kernels). A missing Chromium is a failure, not a skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { ROOT, bundleForBrowser, type BrowserBundle } from './bundle.js';
import { runWorkload, type Bits, type WorkloadResult } from './workload.js';
import { withChromiumPage } from './chromium-page.js';
import { MODULE_PAGE } from './launch.js';

const PAGE_ENTRY = `
import * as dg from 'deepgraph';
import * as viaSubpath from 'deepgraph/browser';
import { runWorkload } from ${JSON.stringify(join(ROOT, 'dist/test/browser/workload.js'))};
globalThis.deepgraphPage = {
  run: () => runWorkload(dg),
  sameModule: dg.nn === viaSubpath.nn && dg.Tensor === viaSubpath.Tensor,
  userAgent: navigator.userAgent,
};
`;

let bundle: Promise<BrowserBundle> | null = null;
const pageBundle = (): Promise<BrowserBundle> => (bundle ??= bundleForBrowser(PAGE_ENTRY));

test('the browser bundle resolves deepgraph to its browser entry and holds no Node.js built-in', async () => {
  const { code, inputs, external } = await pageBundle();
  assert.deepEqual(external, [], 'imports left outside the bundle');
  assert.ok(inputs.includes('dist/src/browser.js'), `the browser condition did not pick dist/src/browser.js: ${inputs.filter((i) => i.endsWith('index.js')).join(', ')}`);
  assert.ok(inputs.includes('dist/src/browser/worker-pool.js'), 'package.json `browser` remap of the worker pool not applied');
  const nodeOnly = inputs.filter((i) => i === 'dist/src/index.js' || i.startsWith('dist/src/dataloading/node/') ||
    i.startsWith('dist/src/cli/') || i === 'dist/src/data/dataset.js' || i.startsWith('node:') || !i.includes('/'));
  assert.deepEqual(nodeOnly, [], 'Node-only modules in the browser bundle');
  assert.ok(inputs.some((i) => i.startsWith('dist/src/nn/conv/')) && inputs.some((i) => i.startsWith('dist/src/kernels/js/')));
  // No module loading left in the output: no require shim and no import of a built-in. (esbuild's
  // CommonJS wrapper, `__commonJS = (cb, mod) => function __require()`, around pickleparser is not one.)
  assert.doesNotMatch(code, /\bvar __require\b|\btypeof require\b|\brequire\s*\(/, 'the bundle calls require');
  assert.doesNotMatch(code, /\bfrom\s*["'](node:)?(fs|path|os|worker_threads|child_process|module|url|zlib)["']|\bimport\s*\(\s*["']node:/,
    'the bundle imports a Node.js built-in');
});

async function runInChromium(code: string): Promise<{ result: WorkloadResult; sameModule: boolean; userAgent: string; console: string[] }> {
  return withChromiumPage({
    '/': { type: 'text/html', body: MODULE_PAGE },
    '/deepgraph.js': { type: 'text/javascript', body: code },
  }, async (page, messages) => {
    const out = await page.evaluate(() => {
      const p = (globalThis as unknown as { deepgraphPage: { run: () => unknown; sameModule: boolean; userAgent: string } }).deepgraphPage;
      return { result: p.run() as WorkloadResult, sameModule: p.sameModule, userAgent: p.userAgent };
    });
    return { ...out, console: messages };
  });
}

function floatsOf(b: Bits): ArrayLike<number> {
  const words = Uint32Array.from(b.words);
  return b.dtype === 'float32' ? new Float32Array(words.buffer) : b.dtype === 'float64' ? new Float64Array(words.buffer) : new Int32Array(words.buffer);
}

function assertSameBits(browser: Record<string, Bits>, node: Record<string, Bits>): void {
  assert.deepEqual(Object.keys(browser), Object.keys(node), 'the page computed other values than Node');
  for (const [key, want] of Object.entries(node)) {
    const got = browser[key];
    assert.equal(got.dtype, want.dtype, `${key}: dtype`);
    assert.deepEqual(got.shape, want.shape, `${key}: shape`);
    const i = want.words.findIndex((w, k) => got.words[k] !== w);
    if (i >= 0) {
      const perValue = want.dtype === 'float64' ? 2 : 1;
      const at = Math.floor(i / perValue);
      assert.fail(`${key} differs at flat index ${at}: browser ${floatsOf(got)[at]} vs Node ${floatsOf(want)[at]}`);
    }
  }
}

test('in headless Chromium: GraphConv/GATConv forward, backward, Adam, updateAll and sampling equal Node on the TypeScript backend bit for bit', { timeout: 90_000 }, async () => {
  const { code } = await pageBundle();
  const page = await runInChromium(code);
  assert.match(page.userAgent, /HeadlessChrome\//, `not Chromium: ${page.userAgent}`);
  assert.ok(page.sameModule, "'deepgraph' and 'deepgraph/browser' resolved to different modules");
  assert.equal(page.result.noProcess, true, 'the page has a Node.js `process`: not a real browser');
  assert.equal(page.result.backend, 'js');
  const errors = page.console.filter((m) => m.startsWith('page error') || m.startsWith('console.error'));
  assert.deepEqual(errors, [], 'errors in the page');

  const previous = dg.getBackend().name;
  let node: WorkloadResult;
  try {
    dg.setBackend('js');
    node = runWorkload(dg);
  } finally {
    dg.setBackend(previous);
  }
  assert.equal(node.backend, 'js');
  assert.equal(node.noProcess, false);
  // The workload did something: the step moved every parameter and lowered the loss.
  for (const key of Object.keys(node.values).filter((k) => k.startsWith('step.'))) {
    assert.notDeepEqual(node.values[key].words, node.values[`init.${key.slice(5)}`].words, `${key} did not move`);
  }
  assert.ok(floatsOf(node.values.loss2)[0] < floatsOf(node.values.loss)[0], 'the Adam step did not lower the loss');
  assertSameBits(page.result.values, node.values);
});
