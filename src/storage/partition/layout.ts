/**
 * What one part holds, computed from a graph and an assignment: its inner nodes, its halo (the
 * in-neighbours of inner nodes owned by other parts), and a local CSC over inner + halo nodes whose
 * columns are the inner nodes' complete in-edge lists.
 */
import type { Graph } from '../../graph/graph.js';

/**
 * One part: local ids 0..inner.length-1 are the inner nodes (sorted global ids), the next
 * halo.length are the halo nodes (sorted global ids). The CSC has a column per local node; halo
 * columns are empty, so local node v's in-edges are indices[indptr[v]..indptr[v+1]) (local source ids).
 */
export interface PartLayout {
  /** Part id. */
  readonly part: number;
  /** Global ids of the nodes this part owns, ascending. */
  readonly inner: Int32Array;
  /** Global ids of the 1-hop in-neighbours of inner nodes owned by other parts, ascending. */
  readonly halo: Int32Array;
  /** CSC column offsets, inner.length + halo.length + 1 entries. */
  readonly indptr: Int32Array;
  /** Local source id per local edge. */
  readonly indices: Int32Array;
  /** Global edge id per local edge. */
  readonly eids: Int32Array;
}

/** Throws unless `assignment` gives every node of g a part in [0, k). */
export function checkAssignment(op: string, assignment: Int32Array, numNodes: number, k: number): void {
  if (assignment.length !== numNodes) throw new RangeError(`${op}: the assignment has ${assignment.length} entries but the graph has ${numNodes} nodes`);
  for (let i = 0; i < numNodes; i++) {
    const p = assignment[i];
    if (!(p >= 0 && p < k)) throw new RangeError(`${op}: node ${i} is assigned to part ${p}, outside [0, ${k})`);
  }
}

/** Inner nodes of every part (ascending global ids), in one pass. */
export function innerNodes(assignment: Int32Array, k: number): Int32Array[] {
  const counts = new Int32Array(k);
  for (let i = 0; i < assignment.length; i++) counts[assignment[i]]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(k);
  for (let i = 0; i < assignment.length; i++) out[assignment[i]][fill[assignment[i]]++] = i;
  return out;
}

/**
 * Lays out every part, calling `visit` with each as soon as it is built (so a writer holds one
 * part's arrays at a time); one global-to-local map of the graph's node count serves every part.
 */
export function forEachPart(g: Graph, assignment: Int32Array, k: number, visit: (p: PartLayout) => void): void {
  const { indptr: cp, indices: ci, eids: ce } = g.adj({ transpose: true });
  const inners = innerNodes(assignment, k);
  const local = new Int32Array(g.numNodes()).fill(-1);
  for (let part = 0; part < k; part++) {
    const inner = inners[part];
    let numEdges = 0;
    for (let i = 0; i < inner.length; i++) { local[inner[i]] = i; numEdges += cp[inner[i] + 1] - cp[inner[i]]; }
    const haloList: number[] = [];
    for (let i = 0; i < inner.length; i++) {
      for (let q = cp[inner[i]]; q < cp[inner[i] + 1]; q++) {
        const u = ci[q];
        if (local[u] === -1) { local[u] = -2; haloList.push(u); }
      }
    }
    const halo = Int32Array.from(haloList).sort();
    for (let h = 0; h < halo.length; h++) local[halo[h]] = inner.length + h;
    const numLocal = inner.length + halo.length;
    const indptr = new Int32Array(numLocal + 1), indices = new Int32Array(numEdges), eids = new Int32Array(numEdges);
    let w = 0;
    for (let i = 0; i < inner.length; i++) {
      for (let q = cp[inner[i]]; q < cp[inner[i] + 1]; q++) {
        indices[w] = local[ci[q]];
        eids[w++] = ce === null ? q : ce[q];
      }
      indptr[i + 1] = w;
    }
    indptr.fill(w, inner.length + 1);
    for (let i = 0; i < inner.length; i++) local[inner[i]] = -1;
    for (let h = 0; h < halo.length; h++) local[halo[h]] = -1;
    visit({ part, inner, halo, indptr, indices, eids });
  }
}

/** Edges whose two endpoints lie in different parts (each directed edge counted once; self loops never cut). */
export function edgeCut(g: Graph, assignment: Int32Array): number {
  const [s, d] = g.edges();
  let cut = 0;
  for (let e = 0; e < s.length; e++) if (assignment[s[e]] !== assignment[d[e]]) cut++;
  return cut;
}

/** Ascending ids as half-open [start, end) runs. */
export function toRanges(sorted: Int32Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === sorted[i]) last[1]++;
    else out.push([sorted[i], sorted[i] + 1]);
  }
  return out;
}
