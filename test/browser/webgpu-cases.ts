/**
 * Random g-SpMM and matmul cases run on the WebGPU kernels and on the TypeScript backend, in the
 * page (test/browser/webgpu.test.ts bundles this file). Every SpmmOp x reducer, DGL broadcasting,
 * edge-id permutations, empty rows, transposes and batch strides (0 = broadcast). Copy ops and
 * max/min choices must match exactly; arithmetic to float32 rounding (1e-5 relative: JavaScript
 * multiplies in float64 before rounding, WGSL in float32). Imports nothing at run time.
 */
import type * as Deepgraph from '../../src/browser.js';
import type { Backend, SpmmArgs, SpmmOp, SpmmReduce } from '../../src/kernels/backend.js';

/** What the page reports back. */
export interface WebGpuReport {
  available: boolean;
  reason?: string;
  adapter?: string;
  spmmCases: number;
  matmulCases: number;
  failures: string[];
  maxRelErr: number;
}

const OPS: SpmmOp[] = ['add', 'sub', 'mul', 'div', 'copyLhs', 'copyRhs'];
const REDUCES: SpmmReduce[] = ['sum', 'max', 'min'];
/** [lhsShape, rhsShape, outShape] triples that broadcast the DGL way. */
const SHAPES: [number[], number[], number[]][] = [
  [[4], [4], [4]], [[1], [3], [3]], [[5], [1], [5]], [[2, 3], [2, 1], [2, 3]], [[1, 4], [3, 4], [3, 4]], [[7], [7], [7]],
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Runs all cases; `gpu` comes from dg.createWebGpuKernels() in the page. */
export async function runWebGpuCases(dg: Pick<typeof Deepgraph, 'createWebGpuKernels' | 'setBackend'>): Promise<WebGpuReport> {
  const made = await dg.createWebGpuKernels();
  const report: WebGpuReport = { available: made.available, spmmCases: 0, matmulCases: 0, failures: [], maxRelErr: 0 };
  if (!made.available) return { ...report, reason: made.reason };
  report.adapter = made.adapter;
  const js: Backend = dg.setBackend('js');
  const rand = rng(2024);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const floats = (n: number, awayFromZero = false): Float32Array =>
    Float32Array.from({ length: n }, () => (awayFromZero ? (rand() < 0.5 ? -1 : 1) * (0.5 + rand()) : 2 * rand() - 1));
  const fail = (what: string): void => { if (report.failures.length < 20) report.failures.push(what); };
  const close = (got: number, want: number, what: string, exact: boolean): void => {
    const err = Math.abs(got - want) / (1 + Math.abs(want));
    report.maxRelErr = Math.max(report.maxRelErr, err);
    if (exact ? !Object.is(got, want) : !(err <= 1e-5)) fail(`${what}: WebGPU ${got} vs TypeScript ${want}`);
  };
  try {
    for (const op of OPS) {
      for (const reduce of REDUCES) {
        for (let c = 0; c < 8; c++) {
          const [lhsShape, rhsShape, outShape] = SHAPES[int(0, SHAPES.length - 1)];
          const numSrc = int(1, 30), numDst = int(1, 30), numEdges = c === 0 ? 0 : int(0, 150);
          const dstOf = Int32Array.from({ length: numEdges }, () => int(0, numDst - 1)).sort();
          const indptr = new Int32Array(numDst + 1);
          for (const v of dstOf) indptr[v + 1]++;
          for (let v = 0; v < numDst; v++) indptr[v + 1] += indptr[v];
          const indices = Int32Array.from({ length: numEdges }, () => int(0, numSrc - 1));
          const eids = c % 2 === 0 ? null : Int32Array.from({ length: numEdges }, (_, i) => i).sort(() => rand() - 0.5);
          const F = outShape.reduce((a, b) => a * b, 1), L = lhsShape.reduce((a, b) => a * b, 1), R = rhsShape.reduce((a, b) => a * b, 1);
          const base: Omit<SpmmArgs, 'out' | 'argU' | 'argE'> = {
            op, reduce, numSrc, numDst, numEdges, indptr, indices, eids, lhsShape, rhsShape, outShape,
            lhs: op === 'copyRhs' ? null : floats(numSrc * L), rhs: op === 'copyLhs' ? null : floats(numEdges * R, op === 'div'),
          };
          const withArgs = reduce !== 'sum';
          const want = { ...base, out: new Float32Array(numDst * F), argU: withArgs ? new Int32Array(numDst * F) : null, argE: withArgs ? new Int32Array(numDst * F) : null };
          const got = { ...base, out: new Float32Array(numDst * F).fill(NaN), argU: withArgs ? new Int32Array(numDst * F) : null, argE: withArgs ? new Int32Array(numDst * F) : null };
          js.gspmm(want);
          await made.gspmm(got);
          report.spmmCases++;
          const name = `gspmm ${op}/${reduce} case ${c} [${lhsShape}]x[${rhsShape}]->[${outShape}] ${numEdges} edges${eids ? ' permuted' : ''}`;
          const exact = op === 'copyLhs' || op === 'copyRhs';
          for (let i = 0; i < want.out.length; i++) close(got.out[i], want.out[i], `${name} out[${i}]`, exact);
          if (withArgs && exact) {
            for (let i = 0; i < want.out.length; i++) {
              if (got.argU![i] !== want.argU![i] || got.argE![i] !== want.argE![i]) fail(`${name} arg[${i}]: WebGPU (${got.argU![i]}, ${got.argE![i]}) vs (${want.argU![i]}, ${want.argE![i]})`);
            }
          }
        }
      }
    }
    for (let c = 0; c < 40; c++) {
      const batch = int(1, 3), m = int(1, 33), k = int(0, 40), n = int(1, 33);
      const transA = rand() < 0.5, transB = rand() < 0.5;
      const aStride = c % 3 === 0 ? 0 : m * k, bStride = c % 3 === 1 ? 0 : k * n;
      const a = floats(aStride === 0 ? m * k : batch * m * k), b = floats(bStride === 0 ? k * n : batch * k * n);
      const want = new Float32Array(batch * m * n), got = new Float32Array(batch * m * n).fill(NaN);
      js.matmul(a, b, want, batch, m, k, n, transA, transB, aStride, bStride);
      await made.matmul(a, b, got, batch, m, k, n, transA, transB, aStride, bStride);
      report.matmulCases++;
      for (let i = 0; i < want.length; i++) close(got[i], want[i], `matmul case ${c} ${batch}x${m}x${k}x${n} tA=${transA} tB=${transB} out[${i}]`, k === 0);
    }
    // Float64 has no WGSL type: it runs on the TypeScript kernel, bit for bit.
    const a64 = Float64Array.from({ length: 12 }, () => rand()), b64 = Float64Array.from({ length: 12 }, () => rand());
    const w64 = new Float64Array(9), g64 = new Float64Array(9);
    js.matmul(a64, b64, w64, 1, 3, 4, 3, false, false, 0, 0);
    await made.matmul(a64, b64, g64, 1, 3, 4, 3, false, false, 0, 0);
    for (let i = 0; i < 9; i++) close(g64[i], w64[i], `float64 matmul out[${i}]`, true);
    // Bad input is refused before the GPU sees it, with the TypeScript kernel's message.
    const bad = await made.matmul(new Float32Array(6), new Float32Array(6), new Float32Array(3), 1, 2, 3, 2, false, false, 0, 0)
      .then(() => 'no error', (e: Error) => e.message);
    if (!/out has 3 elements, expected 4/.test(bad)) fail(`a short out buffer: ${bad}`);
  } finally {
    made.destroy();
  }
  return report;
}
