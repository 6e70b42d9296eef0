/**
 * The demo page: loads Cora (the files bundled next to the page, or files the user drops), trains
 * GCN or GAT epoch by epoch with live curves, and draws the hidden embedding (PCA) and the graph
 * coloured by predicted class. Built by scripts/build-demo.mjs; served by scripts/serve-demo.mjs.
 */
import * as dg from 'deepgraph';
import { createTrainer, prepareGraph, type EpochStats, type ModelKind, type PreparedGraph } from './train.js';
import { pca2 } from './pca.js';
import { PALETTE, drawCurves, drawGraph, drawScatter, layoutGraph } from './draw.js';
import { webGpuCheck } from './gpu-check.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`demo page: no #${id}`);
  return el as T;
};
const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

interface Loaded { data: PreparedGraph; src: Int32Array; dst: Int32Array; layout: Float64Array }
let loaded: Loaded | null = null;
let stopRequested = false;

function showError(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  $('error').textContent = message;
  console.error(`deepgraph demo: ${message}`);
}

/** The wasm backend (when present) loads asynchronously; the list is whatever `dg` reports afterwards. */
async function fillBackends(): Promise<void> {
  // The build copies the kernels beside the page; a failed load leaves one warning and the TypeScript backend.
  // A cross-origin-isolated page loads the threads build and starts its workers (dg.setNumThreads).
  await dg.ready({ wasm: new URL('./deepgraph.wasm', location.href).href, wasmThreads: new URL('./deepgraph-threads.wasm', location.href).href });
  const select = $<HTMLSelectElement>('backend');
  select.replaceChildren(...dg.availableBackends().map((name) => new Option(name, name, false, name === dg.backendName())));
}

/** Threads need SharedArrayBuffer, which only a cross-origin-isolated page has: otherwise one thread, said once. */
function fillThreads(): void {
  const select = $<HTMLSelectElement>('threads');
  const isolated = globalThis.crossOriginIsolated === true;
  const max = isolated ? Math.max(1, navigator.hardwareConcurrency || 1) : 1;
  select.replaceChildren(...Array.from({ length: max }, (_, i) => new Option(String(i + 1), String(i + 1))));
  select.value = String(Math.min(max, dg.getNumThreads()));
  if (!isolated) {
    $('notice').textContent = 'This page is not cross-origin isolated (no COOP/COEP headers), so SharedArrayBuffer is unavailable: training runs single-threaded.';
  }
}

async function useDataset(ds: dg.data.PlanetoidDataset, from: string): Promise<void> {
  const g = ds.get(0);
  const [src, dst] = g.edges();
  $('dataset').textContent = `${ds.name}, ${g.numNodes()} nodes, ${g.numEdges()} edges, ${ds.numFeatures} features, ${ds.numClasses} classes (${from}). Laying out the graph…`;
  await new Promise((ok) => setTimeout(ok, 0));
  const layout = layoutGraph(g.numNodes(), src, dst);
  const withLoops = dg.addSelfLoop(dg.data.normalizeFeatures()(g));
  loaded = { data: prepareGraph(withLoops, ds.numClasses), src, dst, layout };
  $('dataset').textContent = `${ds.name}: ${g.numNodes()} nodes, ${g.numEdges()} edges, ${ds.numFeatures} features, ${ds.numClasses} classes (${from}).`;
  $('legend').replaceChildren(...Array.from({ length: ds.numClasses }, (_, c) => {
    const s = document.createElement('span');
    s.innerHTML = `<i style="background:${PALETTE[c]}"></i>class ${c}`;
    return s;
  }));
  drawGraph($<HTMLCanvasElement>('graph'), layout, src, dst, loaded.data.labels);
  $<HTMLButtonElement>('train').disabled = false;
  const feat = loaded.data.feat;
  $('webgpu').textContent = await webGpuCheck(g.numNodes(), src, dst, feat.data as Float32Array, feat.shape[1])
    .catch((e: Error) => `WebGPU: the check failed (${e.message}).`);
}

