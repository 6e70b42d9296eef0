/**
 * Every workload at a tiny size on every available backend: the JSON line has BENCH.md's fields with
 * sane values. Timings are never asserted (benchmarks are not tests); only that they were measured.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableBackends } from '../../src/kernels/registry.js';
import { tryLoadAddon } from '../../src/kernels/native/index.js';
import { writeNpy } from '../../src/data/npy.js';
import { sharedData } from '../data/shared-data.js';
import { runBenchChild } from './run-bench.js';

const TINY = ['--nodes', '60', '--edges', '300', '--feats', '8', '--runs', '5', '--threads', '2'];
const THROUGHPUT = ['gbPerS', 'gflopPerS', 'epochsPerS', 'edgesPerS'];
/** The layers these workloads need are not on main yet; each becomes a plain test once they are. */
const NEEDS_LAYERS = 'needs nn.GraphConv / GATConv / SAGEConv';

// The benchmark registers the native backend itself when the library does not (yet): test it whenever the addon loads.
const backends = [...new Set([...availableBackends(), ...(tryLoadAddon() === null ? [] : ['native'])])];

function checkLine(line: Record<string, unknown>, name: string, backend: string, params: Record<string, unknown>): void {
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
}

function bench(args: string[]): Record<string, unknown>[] {
  const r = runBenchChild(args);
  assert.equal(r.status, 0, `deepgraph bench ${args.join(' ')} failed:\n${r.stderr}`);
  assert.ok(r.lines.length > 0, 'no JSON line on stdout');
  return r.lines;
}

for (const backend of backends) {
  const b = ['--backend', backend];
  test(`spmm on ${backend}: one line per op with GB/s and its byte model`, () => {
    const lines = bench(['spmm', ...TINY, ...b]);
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

  test(`sddmm on ${backend} (R-MAT graph)`, () => {
    const [line] = bench(['sddmm', ...TINY, '--graph', 'rmat', '--seed', '3', ...b]);
    checkLine(line, 'sddmm', backend, { op: 'uDotV', nodes: 60, edges: 300, graph: 'rmat', seed: 3 });
  });

  test(`matmul on ${backend}`, () => {
    const [line] = bench(['matmul', '--m', '32', '--k', '16', '--n', '8', '--runs', '5', ...b]);
    checkLine(line, 'matmul', backend, { m: 32, k: 16, n: 8 });
  });

  test(`sage-layer on ${backend}`, { todo: NEEDS_LAYERS }, () => {
    const [line] = bench(['sage-layer', ...TINY, '--profile', ...b]);
    checkLine(line, 'sage-layer', backend, { nodes: 60, edges: 300, feats: 8, profiled: true });
    assert.ok((line.denseGflop as number) > 0 && (line.sparseGb as number) > 0);
    const kernels = line.kernelMs as Record<string, number>;
    assert.ok('gspmm copyLhs/sum' in kernels && 'matmul' in kernels && 'outside kernels' in kernels, JSON.stringify(kernels));
  });

  for (const w of ['gcn-epoch', 'gat-epoch', 'sage-epoch']) {
    test(`${w} on ${backend}, synthetic`, { todo: NEEDS_LAYERS }, () => {
      const [line] = bench([w, '--dataset', 'synthetic', ...TINY, '--classes', '3', ...b]);
      checkLine(line, w, backend, { dataset: 'synthetic', nodes: 60, feats: 8, classes: 3, numTrain: 6 });
      assert.ok((line.denseGflop as number) > 0 && (line.sparseGb as number) > 0);
    });
  }
}

test('gcn-epoch on Cora from the raw Planetoid files', { todo: NEEDS_LAYERS }, () => {
  const [line] = bench(['gcn-epoch', '--dataset', 'cora', '--data-dir', sharedData('planetoid', 'raw'), '--runs', '5']);
  checkLine(line, 'gcn-epoch', String(line.backend), { dataset: 'cora', nodes: 2708, edges: 10556 + 2708, feats: 1433, classes: 7, numTrain: 140 });
});

test('stream: four kernels with STREAM byte counts, on the threads asked for', () => {
  const lines = bench(['stream', '--size', '100000', '--threads', '2', '--runs', '5']);
  assert.deepEqual(lines.map((l) => l.op), ['copy', 'scale', 'add', 'triad']);
  for (const l of lines) checkLine(l, 'stream', 'js', { size: 100000, threads: 2 });
  assert.deepEqual(lines.map((l) => l.bytesPerElement), [16, 16, 24, 24]);
});

test('--edges-npy reads int32 and int64 edge files; nodes default to the largest id + 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-'));
  try {
    const src = Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 25), dst = Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 30);
    writeNpy(join(dir, 'src.npy'), src);
    writeNpy(join(dir, 'dst.npy'), BigInt64Array.from(dst, (x) => BigInt(x)));
    const [line] = bench(['spmm', '--op', 'copyU-sum', '--edges-npy', join(dir, 'src.npy'), join(dir, 'dst.npy'), '--feats', '4', '--backend', 'js']);
    checkLine(line, 'spmm', 'js', { nodes: 30, edges: 40, graph: 'npy', srcNpy: 'src.npy', dstNpy: 'dst.npy' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad options are errors that name the option', () => {
  const cases: [string[], RegExp][] = [
    [['spmm', '--op', 'uDotV'], /--op must be one of copyU-sum, uMulE-sum, copyU-max/],
    [['spmm', '--runs', '3'], /--runs must be an integer >= 5/],
    [['spmm', '--m', '5'], /--m does not apply to spmm/],
    [['matmul', '--backend', 'gpu'], /--backend must be js or native/],
    [['nope'], /--workload must be one of/],
    [['spmm', '--edges-npy', 'only-one.npy'], /--edges-npy needs two files/],
    [['spmm', '--efeats', '3', '--feats', '8'], /--efeats must be 1 or --feats/],
  ];
  for (const [args, message] of cases) {
    const r = runBenchChild(args);
    assert.equal(r.status, 1, `${args.join(' ')} should fail`);
    assert.match(r.stderr, message);
    assert.equal(r.lines.length, 0);
  }
});
