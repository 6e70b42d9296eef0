import { ShapeError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, maximum, minimum } from '../tensor/elementwise.js';
import type { Graph } from '../graph/graph.js';
import type { Frame } from '../graph/frame.js';
import type { NodeUdf } from './batch.js';
import { type Features, type MessageFn, type ReduceFn, checkedUdfResult, messagePassing } from './lower.js';
import { relationView } from './update-all.js';
import { stackRows } from './gather.js';
import { recordSource, nodeBatchOf } from './batch.js';

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

/**
 * Message passing on several relations at once (DGL's multi_update_all): each relation runs its
 * own [message, reduce]; results landing on the same node type are merged by crossReducer.
 */
export function multiUpdateAll(g: Graph, perEtype: Readonly<Record<string, readonly [MessageFn, ReduceFn]>>,
  crossReducer: CrossReducer = 'sum', applyNode?: NodeUdf): void {
  const byFrame = new Map<Frame, Map<string, Tensor[]>>();
  for (const [etype, [msg, reduce]] of Object.entries(perEtype)) {
    const frame = g.relation(etype).dstdata;
    const out = messagePassing(relationView(g, etype), msg, reduce);
    const acc = byFrame.get(frame) ?? new Map<string, Tensor[]>();
    for (const [name, t] of Object.entries(out)) acc.set(name, [...(acc.get(name) ?? []), t]);
    byFrame.set(frame, acc);
  }
  for (const [frame, acc] of byFrame) {
    let features: Features = {};
    for (const [name, ts] of acc) features[name] = combine(name, ts, crossReducer);
    if (applyNode !== undefined) {
      const layered = recordSource({ ...Object.fromEntries(frame.entries()), ...features }, 'node data');
      features = { ...features, ...checkedUdfResult(applyNode(nodeBatchOf(layered, null, frame.numRows)), frame.numRows, 'apply function') };
    }
    for (const [name, t] of Object.entries(features)) frame.set(name, t);
  }
}
