/**
 * Every workload at a tiny size on every available backend: the JSON line has BENCH.md's fields with
 * sane values. Timings are never asserted (benchmarks are not tests); only that they were measured.
 * Workloads run in this process (collectBench); the CLI path runs once as a child process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableBackends } from '../../src/kernels/registry.js';
import { tryLoadAddon } from '../../src/kernels/native/index.js';
import { writeNpy } from '../../src/data/npy.js';
import { collectBench } from '../../bench/run.js';
import type { BenchLine } from '../../bench/harness.js';
import { sharedData } from '../data/shared-data.js';

const TINY = ['--nodes', '60', '--edges', '300', '--feats', '8', '--runs', '5', '--threads', '2'];
const THROUGHPUT = ['gbPerS', 'gflopPerS', 'epochsPerS', 'edgesPerS'];

// Every backend that loads; an addon that loads but fails as a backend (a stale build) is a failure too.
const backends = [...new Set([...availableBackends(), ...(tryLoadAddon() === null ? [] : ['native'])])];

function checkLine(line: BenchLine, name: string, backend: string, params: Record<string, unknown>): void {
  assert.equal(line.name, name);
  for (const [k, v] of Object.entries(params)) assert.equal(line[k], v, `${name}: field ${k}`);
  assert.equal(line.backend, backend);
  assert.ok(Number.isInteger(line.threads) && (line.threads as number) >= 1, `${name}: threads ${String(line.threads)}`);
  if (backend === 'js' && name !== 'stream') assert.equal(line.threads, 1, 'the TypeScript backend reports one thread');
  assert.equal(line.runs, 5);
  const min = line.minMs as number, median = line.medianMs as number;
  assert.ok(min > 0 && Number.isFinite(min) && median >= min, `${name}: minMs ${min}, medianMs ${median}`);
  const tp = THROUGHPUT.filter((k) => k in line);
  assert.equal(tp.length, 1, `${name}: exactly one throughput field, got ${tp.join(', ')}`);
  const rate = line[tp[0]] as number;
  assert.ok(rate > 0 && Number.isFinite(rate), `${name}: ${tp[0]} = ${rate}`);
  assert.ok((line.peakRssMb as number) > 10, `${name}: peakRssMb ${String(line.peakRssMb)}`);
  assert.equal(typeof line.load1, 'number');
  assert.ok(typeof line.cpuMs === 'number' && line.cpuMs >= 0, `${name}: cpuMs ${String(line.cpuMs)}`);
}

async function bench(args: string[]): Promise<BenchLine[]> {
  const lines = await collectBench(args);
  assert.ok(lines.length > 0, `deepgraph bench ${args.join(' ')} printed no line`);
  return lines;
}

test('--backend wasm,js runs the workload on each backend in turn, one line each (side by side in one run)', async () => {
  const lines = await bench(['spmm', ...TINY, '--op', 'copyU-sum', '--backend', 'wasm,js']);
  assert.deepEqual(lines.map((l) => [l.op, l.backend]), [['copyU-sum', 'wasm'], ['copyU-sum', 'js']]);
});

for (const backend of backends) {
  const b = ['--backend', backend];
  test(`spmm on ${backend}: one line per op with GB/s and its byte model`, async () => {
    const lines = await bench(['spmm', ...TINY, ...b]);
    assert.deepEqual(lines.map((l) => l.op), ['copyU-sum', 'uMulE-sum', 'copyU-max']);
    for (const l of lines) {
      checkLine(l, 'spmm', backend, { nodes: 60, edges: 300, feats: 8, graph: 'uniform', seed: 0 });
      assert.equal(typeof l.byteModel, 'string');
    }
    // copyU-sum bytes (BENCH.md): E*F*4 + N*F*4 + E*4 + (N+1)*4
    const bytes = 300 * 8 * 4 + 60 * 8 * 4 + 300 * 4 + 61 * 4;
    const gbPerS = lines[0].gbPerS as number, minMs = lines[0].minMs as number;
    assert.ok(Math.abs(gbPerS - bytes / (minMs * 1e6)) <= 1e-3 + 0.01 * gbPerS, `gbPerS ${gbPerS} vs the byte model over minMs`);
  });

  test(`sddmm on ${backend} (R-MAT graph)`, async () => {
    const [line] = await bench(['sddmm', ...TINY, '--graph', 'rmat', '--seed', '3', ...b]);
    checkLine(line, 'sddmm', backend, { op: 'uDotV', nodes: 60, edges: 300, graph: 'rmat', seed: 3 });
  });

  test(`matmul on ${backend}`, async () => {
    const [line] = await bench(['matmul', '--m', '32', '--k', '16', '--n', '8', '--runs', '5', ...b]);
    checkLine(line, 'matmul', backend, { m: 32, k: 16, n: 8 });
  });

  test(`hetero on ${backend}: one line per layer and relation count`, async () => {
    const lines = await bench(['hetero', ...TINY, '--relations', '2,5', ...b]);
    assert.deepEqual(lines.map((l) => [l.layer, l.relations]), [['rel-graph-conv', 2], ['hgt-conv', 2], ['relational-gat-conv', 2],
      ['rel-graph-conv', 5], ['hgt-conv', 5], ['relational-gat-conv', 5]]);
    for (const line of lines) checkLine(line, 'hetero', backend, { nodes: 60, edges: 300, feats: 8, nodeTypes: 4 });
  });

  test(`sage-layer on ${backend}, profiled`, async () => {
    const [line] = await bench(['sage-layer', ...TINY, '--profile', ...b]);
    checkLine(line, 'sage-layer', backend, { nodes: 60, edges: 300, feats: 8, profiled: true });
    assert.ok((line.denseFlops as number) > 0 && (line.sparseBytes as number) > 0);
    const kernels = line.kernelMs as Record<string, number>;
    assert.ok('gspmm copyLhs/sum' in kernels && 'matmul' in kernels && 'outside kernels' in kernels, JSON.stringify(kernels));
  });

  for (const w of ['gcn-epoch', 'gat-epoch', 'sage-epoch']) {
    test(`${w} on ${backend}, synthetic`, async () => {
      const [line] = await bench([w, '--dataset', 'synthetic', ...TINY, '--classes', '3', ...b]);
      checkLine(line, w, backend, { dataset: 'synthetic', nodes: 60, feats: 8, classes: 3, numTrain: 6 });
      assert.ok((line.denseFlops as number) > 0 && (line.sparseBytes as number) > 0);
    });
  }
}

test('gcn-epoch on Cora from the raw Planetoid files', async () => {
  const [line] = await bench(['gcn-epoch', '--dataset', 'cora', '--data-dir', sharedData('planetoid', 'raw'), '--runs', '5']);
  checkLine(line, 'gcn-epoch', String(line.backend), { dataset: 'cora', nodes: 2708, edges: 10556 + 2708, feats: 1433, classes: 7, numTrain: 140 });
});

test('stream: STREAM\'s four kernels and a read-only sum with their byte counts, on the threads asked for', async () => {
  const lines = await bench(['stream', '--size', '100000', '--threads', '2', '--runs', '5']);
  assert.deepEqual(lines.map((l) => l.op), ['copy', 'scale', 'add', 'triad', 'read']);
  for (const l of lines) checkLine(l, 'stream', 'js', { size: 100000, threads: 2 });
  assert.deepEqual(lines.map((l) => l.bytesPerElement), [16, 16, 24, 24, 8]);
});

test('op-overhead: per-op time of the small autograd chain, on every backend', async () => {
  for (const backend of backends) {
    const [line] = await bench(['op-overhead', '--m', '4', '--feats', '3', '--layers', '2', '--batches', '3', '--runs', '5', '--backend', backend]);
    assert.equal(line.name, 'op-overhead');
    assert.deepEqual([line.rows, line.feats, line.blocks, line.ops, line.repeats], [4, 3, 2, 13, 3]);
    // perOpUs is the fastest run spread over ops x repeats.
    assert.ok(Math.abs((line.perOpUs as number) - (line.minMs as number) * 1e3 / 39) < 1e-2, `perOpUs ${String(line.perOpUs)}`);
    assert.equal(line.backend, backend);
  }
});

test('--edges-npy reads int32 and int64 edge files; nodes default to the largest id + 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-'));
  try {
    const src = Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 25), dst = Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 30);
    writeNpy(join(dir, 'src.npy'), src);
    writeNpy(join(dir, 'dst.npy'), BigInt64Array.from(dst, (x) => BigInt(x)));
    const [line] = await bench(['spmm', '--op', 'copyU-sum', '--edges-npy', join(dir, 'src.npy'), join(dir, 'dst.npy'), '--feats', '4', '--backend', 'js']);
    checkLine(line, 'spmm', 'js', { nodes: 30, edges: 40, graph: 'npy', srcNpy: 'src.npy', dstNpy: 'dst.npy' });
    await assert.rejects(collectBench(['spmm', '--edges-npy', join(dir, 'src.npy'), join(dir, 'dst.npy'), '--nodes', '20']),
      /--nodes 20 is smaller than the largest id \+ 1 \(30\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad options are errors that name the option', async () => {
  const cases: [string[], RegExp][] = [
    [['spmm', '--op', 'uDotV'], /--op must be one of copyU-sum, uMulE-sum, copyU-max/],
    [['spmm', '--runs', '3'], /--runs must be an integer >= 5/],
    [['spmm', '--m', '5'], /--m does not apply to spmm/],
    [['matmul', '--backend', 'gpu'], /--backend must be js, native, wasm or a comma list of them, got 'gpu'/],
    [['nope'], /--workload must be one of/],
    [['spmm', '--edges-npy', 'only-one.npy'], /--edges-npy needs two files/],
    [['spmm', '--efeats', '3', '--feats', '8'], /--efeats must be 1 or --feats/],
    [['spmm', '--frobnicate'], /unknown option '--frobnicate'/],
    [['spmm', '--runz', '3'], /unknown option '--runz'; did you mean '--runs'\?/],
  ];
  for (const [args, message] of cases) await assert.rejects(collectBench(args), message, args.join(' '));
});

test('the deepgraph command runs a benchmark (JSON on stdout) and exits 1 with the message on bad options', () => {
  const bin = fileURLToPath(new URL('../../../bin/deepgraph.js', import.meta.url));
  const ok = spawnSync(process.execPath, [bin, 'bench', 'matmul', '--m', '8', '--k', '8', '--n', '8', '--backend', 'js'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  checkLine(JSON.parse(ok.stdout) as BenchLine, 'matmul', 'js', { m: 8 });
  const bad = spawnSync(process.execPath, [bin, 'bench', 'spmm', '--runs', '2'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /--runs must be an integer >= 5/);
});
