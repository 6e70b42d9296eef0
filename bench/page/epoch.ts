/**
 * The page benchmark of issue 18: a full-graph GCN epoch on Cora (bench/models.ts's model, the
 * epoch of bench/workloads/epoch.ts) in headless Chromium on the wasm backend, beside the same
 * epoch in Node.js (`deepgraph bench gcn-epoch`, native and wasm, on as many threads), in one command:
 *
 *   node dist/bench/page/epoch.js --data-dir ../shared/data [--runs 10] [--backend wasm|js] [--threads N]
 *
 * With --threads N > 1 the page is served cross-origin isolated (COOP/COEP) and loads the threads
 * build (deepgraph-threads.wasm) with N - 1 Web Workers.
 *
 * Prints one JSON line per side (BENCH.md); the page's line carries `ratioToNative` (its minMs over
 * Node native's minMs). Needs Debian's chromium (as the browser tests) and a built tree.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, bundleForBrowser } from '../../test/browser/bundle.js';
import { ISOLATION_HEADERS, MODULE_PAGE, closeServer, errorsIn, serveFiles, withChromiumPage } from '../../test/browser/launch.js';
import { PLANETOID_PARTS } from '../../src/data/planetoid-parse.js';
import { planetoidDir } from '../node-data.js';

interface PageTiming { backend: string; runs: number; minMs: number; medianMs: number; crossOriginIsolated: boolean; threads: number }

const PAGE_ENTRY = `
import * as dg from 'deepgraph';
import { buildModel } from ${JSON.stringify(join(ROOT, 'dist/bench/models.js'))};
globalThis.pageEpoch = async (backend, runs, threads) => {
  dg.setNumThreads(threads);
  if (backend === 'wasm') await dg.ready({ wasm: '/deepgraph.wasm', wasmThreads: '/deepgraph-threads.wasm' });
  dg.setBackend(backend);
  // As bench/node-data.ts: row-normalised features, self-loops, the loss on the training rows.
  const ds = await dg.data.CoraGraphDataset.fromUrl('/cora/', { transform: dg.data.normalizeFeatures() });
  const g = dg.addSelfLoop(ds.get(0));
  const feat = dg.markReadOnly(g.ndata.get('feat'));
  const labels = g.ndata.get('label').data, train = g.ndata.get('trainMask').data;
  const trainIdx = Int32Array.from({ length: labels.length }, (_, i) => i).filter((i) => train[i]);
  const target = dg.tensor(Int32Array.from(trainIdx, (i) => labels[i]), { dtype: 'int32' });
  dg.manualSeed(0);
  const model = buildModel('gcn', { inFeats: feat.shape[1], hidden: 16, classes: ds.numClasses, heads: 8, sparseInput: false });
  model.module.train();
  const opt = new dg.optim.Adam(model.module.parameters(), { lr: model.lr, weightDecay: model.weightDecay });
  const epoch = () => {
    opt.zeroGrad();
    dg.crossEntropy(dg.indexSelect(model.forward(g, feat), 0, trainIdx), target).backward();
    opt.step();
  };
  epoch();
  const times = [];
  for (let r = 0; r < runs; r++) { const t0 = performance.now(); epoch(); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  return { backend: dg.backendName(), runs, minMs: times[0], medianMs: times[Math.floor(runs / 2)],
    crossOriginIsolated: globalThis.crossOriginIsolated === true, threads: dg.getNumThreads() };
};
`;

async function pageEpoch(rawDir: string, backend: string, runs: number, threads: number): Promise<PageTiming> {
  const { code } = await bundleForBrowser(PAGE_ENTRY);
  const worker = await bundleForBrowser(`import ${JSON.stringify(join(ROOT, 'dist/src/kernels/wasm/thread-worker.js'))};`);
  const files: Record<string, { type: string; body: string | Uint8Array }> = {
    '/': { type: 'text/html', body: MODULE_PAGE }, '/deepgraph.js': { type: 'text/javascript', body: code },
    '/deepgraph.wasm': { type: 'application/wasm', body: readFileSync(join(ROOT, 'native/wasm/deepgraph.wasm')) },
    '/deepgraph-threads.wasm': { type: 'application/wasm', body: readFileSync(join(ROOT, 'native/wasm/deepgraph-threads.wasm')) },
    '/thread-worker.js': { type: 'text/javascript', body: worker.code },
  };
  for (const p of PLANETOID_PARTS) files[`/cora/ind.cora.${p}`] = { type: 'application/octet-stream', body: readFileSync(join(rawDir, `ind.cora.${p}`)) };
  const server = await serveFiles(files, threads > 1 ? ISOLATION_HEADERS : {});
  try {
    return await withChromiumPage(async (page, messages) => {
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { waitUntil: 'load' });
      await page.waitForFunction(() => 'pageEpoch' in globalThis, undefined, { timeout: 30_000 })
        .catch((e: Error) => { throw new Error(`the bundle did not start (${e.message}):\n${messages.join('\n')}`); });
      const out = await page.evaluate(([b, r, t]) => (globalThis as unknown as {
        pageEpoch: (b: string, r: number, t: number) => Promise<PageTiming> }).pageEpoch(b, r, t), [backend, runs, threads] as const);
      const errors = errorsIn(messages);
      if (errors.length > 0) throw new Error(`errors in the page:\n${errors.join('\n')}`);
      if (backend === 'wasm' && out.threads !== threads) throw new Error(`the page ran on ${out.threads} wasm thread(s), not ${threads}`);
      if (out.backend !== backend) throw new Error(`the page ran on ${out.backend}, not ${backend}:\n${messages.join('\n')}`);
      return out;
    });
  } finally {
    await closeServer(server);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, runs: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'wasm' }, threads: { type: 'string', default: '1' } } });
  const dataDir = values['data-dir'];
  if (dataDir === undefined) throw new Error('bench/page/epoch: --data-dir (the folder holding planetoid/raw/ind.cora.*) is required');
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 5) throw new Error(`bench/page/epoch: --runs must be an integer >= 5, got ${values.runs}`);
  const backend = values.backend ?? 'wasm';
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`bench/page/epoch: --threads must be a positive integer, got ${values.threads}`);
  if (backend !== 'wasm' && backend !== 'js') throw new Error(`bench/page/epoch: --backend must be wasm or js, got ${backend}`);
  const node = spawnSync(process.execPath, [join(ROOT, 'bin/deepgraph.js'), 'bench', 'gcn-epoch', '--dataset', 'cora',
    '--data-dir', dataDir, '--backend', 'native,wasm', '--threads', String(threads), '--runs', String(runs)], { encoding: 'utf8' });
  if (node.status !== 0) throw new Error(`deepgraph bench gcn-epoch failed:\n${node.stderr}`);
  const lines = node.stdout.split('\n').filter((l) => l.startsWith('{'));
  for (const l of lines) console.log(l);
  const native = lines.map((l) => JSON.parse(l) as { backend: string; minMs: number }).find((l) => l.backend === 'native');
  const page = await pageEpoch(planetoidDir(dataDir, 'cora'), backend, runs, threads);
  console.log(JSON.stringify({
    name: 'gcn-epoch', dataset: 'cora', where: 'chromium-page', backend: page.backend, threads: page.threads, runs: page.runs,
    minMs: Number(page.minMs.toFixed(3)), medianMs: Number(page.medianMs.toFixed(3)), crossOriginIsolated: page.crossOriginIsolated,
    ...(native === undefined ? {} : { nativeMinMs: native.minMs, ratioToNative: Number((page.minMs / native.minMs).toFixed(2)) }),
    load1: Number(loadavg()[0].toFixed(2)),
  }));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench/page/epoch: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
