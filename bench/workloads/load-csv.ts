/**
 * bench load-csv: CSVDataset.load on a generated folder (nodes.csv with node_id 0..N-1 in order,
 * edges.csv with --edges uniform random src_id,dst_id), generated once into the temp folder and
 * reused. Each run loads it in a fresh process, so each peak RSS is that load's alone; the line
 * reports rows/s (node + edge rows), the largest peak RSS, the loaded arrays and their ratio.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Generator } from '../../src/tensor/random.js';
import type { BenchOptions } from '../args.js';
import { log, perSecond, printLine, round, summarise } from '../harness.js';

async function writeRows(path: string, header: string, rows: number, row: (i: number) => string): Promise<void> {
  const tmp = `${path}.tmp`, out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  out.write(`${header}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${row(i)}\n`;
    if (chunk.length > 1 << 16) { if (!out.write(chunk)) await once(out, 'drain'); chunk = ''; }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(tmp, path);
}

/** The folder of the generated dataset (meta.yaml is written last, so its presence means complete). */
export async function csvBenchFolder(nodes: number, edges: number, seed: number): Promise<string> {
  const dir = join(tmpdir(), `deepgraph-load-csv-${nodes}-${edges}-${seed}`);
  if (existsSync(join(dir, 'meta.yaml'))) return dir;
  mkdirSync(dir, { recursive: true });
  log(`load-csv: writing ${edges} edges to ${dir}`);
  const rng = new Generator(seed);
  await writeRows(join(dir, 'nodes.csv'), 'node_id', nodes, (i) => String(i));
  await writeRows(join(dir, 'edges.csv'), 'src_id,dst_id', edges, () => `${rng.nextInt(nodes)},${rng.nextInt(nodes)}`);
  writeFileSync(join(dir, 'meta.yaml'), 'dataset_name: bench\nnode_data:\n- file_name: nodes.csv\nedge_data:\n- file_name: edges.csv\n');
  return dir;
}

interface ChildResult { ms: number; cpuMs: number; nodes: number; edges: number; arraysMb: number; rssBeforeMb: number; peakRssMb: number }

export async function runLoadCsv(o: BenchOptions): Promise<void> {
  const dir = await csvBenchFolder(o.nodes, o.edges, o.seed);
  const child = fileURLToPath(new URL('./load-csv-child.js', import.meta.url));
  const results: ChildResult[] = [];
  for (let i = 0; i < o.warmup + o.runs; i++) {
    const r = spawnSync(process.execPath, [child, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`bench load-csv: the loading process failed: ${r.stderr}`);
    const res = JSON.parse(r.stdout) as ChildResult;
    log(`load-csv: run ${i + 1}/${o.warmup + o.runs} ${res.ms.toFixed(0)} ms, peak RSS ${res.peakRssMb} MB`);
    if (i >= o.warmup) results.push(res);
  }
  const t = summarise(results.map((r) => r.ms), results.map((r) => r.cpuMs));
  const peak = Math.max(...results.map((r) => r.peakRssMb)), arrays = results[0].arraysMb;
  printLine({
    name: 'load-csv', nodes: o.nodes, edges: o.edges, seed: o.seed, runs: t.runs, minMs: round(t.minMs, 1), medianMs: round(t.medianMs, 1), cpuMs: round(t.cpuMs, 1),
    rowsPerCpuS: perSecond(o.nodes + o.edges, t.cpuMs, 0),
    rowsPerS: perSecond(o.nodes + o.edges, t.minMs, 0), edgesPerS: perSecond(o.edges, t.minMs, 0), peakRssMb: peak,
    arraysMb: arrays, peakRssOverArrays: round(peak / arrays, 2), rssBeforeLoadMb: results[0].rssBeforeMb, folder: dir,
    load1: round((await import('node:os')).loadavg()[0], 2),
  });
}
