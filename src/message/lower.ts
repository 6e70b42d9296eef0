/**
 * Lowering of message/reduce pairs to kernels (DGL's three tiers): a builtin message with a
 * builtin reduce runs without per-edge messages (fuse.ts: g-SpMM, plus per-node algebra when an
 * operand lives on the destination); otherwise builtin messages are one g-SDDMM (a UDF message
 * runs on an EdgeBatch), reduced by a copy-edge g-SpMM or, for a reduce UDF, by nodes bucketed
 * by in-degree.
 */
import { FeatureNotFoundError, ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Target } from '../kernels/backend.js';
import { type BuiltinMessage, type BuiltinReduce, isBuiltinMessage, isBuiltinReduce } from './fn.js';
import { fusedBuiltin } from './fuse.js';
import { gspmm } from './gspmm.js';
import { gsddmm } from './gsddmm.js';
import { assembleRows, gatherRows } from './gather.js';
import { type MessageUdf, type NodeUdf, type RelationView, edgeBatchOf, lazyRecord, mappedSource, recordSource } from './batch.js';

/** A message function: a builtin or a UDF. */
export type MessageFn = BuiltinMessage | MessageUdf;
/** A reduce function: a builtin or a UDF. */
export type ReduceFn = BuiltinReduce | NodeUdf;
export type Features = Record<string, Tensor>;

function operand(rel: RelationView, target: Target, field: string): Tensor {
  return (target === 'u' ? rel.src : target === 'v' ? rel.dst : rel.edges).get(field);
}

/** Per-edge results of a message function (also what applyEdges computes). */
export function computeMessages(rel: RelationView, msg: MessageFn): Features {
  if (!isBuiltinMessage(msg)) return checkedUdfResult(msg(edgeBatchOf(rel)), rel.adj.numEdges, 'message function');
  if (msg.kind === 'copy') {
    const t = msg.target === 'u'
      ? gsddmm(rel.adj, 'copyLhs', rel.src.get(msg.field), null, { lhsTarget: 'u' })
      : rel.edges.get(msg.field);
    return { [msg.out]: t };
  }
  const lhs = operand(rel, msg.lhs, msg.lhsField), rhs = operand(rel, msg.rhs, msg.rhsField);
  return { [msg.out]: gsddmm(rel.adj, msg.op, lhs, rhs, { lhsTarget: msg.lhs, rhsTarget: msg.rhs }) };
}

/**
 * Messages along every edge of rel, reduced into per-destination features. As in DGL, a relation
 * without edges triggers no message passing at all: nothing is computed or written (a reduce UDF
 * could not say what shape its zeros would have). Destinations without in-edges otherwise get 0.
 */
export function messagePassing(rel: RelationView, msg: MessageFn, reduce: ReduceFn): Features {
  if (rel.adj.numEdges === 0) return {};
  if (isBuiltinMessage(msg) && isBuiltinReduce(reduce)) {
    const out = fusedBuiltin(rel, msg, reduce);
    if (out !== null) return { [reduce.out]: out };
  }
  const msgs = computeMessages(rel, msg);
  if (isBuiltinReduce(reduce)) {
    const m = msgs[reduce.msg];
    if (m === undefined) {
      throw new FeatureNotFoundError(`reduce '${reduce.op}': no message '${reduce.msg}'; messages present: [${Object.keys(msgs).join(', ')}]`);
    }
    return { [reduce.out]: gspmm(rel.adj, 'copyRhs', reduce.op, null, m) };
  }
  return reduceUdf(rel, msgs, reduce);
}

/**
 * Runs a reduce UDF on nodes grouped by in-degree, so each mailbox is a dense [nodes, degree, ...]
 * tensor. Nodes without in-edges are not visited and get 0 (as with the builtin reducers).
 */
export function reduceUdf(rel: RelationView, msgs: Features, reduce: NodeUdf): Features {
  const { indptr, eids } = rel.adj.csc();
  const deg = rel.adj.inDegrees();
  const byDegree = new Map<number, number[]>();
  for (let v = 0; v < deg.length; v++) {
    if (deg[v] === 0) continue;
    const bucket = byDegree.get(deg[v]);
    if (bucket === undefined) byDegree.set(deg[v], [v]); else bucket.push(v);
  }
  const parts = new Map<string, { rows: Int32Array; value: Tensor }[]>();
  const box = recordSource(msgs, 'mailbox');
  for (const d of [...byDegree.keys()].sort((a, b) => a - b)) {
    const nodes = Int32Array.from(byDegree.get(d)!);
    const edgeRows = new Int32Array(nodes.length * d);
    nodes.forEach((v, i) => { for (let j = 0; j < d; j++) edgeRows[i * d + j] = eids === null ? indptr[v] + j : eids[indptr[v] + j]; });
    const out = reduce({
      data: lazyRecord(mappedSource(rel.dst, (t) => gatherRows(t, nodes))),
      mailbox: lazyRecord(mappedSource(box, (t) => gatherRows(t, edgeRows).reshape([nodes.length, d, ...t.shape.slice(1)]))),
      nodes, batchSize: nodes.length,
    });
    for (const [name, value] of Object.entries(checkedUdfResult(out, nodes.length, 'reduce function'))) {
      const list = parts.get(name);
      if (list === undefined) parts.set(name, [{ rows: nodes, value }]); else list.push({ rows: nodes, value });
    }
  }
  const result: Features = {};
  for (const [name, ps] of parts) {
    result[name] = assembleRows(ps, rel.adj.numDst, ps[0].value.shape.slice(1), ps[0].value.dtype as 'float32' | 'float64');
  }
  return result;
}

/** A UDF must return a record of tensors with one row per item of its batch. */
export function checkedUdfResult(out: unknown, rows: number, what: string): Features {
  if (typeof out !== 'object' || out === null) throw new TypeError(`${what} must return a record of tensors, got ${String(out)}`);
  for (const [name, t] of Object.entries(out as Features)) {
    if (t.shape[0] !== rows) {
      throw new ShapeError(`${what}: output '${name}' has shape ${formatShape(t.shape)} but the batch has ${rows} items`);
    }
  }
  return out as Features;
}
