/**
 * Ratios between deepgraph and PyTorch lines of the same workload, the issue's targets, and the
 * distance from the roofline (dense FLOPs at the measured BLAS rate + sparse bytes at the measured
 * stream bandwidth). Every ratio uses the fastest run (minMs); the median ratio is printed beside it.
 */
import type { Line } from './spawn.js';
import { round } from '../harness.js';

export interface Ratio {
  name: 'compare';
  workload: string;
  what: string;
  ours: string;
  other: string;
  value: number;
  medianValue?: number;
  cpuValue?: number;
  target?: string;
  met?: boolean;
  [k: string]: unknown;
}

export interface Machine {
  /** stream triad GB/s (2 threads), the roofline of sparse kernels */
  streamGbPerS: number | null;
  /** the best measured matmul GFLOP/s (ours or torch) and who measured it */
  blasGflopPerS: number | null;
  blasFrom: string | null;
}

const label = (l: Line): string => `${l.backend}${l.impl ? ` ${String(l.impl)}` : ''}`;

function timeRatio(workload: string, what: string, ours: Line, other: Line, target?: { max?: number; min?: number; text: string }): Ratio {
  const value = round(ours.minMs / other.minMs, 3), medianValue = round(ours.medianMs / other.medianMs, 3);
  const r: Ratio = { name: 'compare', workload, what, ours: label(ours), other: label(other), value, medianValue };
  // CPU time of the fastest runs: less sensitive to other work on the machine (not a verdict, a cross-check).
  const cpu = Number(ours.cpuMs) / Number(other.cpuMs);
  if (Number.isFinite(cpu)) r.cpuValue = round(cpu, 3);
  if (target) {
    r.target = target.text;
    r.met = (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min);
  }
  return r;
}

/**
 * Peak RSS of the whole process (what a user sees; the Python process starts larger, ~260 MB with
 * torch imported, against ~100 MB for Node), and the epoch's own part: peak minus the RSS with the
 * graph, features and model in memory just before the first run.
 */
function memoryRatios(workload: string, o: Line, t: Line, withTarget: boolean): Ratio[] {
  const peak: Ratio = {
    name: 'compare', workload, what: 'peak RSS', ours: label(o), other: label(t), value: round(o.peakRssMb / t.peakRssMb, 3),
    oursPeakRssMb: o.peakRssMb, otherPeakRssMb: t.peakRssMb,
  };
  if (withTarget) { peak.target = '<= 1'; peak.met = peak.value <= 1; }
  const oursRun = o.peakRssMb - Number(o.setupRssMb), theirsRun = t.peakRssMb - Number(t.setupRssMb);
  const run: Ratio = {
    name: 'compare', workload, what: 'peak RSS above setup', ours: label(o), other: label(t), value: round(oursRun / theirsRun, 3),
    oursMb: round(oursRun, 1), otherMb: round(theirsRun, 1),
  };
  return Number.isFinite(run.value) ? [peak, run] : [peak];
}

/** Time of our fastest run over the roofline time of the same work. */
function rooflineDistance(workload: string, l: Line, m: Machine): Ratio | null {
  const gflop = Number(l.denseFlops ?? NaN) / 1e9, gb = Number(l.sparseBytes ?? NaN) / 1e9;
  if (!Number.isFinite(gflop) || !Number.isFinite(gb) || m.streamGbPerS === null || m.blasGflopPerS === null) return null;
  const rooflineMs = (gflop / m.blasGflopPerS + gb / m.streamGbPerS) * 1e3;
  return {
    name: 'compare', workload, what: 'time / roofline', ours: label(l), other: 'roofline', value: round(l.minMs / rooflineMs, 2),
    rooflineMs: round(rooflineMs, 3), denseGflop: round(gflop, 6), sparseGb: round(gb, 6), streamGbPerS: m.streamGbPerS, blasGflopPerS: m.blasGflopPerS,
    blasFrom: m.blasFrom,
  };
}

