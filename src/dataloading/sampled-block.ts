/**
 * The relabelling of a sampled layer into a block (what blockSpecOf does for any edge list), for
 * edges straight from the sampling kernel: their destinations come grouped by seed, in the order of
 * the seeds (the kernel writes seed i's picks at its own offset). So a destination's local id is its
 * seed's position, found by walking the seeds alongside the edges, and the CSC row offsets fall out
 * of the same walk: no destination map lookups and no sort. Sources are relabelled in one pass over
 * a dense id map. Same result as blockSpecOf(schema, dstNodes, edges).
 */
import { DeepGraphError } from '../errors.js';
import type { BlockSchema, BlockSpec, EdgeIds } from './block.js';
import { type IdMap, idMaps } from './id-map.js';

/** Local destination ids and CSC offsets of edges grouped by seed in seed order (seeds without picks absent). */
function groupedDestinations(seeds: Int32Array, dst: Int32Array, op: string): { local: Int32Array; indptr: Int32Array } {
  const S = seeds.length, m = dst.length;
  const local = new Int32Array(m), indptr = new Int32Array(S + 1);
  let k = 0;
  for (let i = 0; i < m; i++) {
    const v = dst[i];
    while (seeds[k] !== v) {
      if (++k >= S) throw new DeepGraphError(`${op}: sampled edges are not grouped by destination in seed order (edge ${i}, node ${v})`);
      indptr[k] = i;
    }
    local[i] = k;
  }
  for (let j = k + 1; j <= S; j++) indptr[j] = m;
  return { local, indptr };
}

/**
 * The block of one sampled layer: destination nodes dstNodes (per type, distinct: the layer's
 * seeds), sources the destinations followed by the other sources in order of first appearance,
 * relation by relation.
 */
export function sampledBlockSpec(schema: BlockSchema, dstNodes: readonly Int32Array[], edges: readonly EdgeIds[], op: string): BlockSpec {
  const maps: IdMap[] = [];
  try {
    for (let t = 0; t < schema.ntypes.length; t++) {
      const m = idMaps.acquire(schema.numNodes[t]);
      maps.push(m);
      m.insertAll(dstNodes[t]);
    }
    const local = schema.relations.map((rel, r): EdgeIds => {
      const e = edges[r];
      const { local: dst, indptr } = groupedDestinations(dstNodes[rel.dstType], e.dst, op);
      const src = new Int32Array(e.src.length);
      maps[rel.srcType].insertEach(e.src, src);
      return { src, dst, eid: e.eid, indptr };
    });
    return { srcNodes: maps.map((m) => m.ids()), dstNodes: [...dstNodes], edges: local };
  } finally {
    for (const m of maps) idMaps.release(m);
  }
}
