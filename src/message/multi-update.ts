import { ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, maximum, minimum } from '../tensor/elementwise.js';
import type { Graph } from '../graph/graph.js';
import type { Frame } from '../graph/frame.js';
import type { NodeUdf } from './batch.js';
import { type Features, type MessageFn, type ReduceFn, messagePassing } from './lower.js';
import { applyNodeFn, relationView } from './update-all.js';
import { stackRows } from './gather.js';

/** How `multiUpdateAll` combines the results of several relations at one node type. */
export type CrossReducer = 'sum' | 'mean' | 'max' | 'min' | 'stack';

function combine(name: string, ts: readonly Tensor[], how: CrossReducer): Tensor {
  for (const t of ts) {
    if (how !== 'stack' && t.shape.join() !== ts[0].shape.join()) {
      throw new ShapeError(`multiUpdateAll: feature '${name}' has shapes ${formatShape(ts[0].shape)} and ${formatShape(t.shape)} across edge types`);
    }
  }
  switch (how) {
    case 'sum': return ts.reduce((a, b) => add(a, b));
    case 'mean': return div(ts.reduce((a, b) => add(a, b)), ts.length);
    case 'max': return ts.reduce((a, b) => maximum(a, b));
    case 'min': return ts.reduce((a, b) => minimum(a, b));
    case 'stack': return stackRows(ts);
  }
}

/** A relation's [message, reduce] or, as DGL's 3-tuple, [message, reduce, apply] (apply runs in that relation's pass). */
export type RelationPass = readonly [MessageFn, ReduceFn] | readonly [MessageFn, ReduceFn, NodeUdf | undefined];

/**
 * Message passing on several relations at once (DGL's multi_update_all): each relation runs its
 * own [message, reduce(, apply)]; results landing on the same node type are merged by crossReducer,
 * in edge-type-id order (so 'stack' puts relation i's result before relation j's for i < j).
 */
export function multiUpdateAll(g: Graph, perEtype: Readonly<Record<string, RelationPass>>,
  crossReducer: CrossReducer = 'sum', applyNode?: NodeUdf): void {
  const keys = g.canonicalEtypes.map((c) => c.join(':'));
  const passes = Object.entries(perEtype).map(([etype, pass]) => {
    const id = keys.indexOf(g.toCanonicalEtype(etype).join(':'));
    return { etype, pass, id };
  }).sort((a, b) => a.id - b.id);
  const byFrame = new Map<Frame, Map<string, Tensor[]>>();
  for (const { etype, pass } of passes) {
    const [msg, reduce, apply] = pass;
    const r = g.relation(etype);
    const frame = r.dstdata;
    let out = messagePassing(relationView(g, etype), msg, reduce);
    if (apply !== undefined && Object.keys(out).length > 0) out = applyNodeFn(frame, out, apply, r.numDstNodes());
    const acc = byFrame.get(frame) ?? new Map<string, Tensor[]>();
    for (const [name, t] of Object.entries(out)) acc.set(name, [...(acc.get(name) ?? []), t]);
    byFrame.set(frame, acc);
  }
  for (const [frame, acc] of byFrame) {
    let features: Features = {};
    for (const [name, ts] of acc) features[name] = combine(name, ts, crossReducer);
    features = applyNodeFn(frame, features, applyNode, frame.numRows);
    for (const [name, t] of Object.entries(features)) frame.set(name, t);
  }
}