/** The ratios for one workload's lines (ours: every backend; torch: every impl). */
export function compareWorkload(workload: string, ours: Line[], torch: Line[], m: Machine, costOf: Line | undefined): Ratio[] {
  const out: Ratio[] = [];
  // A side that ran out of memory has no times: one line naming it stands for its ratios.
  const failed = [...ours, ...torch].filter((l) => l.outOfMemory === true);
  for (const l of failed) {
    out.push({ name: 'compare', workload, what: 'out of memory', ours: label(l), other: '', value: NaN, error: String(l.error), peakRssMb: l.peakRssMb });
  }
  ours = ours.filter((l) => l.outOfMemory !== true);
  torch = torch.filter((l) => l.outOfMemory !== true);
  const epochLike = workload.endsWith('-epoch') || workload.startsWith('reddit-');
  const keyOf = (l: Line): string => String(l.op ?? '');
  for (const o of ours) {
    const peers = torch.filter((t) => keyOf(t) === keyOf(o));
    const op = keyOf(o) === '' ? '' : ` ${keyOf(o)}`;
    // The issue's targets are set for 2 threads and, where it names one, its size; elsewhere the
    // ratios are printed without a verdict.
    // (the TypeScript backend always reports 1 thread, so the run's count is the other side's)
    const twoThreads = (peers[0]?.threads ?? o.threads) === 2;
    const atSize = twoThreads && Number(o.nodes) >= 1e6 && Number(o.edges) >= 1e7 && (workload.endsWith('-epoch') || Number(o.feats) === 64);
    for (const t of peers) {
      let target: { max?: number; min?: number; text: string } | undefined;
      if (workload === 'spmm' && keyOf(o) === 'copyU-sum' && t.impl === 'torch.sparse.mm(csr)' && atSize) target = { max: 0.5, text: '<= 0.5 (>= 2x faster than torch.sparse.mm)' };
      if ((workload === 'gcn-epoch' || workload === 'gat-epoch') && o.dataset === 'cora' && twoThreads) target = { max: 0.2, text: '<= 0.2 on Cora' };
      if (workload === 'sage-layer' && atSize) target = { max: 0.3, text: '<= 0.3' };
      if (workload === 'op-overhead' && twoThreads) target = { max: 0.3, text: '<= 0.3 per op' };
      out.push(timeRatio(workload, `time${op}`, o, t, target));
      if (epochLike || workload === 'sage-layer') out.push(...memoryRatios(workload, o, t, workload === 'gat-epoch' && atSize));
    }
    if (workload === 'spmm' && keyOf(o) === 'copyU-sum' && m.streamGbPerS !== null) {
      const value = round(Number(o.gbPerS) / m.streamGbPerS, 3);
      const r: Ratio = { name: 'compare', workload, what: 'GB/s / stream', ours: label(o), other: 'stream triad', value };
      if (atSize) { r.target = '>= 0.5'; r.met = value >= 0.5; }
      out.push(r);
    }
  }
  for (const l of [...ours, ...torch]) {
    const withCost = costOf === undefined ? l : { ...l, denseFlops: costOf.denseFlops, sparseBytes: costOf.sparseBytes };
    const d = rooflineDistance(workload, withCost, m);
    if (d !== null) out.push(d);
  }
  const js = ours.find((l) => l.backend === 'js'), native = ours.find((l) => l.backend === 'native');
  if (workload === 'gcn-epoch' && js && native && native.threads === 2) {
    const value = round(js.minMs / native.minMs, 2);
    out.push({ name: 'compare', workload, what: 'js time / native time', ours: 'native', other: 'js', value, target: '>= 5', met: value >= 5 });
  }
  return out;
}

/** A plain-text table of the ratios, for people (stderr). */
export function table(ratios: Ratio[]): string {
  const opt = (x: number | undefined): string => (x === undefined ? '' : String(x));
  const rows = ratios.map((r) => [r.workload, r.what, r.ours, r.other, String(r.value), opt(r.medianValue), opt(r.cpuValue),
    r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']);
  const head = ['workload', 'ratio', 'ours', 'vs', 'min', 'median', 'cpu', 'target', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (row: string[]): string => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}