async function loadBundled(): Promise<void> {
  try {
    await useDataset(await dg.data.CoraGraphDataset.fromUrl(new URL('data/cora/', location.href)), 'bundled files');
  } catch (e) {
    $('dataset').textContent = `no bundled Cora files next to this page (${(e as Error).message.split(';')[0]}).`;
  }
}

async function loadDropped(files: FileList | null): Promise<void> {
  if (files === null || files.length === 0) return;
  $('error').textContent = '';
  try {
    await useDataset(await dg.data.PlanetoidDataset.fromFiles(new Map([...files].map((f) => [f.name, f]))), 'your files');
  } catch (e) {
    showError(e);
  }
}

function applySettings(): void {
  const backend = $<HTMLSelectElement>('backend').value;
  if (backend !== '' && backend !== dg.backendName()) dg.setBackend(backend);
  const threads = Number($<HTMLSelectElement>('threads').value);
  if (threads >= 1 && threads !== dg.getNumThreads()) dg.setNumThreads(threads);
}

async function train(): Promise<void> {
  if (loaded === null) return;
  const { data, src, dst, layout } = loaded;
  const kind = $<HTMLSelectElement>('model').value as ModelKind;
  const epochs = Math.max(1, Math.floor(Number($<HTMLInputElement>('epochs').value) || 50));
  $('error').textContent = '';
  $<HTMLButtonElement>('train').disabled = true;
  $<HTMLButtonElement>('stop').disabled = false;
  document.body.dataset.state = 'training';
  stopRequested = false;
  const history: EpochStats[] = [];
  try {
    applySettings();
    const trainer = createTrainer(dg, data, kind, 0);
    for (let e = 0; e < epochs && !stopRequested; e++) {
      const t0 = performance.now();
      const s = trainer.step();
      const ms = performance.now() - t0;
      history.push(s);
      $('epoch').textContent = String(s.epoch);
      $('loss').textContent = s.loss.toFixed(4);
      $('train-acc').textContent = pct(s.trainAcc);
      $('val-acc').textContent = pct(s.valAcc);
      $('test-acc').textContent = pct(s.testAcc);
      $('test-acc').dataset.value = String(s.testAcc);
      $('epoch-ms').textContent = `${ms.toFixed(0)} ms (${dg.backendName()}, ${dg.getNumThreads()} thread${dg.getNumThreads() > 1 ? 's' : ''})`;
      drawCurves($<HTMLCanvasElement>('curves'), history, epochs);
      if (s.epoch % 5 === 0 || e === epochs - 1) {
        const { embedding, predictions } = trainer.evaluate();
        drawScatter($<HTMLCanvasElement>('embedding'), pca2(embedding.data, embedding.shape[0], embedding.shape[1]), predictions);
        drawGraph($<HTMLCanvasElement>('graph'), layout, src, dst, predictions);
      }
      await new Promise((ok) => setTimeout(ok, 0)); // let the page paint
    }
    document.body.dataset.state = 'done';
    document.body.dataset.epochs = String(history.length);
  } catch (e) {
    document.body.dataset.state = 'failed';
    showError(e);
  } finally {
    $<HTMLButtonElement>('train').disabled = false;
    $<HTMLButtonElement>('stop').disabled = true;
  }
}

function wireDrop(): void {
  const zone = $('drop');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); void loadDropped(e.dataTransfer?.files ?? null); });
  $<HTMLInputElement>('files').addEventListener('change', (e) => void loadDropped((e.target as HTMLInputElement).files));
}

async function main(): Promise<void> {
  wireDrop();
  $('train').addEventListener('click', () => void train());
  $('stop').addEventListener('click', () => { stopRequested = true; });
  fillThreads();
  await fillBackends();
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    // Caches the page, the bundle and the data as they load, so a reload works offline.
    await navigator.serviceWorker.register('./sw.js').catch((e: Error) => console.warn(`deepgraph demo: no offline cache (${e.message})`));
  }
  await loadBundled();
  document.body.dataset.ready = 'true';
}

main().catch(showError);
