import { DeepGraphError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Graph } from '../graph/graph.js';
import { canonicalKey } from '../graph/graph-core.js';
import { concatRows, splitRows } from '../graph/rows.js';
import { groupSoftmax } from './edge-softmax.js';

/**
 * Softmax of per-relation edge logits over all edges, of every given relation, that enter the same
 * destination node (or leave the same source), as DGL's edge_softmax on a heterograph. Returns the
 * attention per relation, keyed as the logits were.
 */
export function typedEdgeSoftmax(g: Graph, logits: Readonly<Record<string, Tensor>>, normBy: 'dst' | 'src'): Record<string, Tensor> {
  const entries = Object.entries(logits);
  if (entries.length === 0) throw new DeepGraphError('edgeSoftmax: logits is an empty record; pass { etype: tensor }');
  const side = normBy === 'dst' ? 2 : 0;
  // Group ids: node types in g.ntypes order, numbered one after another.
  const offset = new Map<string, number>();
  let groups = 0;
  for (const t of g.ntypes) { offset.set(t, groups); groups += g.numNodes(t); }
  const keys: number[] = [];
  for (const [etype] of entries) {
    const c = g.toCanonicalEtype(etype);
    const { src, dst } = g.sparse(canonicalKey(c)).coo();
    const ends = side === 2 ? dst : src, base = offset.get(c[side])!;
    for (let e = 0; e < ends.length; e++) keys.push(base + ends[e]);
  }
  const indptr = new Int32Array(groups + 1);
  for (const k of keys) indptr[k + 1]++;
  for (let i = 0; i < groups; i++) indptr[i + 1] += indptr[i];
  const fill = indptr.slice(0, groups);
  const order = new Int32Array(keys.length);
  keys.forEach((k, row) => { order[fill[k]++] = row; });
  const sizes = entries.map(([etype, t]) => {
    const m = g.numEdges(etype);
    if (t.shape[0] !== m) throw new DeepGraphError(`edgeSoftmax: logits of '${etype}' have ${t.shape[0]} rows but the relation has ${m} edges`);
    return m;
  });
  const all = concatRows(entries.map(([, t]) => t));
  const parts = splitRows(groupSoftmax('edgeSoftmax', indptr, order, all), sizes);
  return Object.fromEntries(entries.map(([etype], i) => [etype, parts[i]]));
}
