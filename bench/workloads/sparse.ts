/**
 * g-SpMM (copyU-sum, uMulE-sum, copyU-max) and g-SDDMM (uDotV) through the library's functional
 * ops (dg.ops), i.e. what a layer pays per call: argument checks, output allocation and the kernel.
 * The CSC is built before timing (it is cached on the graph, as in training).
 */
import { SparseAdj } from '../../src/graph/sparse.js';
import { copyUMax, copyUSum, uDotV, uMulESum } from '../../src/message/shortcuts.js';
import { noGrad } from '../../src/tensor/tape.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { BenchOptions } from '../args.js';
import { loadEdges } from '../graph-input.js';
import { log, perSecond, printLine, resultLine, time, type Context } from '../harness.js';
import {
  SDDMM_DOT_MODEL, SPMM_COPY_MODEL, SPMM_EDGE_MODEL, sddmmDotBytes, spmmCompulsoryBytes, spmmCopyBytes, spmmEdgeBytes,
} from '../cost-model.js';
import { uniformTensor } from './data.js';

interface SparseCase {
  run: () => Tensor;
  bytes: number;
  byteModel: string;
  params: Record<string, unknown>;
  /** g-SpMM: each source row read once (spmmCompulsoryBytes), the floor under the model's bytes. */
  compulsoryBytes?: number;
}

function prepare(o: BenchOptions): { adj: SparseAdj; n: number; e: number; describe: Record<string, unknown> } {
  const input = loadEdges(o);
  log(`bench: graph with ${input.numNodes} nodes and ${input.numEdges} edges (${JSON.stringify(input.describe)})`);
  const adj = SparseAdj.fromCoo(input.src, input.dst, input.numNodes, input.numNodes);
  adj.csc();
  return { adj, n: input.numNodes, e: input.numEdges, describe: input.describe };
}

function timeCases(o: BenchOptions, ctx: Context, name: string, describe: Record<string, unknown>, cases: SparseCase[]): void {
  for (const c of cases) {
    const t = noGrad(() => time(() => { c.run(); }, { runs: o.runs, warmup: o.warmup, label: `${name} ${String(c.params.op)}` }));
    printLine(resultLine(name, { ...c.params, ...describe }, ctx, t, { gbPerS: perSecond(c.bytes / 1e9, t.minMs) },
      { byteModel: c.byteModel, ...(c.compulsoryBytes === undefined ? {} : { compulsoryGbPerS: perSecond(c.compulsoryBytes / 1e9, t.minMs) }) }));
  }
}

export function runSpmm(o: BenchOptions, ctx: Context): void {
  const { adj, n, e, describe } = prepare(o);
  const f = o.feats;
  const x = uniformTensor([n, f], o.seed + 1);
  const base = { nodes: n, edges: e, feats: f };
  const compulsoryBytes = spmmCompulsoryBytes(e, n, f);
  const cases: SparseCase[] = o.ops.map((op) => {
    if (op === 'copyU-sum') return { run: () => copyUSum(adj, x), bytes: spmmCopyBytes(e, n, f), byteModel: SPMM_COPY_MODEL, params: { op, ...base }, compulsoryBytes };
    if (op === 'copyU-max') return { run: () => copyUMax(adj, x), bytes: spmmCopyBytes(e, n, f), byteModel: SPMM_COPY_MODEL, params: { op, ...base }, compulsoryBytes };
    const w = uniformTensor([e, o.efeats], o.seed + 2);
    return {
      run: () => uMulESum(adj, x, w), bytes: spmmEdgeBytes(e, n, f, o.efeats), byteModel: SPMM_EDGE_MODEL,
      params: { op, ...base, efeats: o.efeats },
    };
  });
  timeCases(o, ctx, 'spmm', describe, cases);
}

export function runSddmm(o: BenchOptions, ctx: Context): void {
  const { adj, n, e, describe } = prepare(o);
  const f = o.feats;
  const x = uniformTensor([n, f], o.seed + 1), y = uniformTensor([n, f], o.seed + 3);
  adj.coo();
  const cases: SparseCase[] = o.ops.map((op) => ({
    run: () => uDotV(adj, x, y), bytes: sddmmDotBytes(e, f), byteModel: SDDMM_DOT_MODEL, params: { op, nodes: n, edges: e, feats: f },
  }));
  timeCases(o, ctx, 'sddmm', describe, cases);
}
