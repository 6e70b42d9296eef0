/**
 * The demo's canvases: training curves, a scatter of 2-D points, and a force-directed drawing of
 * the graph (computed once in the page; repulsion through a coarse grid keeps it O(N * cells + E)).
 */
import type { EpochStats } from './train.js';

/** One colour per class (Cora has 7). */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('this browser gives no 2-D canvas context');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  return ctx;
}

/** Loss (scaled to its first value) and the three accuracies against the epoch. */
export function drawCurves(canvas: HTMLCanvasElement, history: readonly EpochStats[], epochs: number): void {
  const ctx = context(canvas);
  const w = canvas.width, h = canvas.height, pad = 28;
  ctx.strokeStyle = '#9ca3af';
  ctx.strokeRect(pad, 8, w - pad - 8, h - pad - 8);
  ctx.fillStyle = '#374151';
  ctx.font = '11px system-ui';
  ctx.fillText('1', 12, 14);
  ctx.fillText('0', 12, h - pad);
  ctx.fillText(`epoch ${epochs}`, w - 70, h - 10);
  if (history.length === 0) return;
  const x = (e: number): number => pad + ((w - pad - 8) * e) / Math.max(epochs, 1);
  const y = (v: number): number => h - pad - (h - pad - 8) * Math.min(Math.max(v, 0), 1);
  const first = history[0].loss || 1;
  const series: [string, (s: EpochStats) => number][] = [
    ['#dc2626', (s) => s.loss / first], ['#9ca3af', (s) => s.trainAcc], ['#2563eb', (s) => s.valAcc], ['#059669', (s) => s.testAcc],
  ];
  for (const [colour, value] of series) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    history.forEach((s, i) => (i === 0 ? ctx.moveTo(x(s.epoch), y(value(s))) : ctx.lineTo(x(s.epoch), y(value(s)))));
    ctx.stroke();
  }
}

/** Points [n, 2] (row-major) fitted to the canvas, coloured by class. */
export function drawScatter(canvas: HTMLCanvasElement, points: Float64Array, classes: ArrayLike<number>): void {
  const ctx = context(canvas);
  const n = points.length / 2;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, points[2 * i]); maxX = Math.max(maxX, points[2 * i]);
    minY = Math.min(minY, points[2 * i + 1]); maxY = Math.max(maxY, points[2 * i + 1]);
  }
  const sx = (canvas.width - 16) / (maxX - minX || 1), sy = (canvas.height - 16) / (maxY - minY || 1);
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = PALETTE[classes[i] % PALETTE.length];
    ctx.fillRect(8 + (points[2 * i] - minX) * sx - 1.5, 8 + (points[2 * i + 1] - minY) * sy - 1.5, 3, 3);
  }
}

/** A force-directed layout in the unit square: edges attract, nodes repel through a grid of cell masses. */
export function layoutGraph(n: number, src: ArrayLike<number>, dst: ArrayLike<number>, iterations = 80): Float64Array {
  const pos = new Float64Array(2 * n);
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 2 * n; i++) pos[i] = rand();
  const G = 24, mass = new Float64Array(G * G), cx = new Float64Array(G * G), cy = new Float64Array(G * G);
  const k = 0.5 * Math.sqrt(1 / n);
  const force = new Float64Array(2 * n);
  for (let it = 0; it < iterations; it++) {
    const temp = 0.1 * (1 - it / iterations) + 0.002;
    mass.fill(0); cx.fill(0); cy.fill(0); force.fill(0);
    const cell = (i: number): number => Math.min(G - 1, Math.max(0, Math.floor(pos[2 * i] * G))) * G + Math.min(G - 1, Math.max(0, Math.floor(pos[2 * i + 1] * G)));
    for (let i = 0; i < n; i++) { const c = cell(i); mass[c]++; cx[c] += pos[2 * i]; cy[c] += pos[2 * i + 1]; }
    for (let c = 0; c < G * G; c++) if (mass[c] > 0) { cx[c] /= mass[c]; cy[c] /= mass[c]; }
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < G * G; c++) {
        if (mass[c] === 0) continue;
        const dx = pos[2 * i] - cx[c], dy = pos[2 * i + 1] - cy[c];
        const d2 = dx * dx + dy * dy + 1e-4;
        const f = (mass[c] * k * k) / d2;
        force[2 * i] += dx * f; force[2 * i + 1] += dy * f;
      }
    }
    for (let e = 0; e < src.length; e++) {
      const a = src[e], b = dst[e];
      const dx = pos[2 * a] - pos[2 * b], dy = pos[2 * a + 1] - pos[2 * b + 1];
      const d = Math.hypot(dx, dy) + 1e-9, f = d / k;
      force[2 * a] -= dx * f; force[2 * a + 1] -= dy * f;
    }
    for (let i = 0; i < n; i++) {
      const fx = force[2 * i], fy = force[2 * i + 1], len = Math.hypot(fx, fy) + 1e-12;
      const step = Math.min(len, temp) / len;
      // Pull gently to the centre so isolated components stay in view.
      pos[2 * i] = Math.min(1, Math.max(0, pos[2 * i] + fx * step + (0.5 - pos[2 * i]) * 0.03));
      pos[2 * i + 1] = Math.min(1, Math.max(0, pos[2 * i + 1] + fy * step + (0.5 - pos[2 * i + 1]) * 0.03));
    }
  }
  return pos;
}

/** The graph at `pos` (unit square): grey edges, nodes coloured by class. */
export function drawGraph(canvas: HTMLCanvasElement, pos: Float64Array, src: ArrayLike<number>, dst: ArrayLike<number>,
  classes: ArrayLike<number>): void {
  const ctx = context(canvas);
  const s = canvas.width - 16, t = (v: number): number => 8 + v * s;
  ctx.strokeStyle = 'rgba(120,120,120,0.15)';
  ctx.lineWidth = 0.5;
  ctx.beginPath();
  for (let e = 0; e < src.length; e++) {
    if (src[e] >= dst[e]) continue; // each undirected edge once
    ctx.moveTo(t(pos[2 * src[e]]), t(pos[2 * src[e] + 1]));
    ctx.lineTo(t(pos[2 * dst[e]]), t(pos[2 * dst[e] + 1]));
  }
  ctx.stroke();
  for (let i = 0; i < pos.length / 2; i++) {
    ctx.fillStyle = PALETTE[classes[i] % PALETTE.length];
    ctx.fillRect(t(pos[2 * i]) - 1.5, t(pos[2 * i + 1]) - 1.5, 3, 3);
  }
}
