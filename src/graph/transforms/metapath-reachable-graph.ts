import type { EtypeKey, Graph } from '../graph.js';
import { DeepGraphError } from '../../errors.js';
import { buildGraph, copyFrame } from './util.js';

/**
 * The graph whose edges u -> v join the nodes connected by at least one walk following the
 * metapath's relations in order (DGL's metapath_reachable_graph): one edge per reachable pair,
 * sorted by (u, v), edge type '_E' from the first relation's source type to the last one's
 * destination type. Node features of both end types are shared.
 */
export function metapathReachableGraph(g: Graph, metapath: readonly EtypeKey[]): Graph {
  if (metapath.length === 0) throw new DeepGraphError('metapathReachableGraph: the metapath is empty');
  const canon = metapath.map((et) => g.toCanonicalEtype(et));
  for (let i = 0; i + 1 < canon.length; i++) {
    if (canon[i][2] !== canon[i + 1][0]) {
      throw new DeepGraphError(`metapathReachableGraph: the metapath does not chain: step ${i} (${canon[i].join(':')}) ends on `
        + `'${canon[i][2]}' but step ${i + 1} (${canon[i + 1].join(':')}) starts from '${canon[i + 1][0]}'`);
    }
  }
  const srcType = canon[0][0], dstType = canon[canon.length - 1][2];
  const numSrc = g.numNodes(srcType), numDst = g.numNodes(dstType);
  const csrs = canon.map((c) => g.adj({ etype: c }));
  const us: number[] = [], vs: number[] = [];
  for (let u = 0; u < numSrc; u++) {
    let frontier = new Set<number>([u]);
    for (const { indptr, indices } of csrs) {
      const next = new Set<number>();
      for (const x of frontier) for (let p = indptr[x]; p < indptr[x + 1]; p++) next.add(indices[p]);
      frontier = next;
    }
    for (const v of [...frontier].sort((a, b) => a - b)) { us.push(u); vs.push(v); }
  }
  const counts = new Map([[srcType, numSrc], [dstType, numDst]]);
  const out = buildGraph(counts, [{ canonical: [srcType, '_E', dstType], src: Int32Array.from(us), dst: Int32Array.from(vs) }]);
  copyFrame(g.nodeFrame(srcType), out.nodeFrame(srcType));
  if (dstType !== srcType) copyFrame(g.nodeFrame(dstType), out.nodeFrame(dstType));
  return out;
}
