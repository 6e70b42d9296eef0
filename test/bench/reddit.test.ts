/**
 * The Reddit-scale comparison on tiny stand-ins: a side that runs out of memory is reported, not
 * fatal (the PyTorch side under an address-space cap, and the ratio it turns into), and the
 * reddit-* workloads run both sides on the same Reddit-shaped graph and model sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWorkload, type Ratio } from '../../bench/compare/summary.js';
import type { Line } from '../../bench/compare/spawn.js';
import { exportGraph } from '../../bench/compare/export.js';
import { COMPARE_ENTRY, runEntry } from './run-bench.js';

const TORCH = fileURLToPath(new URL('../../../bench/compare/torch_bench.py', import.meta.url));

test('an out-of-memory line becomes one named ratio, and no time or memory ratio against it', () => {
  const ours = [{ name: 'gat-epoch', backend: 'native', minMs: 900, medianMs: 950, peakRssMb: 5000, setupRssMb: 3000, threads: 2 }] as Line[];
  const oom = { name: 'gat-epoch', backend: 'torch', runs: 0, outOfMemory: true, error: "can't allocate memory: you tried to allocate 29 GB", peakRssMb: 9000, threads: 2 };
  const pyg = { name: 'gat-epoch', backend: 'torch', impl: 'pyg 2.4.0', minMs: 3000, medianMs: 3100, peakRssMb: 8000, setupRssMb: 5000, threads: 2 };
  const r: Ratio[] = compareWorkload('reddit-gat', ours, [oom as unknown as Line, pyg as Line], { streamGbPerS: null, blasGflopPerS: null, blasFrom: null }, ours[0]);
  const failed = r.filter((x) => x.what === 'out of memory');
  assert.equal(failed.length, 1);
  assert.equal(failed[0].ours, 'torch');
  assert.match(String(failed[0].error), /29 GB/);
  // Against the side that ran: time and both memory ratios (reddit-* counts as an epoch).
  assert.deepEqual(r.filter((x) => x.what !== 'out of memory').map((x) => [x.what, x.other, x.value]),
    [['time', 'torch pyg 2.4.0', 0.3], ['peak RSS', 'torch pyg 2.4.0', 0.625], ['peak RSS above setup', 'torch pyg 2.4.0', 0.667]]);
});

test('torch_bench reports an allocation beyond its address-space cap as an out-of-memory line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reddit-oom-'));
  try {
    const g = exportGraph(dir, 'reddit', 2000, 20000, 1);
    // One head of 100000 features: the gathered source rows alone are 20000 x 100000 x 4 bytes = 8 GB.
    const r = spawnSync('prlimit', [`--as=${3 * 2 ** 30}`, '/usr/bin/python3', TORCH, 'gat-epoch', '--edges-npy', g.src, g.dst, '--nodes', '2000',
      '--dataset', 'synthetic', '--feats', '8', '--heads', '1', '--hidden', '100000', '--peak-after-setup', '--threads', '1', '--warmup', '0'],
    { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const line = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    assert.equal(line.outOfMemory, true, r.stdout);
    assert.equal(line.runs, 0);
    assert.equal(line.addressSpaceLimitGb, 3);
    assert.match(String(line.error), /allocate/);
    assert.ok(Number(line.setupPeakRssMb) > 0 && Number(line.peakRssMb) > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reddit-gcn runs both sides on the same Reddit-shaped graph with the Reddit model sizes', () => {
  const r = runEntry(COMPARE_ENTRY, ['--workloads', 'reddit-gcn', '--nodes', '3000', '--edges', '30000', '--threads', '1', '--warmup', '0', '--memory-limit-gb', '8']);
  assert.equal(r.status, 0, `compare failed:\n${r.stderr}`);
  const runs = r.lines.filter((l) => l.name === 'gcn-epoch');
  assert.deepEqual(runs.map((l) => l.backend).sort(), ['native', 'torch']);
  for (const l of runs) {
    assert.deepEqual([l.nodes, l.feats, l.classes, l.hidden], [3000, 602, 41, 128], JSON.stringify(l));
    assert.equal(l.edges, 33000, 'the symmetric stand-in plus one self-loop per node');
    assert.ok(Number(l.setupPeakRssMb) >= Number(l.setupRssMb) * 0.5 && Number(l.peakRssMb) > 0, JSON.stringify(l));
  }
  assert.ok(r.lines.some((l) => l.name === 'compare' && l.workload === 'reddit-gcn' && l.what === 'peak RSS above setup'));
  assert.match(r.stderr, /prlimit --as=/);
});
