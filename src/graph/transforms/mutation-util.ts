// Shared steps of the mutation transforms (addNodes, addEdges, removeNodes, removeEdges): rows
// appended to a frame with zeros where no value is given, and member sizes of batched graphs.
import { ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { allocate } from '../../tensor/dtype.js';
import type { Graph } from '../graph.js';
import type { Frame } from '../frame.js';
import { concatRows } from '../rows.js';
import type { BatchSizes } from './util.js';

function zeroRows(like: Tensor, n: number): Tensor {
  const row = like.shape.slice(1);
  return new Tensor(allocate(like.dtype, n * row.reduce((a, b) => a * b, 1)), [n, ...row], like.dtype);
}

/**
 * Copies `from` into `to` with `added` new rows (DGL add_nodes / add_edges): a feature in data
 * takes its rows from there, others get zeros; a data feature new to the frame is zero on old rows.
 */
export function appendRows(from: Frame, to: Frame, added: number, data: Readonly<Record<string, Tensor>> | undefined, what: string): void {
  const given = data ?? {};
  for (const [name, t] of Object.entries(given)) {
    if (!(t instanceof Tensor) || t.shape[0] !== added) {
      throw new ShapeError(`${what}: data '${name}' must have ${added} rows, got ${t instanceof Tensor ? formatShape(t.shape) : typeof t}`);
    }
    if (from.has(name)) {
      const old = from.get(name);
      if (old.dtype !== t.dtype || old.shape.slice(1).join() !== t.shape.slice(1).join()) {
        throw new ShapeError(`${what}: data '${name}' has rows ${formatShape(t.shape.slice(1))} ${t.dtype} but the feature has ${formatShape(old.shape.slice(1))} ${old.dtype}`);
      }
    }
  }
  for (const [name, old] of from) to.set(name, added === 0 ? old : concatRows([old, given[name] ?? zeroRows(old, added)]));
  for (const [name, t] of Object.entries(given)) if (!from.has(name)) to.set(name, concatRows([zeroRows(t, from.numRows), t]));
}

/** The batch sizes of g as maps (nothing for an unbatched graph). */
export function batchSizesOf(g: Graph): BatchSizes | undefined {
  if (g.batchSize === 1) return undefined;
  return {
    nodes: new Map(g.ntypes.map((t) => [t, Int32Array.from(g.batchNumNodes(t))])),
    edges: new Map(g.canonicalEtypes.map((c) => [c.join(':'), Int32Array.from(g.batchNumEdges(c))])),
  };
}

/** How many of the marked rows fall into each member, for members of the given sizes. */
export function countPerMember(sizes: Int32Array, marked: Uint8Array): Int32Array {
  const out = new Int32Array(sizes.length);
  let row = 0;
  sizes.forEach((n, b) => { for (let i = 0; i < n; i++, row++) out[b] += marked[row]; });
  return out;
}

export function markRows(n: number, ids: Int32Array): Uint8Array {
  const m = new Uint8Array(n);
  for (const i of ids) m[i] = 1;
  return m;
}
