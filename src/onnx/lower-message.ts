/**
 * Lowerings of the graph ops: g-SpMM (gather the source rows, combine with the edge operand,
 * scatter onto destinations), g-SDDMM (gathers on both ends), edge softmax, segment readouts over
 * `graph_ids`, and the degree normalisers layers compute from the structure.
 */
import { DeepGraphError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TraceAttrs } from '../tensor/tape.js';
import type { Direction, LowerContext, OpLowering } from './context.js';
import type { ScatterReduce, Side } from './graph-ops.js';

/** Unsqueezes a row tensor's name after its row dimension so it has rank `rank` (feature broadcast as deepgraph's). */
function toRank(ctx: LowerContext, name: string, from: number, rank: number): string {
  if (from >= rank) return name;
  const axes = Array.from({ length: rank - from }, (_, i) => i + 1);
  return ctx.b.node('Unsqueeze', [name, ctx.b.ints(axes)], {}, 'aligned');
}

const BINARY: Record<string, string> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div' };

function combine(ctx: LowerContext, op: string, l: string, lRank: number, r: string, rRank: number): string {
  const rank = Math.max(lRank, rRank);
  const a = toRank(ctx, l, lRank, rank), b = toRank(ctx, r, rRank, rank);
  if (op === 'dot') return ctx.b.node('ReduceSum', [ctx.b.node('Mul', [a, b]), ctx.b.ints([rank - 1])], { keepdims: { i: 1 } }, 'dot');
  const onnx = BINARY[op];
  if (onnx === undefined) throw new DeepGraphError(`ONNX export: message op '${op}' has no ONNX lowering (in ${ctx.layer})`);
  return ctx.b.node(onnx, [a, b], {}, 'message');
}

const tensorAttr = (attrs: TraceAttrs, key: string): Tensor | null => (attrs[key] ?? null) as Tensor | null;

const gspmm: OpLowering = (ctx, ev) => {
  const { op, reduce } = ev.attrs as { op: string; reduce: string };
  const dir = ctx.direction(ev.attrs.adj);
  const lhs = tensorAttr(ev.attrs, 'lhs'), rhs = tensorAttr(ev.attrs, 'rhs');
  const onEdges = lhs === null ? null : ctx.graph.gather(ctx.value(lhs), dir.srcSide, 'src_rows');
  let msg: string;
  if (op === 'copyLhs') msg = onEdges!;
  else if (op === 'copyRhs') msg = ctx.value(rhs!);
  else msg = combine(ctx, op, onEdges!, lhs!.ndim, ctx.value(rhs!), rhs!.ndim);
  const rank = ev.out.ndim;
  if (reduce === 'mean') {
    const total = ctx.graph.scatter(msg, dir.dstSide, 'sum', rank, 'summed');
    const deg = ctx.b.node('Max', [ctx.graph.countsColumn(dir.dstSide, rank), ctx.b.scalar(1)], {}, 'deg_clamped');
    return ctx.b.node('Div', [total, deg], {}, 'mean');
  }
  if (reduce !== 'sum' && reduce !== 'max' && reduce !== 'min') {
    throw new DeepGraphError(`ONNX export: g-SpMM reduce '${reduce}' has no ONNX lowering (in ${ctx.layer})`);
  }
  return ctx.graph.scatter(msg, dir.dstSide, reduce as ScatterReduce, rank, `aggregated_${reduce}`);
};

function operand(ctx: LowerContext, t: Tensor, target: string, dir: Direction): string {
  const v = ctx.value(t);
  if (target === 'e') return v;
  return ctx.graph.gather(v, target === 'u' ? dir.srcSide : dir.dstSide, target === 'u' ? 'src_rows' : 'dst_rows');
}

const gsddmm: OpLowering = (ctx, ev) => {
  const { op, lhsTarget, rhsTarget } = ev.attrs as { op: string; lhsTarget: string; rhsTarget: string };
  const dir = ctx.direction(ev.attrs.adj);
  const lhs = tensorAttr(ev.attrs, 'lhs'), rhs = tensorAttr(ev.attrs, 'rhs');
  if (op === 'copyLhs') return operand(ctx, lhs!, lhsTarget, dir);
  if (op === 'copyRhs') return operand(ctx, rhs!, rhsTarget, dir);
  return combine(ctx, op, operand(ctx, lhs!, lhsTarget, dir), lhs!.ndim, operand(ctx, rhs!, rhsTarget, dir), rhs!.ndim);
};

