import type { Graph, CanonicalEtype } from '../graph.js';
import { EID, ETYPE, NID, NTYPE, idTensor, toIds } from '../ids.js';
import { gatherRows } from '../rows.js';
import { buildGraph } from './util.js';

/**
 * Splits a homogeneous graph by the type ids in ndata[ntypeField] / edata[etypeField] (indices
 * into ntypes / etypes; the inverse of toHomogeneous). Nodes of a type keep their relative order;
 * relations are the (srctype, etype, dsttype) triples that occur. NID / EID hold the homogeneous
 * ids; other features are split by type.
 */
export function toHeterogeneous(g: Graph, ntypes: readonly string[], etypes: readonly string[],
  opts: { ntypeField?: string; etypeField?: string } = {}): Graph {
  const ntypeField = opts.ntypeField ?? NTYPE, etypeField = opts.etypeField ?? ETYPE;
  const nt = toIds(g.ndata.get(ntypeField), ntypes.length, `toHeterogeneous: ndata '${ntypeField}' node type id`);
  const et = toIds(g.edata.get(etypeField), etypes.length, `toHeterogeneous: edata '${etypeField}' edge type id`);
  const members: number[][] = ntypes.map(() => []);
  const local = new Int32Array(nt.length);
  for (let v = 0; v < nt.length; v++) { local[v] = members[nt[v]].length; members[nt[v]].push(v); }
  const { src, dst } = g.sparse().coo();
  const groups = new Map<string, { c: CanonicalEtype; eids: number[] }>();
  for (let e = 0; e < src.length; e++) {
    const c: CanonicalEtype = [ntypes[nt[src[e]]], etypes[et[e]], ntypes[nt[dst[e]]]];
    const key = c.join(':');
    if (!groups.has(key)) groups.set(key, { c, eids: [] });
    groups.get(key)!.eids.push(e);
  }
  const rels = [...groups.values()].map(({ c, eids }) => ({
    canonical: c, src: Int32Array.from(eids, (e) => local[src[e]]), dst: Int32Array.from(eids, (e) => local[dst[e]]),
  }));
  const out = buildGraph(new Map(ntypes.map((t, i) => [t, members[i].length])), rels);
  ntypes.forEach((t, i) => {
    const ids = Int32Array.from(members[i]);
    const frame = out.nodeFrame(t);
    for (const [name, x] of g.ndata) if (name !== ntypeField && name !== NID) frame.set(name, gatherRows(x, ids));
    frame.set(NID, idTensor(ids));
  });
  for (const { c, eids } of groups.values()) {
    const ids = Int32Array.from(eids);
    const frame = out.edgeFrame(c);
    for (const [name, x] of g.edata) if (name !== etypeField && name !== EID) frame.set(name, gatherRows(x, ids));
    frame.set(EID, idTensor(ids));
  }
  return out;
}