const edgeSoftmax: OpLowering = (ctx, ev) => {
  const dir = ctx.direction(ev.attrs.adj);
  const side: Side = ev.attrs.normBy === 'src' ? dir.srcSide : dir.dstSide;
  return ctx.graph.edgeSoftmax(ctx.value(ev.inputs[0]), side, ev.out.ndim);
};

function checkGraphBatch(ctx: LowerContext, offsets: unknown, what: string): void {
  if (!(offsets instanceof Int32Array) || !ctx.isGraphBatch(offsets)) {
    throw new DeepGraphError(`ONNX export: ${what} over segments other than the graphs of the batch has no ONNX lowering (in ${ctx.layer}); ` +
      'readouts export over the sample graph\'s batch, given to the model as graph_ids');
  }
}

const segmentReduce: OpLowering = (ctx, ev) => {
  checkGraphBatch(ctx, ev.attrs.offsets, `segmentReduce(${String(ev.attrs.reducer)})`);
  return ctx.graph.scatter(ctx.value(ev.inputs[0]), 'graph', ev.attrs.reducer as ScatterReduce, ev.out.ndim, `readout_${String(ev.attrs.reducer)}`);
};

export const MESSAGE_LOWERINGS: Record<string, OpLowering> = {};
for (const op of ['copyLhs', 'copyRhs', 'add', 'sub', 'mul', 'div']) {
  for (const reduce of ['sum', 'mean', 'max', 'min']) MESSAGE_LOWERINGS[`gspmm(${op}, ${reduce})`] = gspmm;
}
for (const op of ['copyLhs', 'copyRhs', 'add', 'sub', 'mul', 'div', 'dot']) {
  for (const l of ['u', 'v', 'e']) for (const r of ['u', 'v', 'e']) MESSAGE_LOWERINGS[`gsddmm(${op}, ${l}, ${r})`] = gsddmm;
}
MESSAGE_LOWERINGS.edgeSoftmax = edgeSoftmax;
for (const reduce of ['sum', 'max', 'min']) MESSAGE_LOWERINGS[`segmentReduce(${reduce})`] = segmentReduce;

/** Side whose counts are a node's in-degree (or out-degree) in the direction of an adjacency. */
function degreeSide(dir: Direction, side: 'in' | 'out'): 'in' | 'out' {
  return (side === 'in') === (dir.dstSide === 'dst') ? 'in' : 'out';
}

/** Tensors computed from the structure outside the tape, by the kind they were marked with. */
export function lowerDerived(ctx: LowerContext, t: Tensor, attrs: TraceAttrs): string {
  switch (attrs.kind) {
    case 'degreeNorm': {
      const dir = ctx.direction(attrs.adj);
      return ctx.graph.degreePower(degreeSide(dir, attrs.side as 'in' | 'out'), attrs.power as number, attrs.plusOne === true);
    }
    case 'edgeDegreeNorm': {
      const dir = ctx.direction(attrs.adj);
      const parts: string[] = [];
      if (attrs.srcPower !== null) {
        const norm = ctx.graph.degreePower(degreeSide(dir, attrs.srcDegrees as 'in' | 'out'), attrs.srcPower as number, false);
        parts.push(ctx.graph.gather(norm, dir.srcSide, 'src_norm'));
      }
      if (attrs.dstPower !== null) {
        parts.push(ctx.graph.gather(ctx.graph.degreePower(degreeSide(dir, 'in'), attrs.dstPower as number, false), dir.dstSide, 'dst_norm'));
      }
      return parts.length === 1 ? parts[0] : ctx.b.node('Mul', parts, {}, 'edge_norm');
    }
    case 'segmentInverseCount': {
      checkGraphBatch(ctx, attrs.offsets, 'a mean readout');
      const c = ctx.b.node('Max', [ctx.graph.countsColumn('graph', t.ndim), ctx.b.scalar(1)]);
      return ctx.b.node('Reciprocal', [c], {}, 'inv_graph_size');
    }
    default:
      throw new DeepGraphError(`ONNX export: a tensor derived from the graph ('${String(attrs.kind)}') has no ONNX lowering (in ${ctx.layer})`);
  }
}

