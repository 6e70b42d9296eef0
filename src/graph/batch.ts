import { DeepGraphError } from '../errors.js';
import { Graph, canonicalKey } from './graph.js';
import { SparseAdj } from './sparse.js';
import { concatRows, splitRows } from './rows.js';

function concatInt(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Options of `batch`: which node / edge features to keep (DGL's `ndata` / `edata` arguments). */
export interface BatchOptions {
  /** Node features to keep: all (default), only the named ones, or none (null), as DGL's ndata argument. */
  ndata?: readonly string[] | null;
  /** Edge features to keep, as ndata. */
  edata?: readonly string[] | null;
}

/**
 * One graph holding the given graphs as disjoint components (DGL batch): nodes and edges of each
 * type are numbered graph after graph, features concatenated. Every graph must have the same types
 * and the same names for the kept features (all of them unless opts names some or null for none);
 * batchNumNodes / batchNumEdges remember the sizes for unbatch.
 */
export function batch(graphs: readonly Graph[], opts: BatchOptions = {}): Graph {
  if (graphs.length === 0) throw new DeepGraphError('batch: needs at least one graph');
  const first = graphs[0];
  const ntypes = first.ntypes, keys = first.canonicalEtypes.map(canonicalKey);
  for (const g of graphs) {
    if (g.ntypes.join() !== ntypes.join() || g.canonicalEtypes.map(canonicalKey).join() !== keys.join()) {
      throw new DeepGraphError(`batch: graphs differ in types: [${ntypes}] / [${keys}] vs [${g.ntypes}] / [${g.canonicalEtypes.map(canonicalKey)}]`);
    }
  }
  const counts = ntypes.map((t) => graphs.reduce((a, g) => a + g.numNodes(t), 0));
  const relations = first.canonicalEtypes.map((c) => {
    const srcs: Int32Array[] = [], dsts: Int32Array[] = [];
    let os = 0, od = 0;
    for (const g of graphs) {
      const { src, dst } = g.sparse(c).coo();
      srcs.push(src.map((x) => x + os)); dsts.push(dst.map((x) => x + od));
      os += g.numNodes(c[0]); od += g.numNodes(c[2]);
    }
    const adj = SparseAdj.fromCoo(concatInt(srcs), concatInt(dsts), counts[ntypes.indexOf(c[0])], counts[ntypes.indexOf(c[2])]);
    return { srcType: c[0], etype: c[1], dstType: c[2], adj };
  });
  const out = Graph.fromSpec({
    ntypes, numNodes: counts, relations,
    batchNumNodes: new Map(ntypes.map((t) => [t, concatInt(graphs.map((g) => g.batchNumNodes(t)))])),
    batchNumEdges: new Map(first.canonicalEtypes.map((c) => [canonicalKey(c), concatInt(graphs.map((g) => g.batchNumEdges(c)))])),
  });
  const kept = (names: readonly string[] | null | undefined, present: string[]): readonly string[] =>
    (names === undefined ? present : names ?? []);
  for (const t of ntypes) {
    for (const name of kept(opts.ndata, first.nodeFrame(t).keys())) out.nodeFrame(t).set(name, concatRows(graphs.map((g) => g.nodeFrame(t).get(name))));
  }
  for (const c of first.canonicalEtypes) {
    for (const name of kept(opts.edata, first.edgeFrame(c).keys())) out.edgeFrame(c).set(name, concatRows(graphs.map((g) => g.edgeFrame(c).get(name))));
  }
  return out;
}

/** The graphs a batched graph was made of, with their features split back. */
export function unbatch(g: Graph): Graph[] {
  const size = g.batchSize;
  const nodeSizes = new Map(g.ntypes.map((t) => [t, g.batchNumNodes(t)]));
  const edgeSizes = g.canonicalEtypes.map((c) => g.batchNumEdges(c));
  const nodeStart = new Map(g.ntypes.map((t) => [t, 0]));
  const out: Graph[] = [];
  const edgeStart = edgeSizes.map(() => 0);
  const coos = g.canonicalEtypes.map((c) => g.sparse(c).coo());
  for (let b = 0; b < size; b++) {
    const relations = g.canonicalEtypes.map((c, r) => {
      const from = edgeStart[r], to = from + edgeSizes[r][b];
      const os = nodeStart.get(c[0])!, od = nodeStart.get(c[2])!;
      const src = coos[r].src.slice(from, to).map((x) => x - os), dst = coos[r].dst.slice(from, to).map((x) => x - od);
      return { srcType: c[0], etype: c[1], dstType: c[2], adj: SparseAdj.fromCoo(src, dst, nodeSizes.get(c[0])![b], nodeSizes.get(c[2])![b]) };
    });
    out.push(Graph.fromSpec({ ntypes: g.ntypes, numNodes: g.ntypes.map((t) => nodeSizes.get(t)![b]), relations }));
    for (const t of g.ntypes) nodeStart.set(t, nodeStart.get(t)! + nodeSizes.get(t)![b]);
    edgeSizes.forEach((s, r) => { edgeStart[r] += s[b]; });
  }
  for (const t of g.ntypes) {
    for (const [name, x] of g.nodeFrame(t)) splitRows(x, nodeSizes.get(t)!).forEach((p, b) => out[b].nodeFrame(t).set(name, p));
  }
  g.canonicalEtypes.forEach((c, r) => {
    for (const [name, x] of g.edgeFrame(c)) splitRows(x, edgeSizes[r]).forEach((p, b) => out[b].edgeFrame(c).set(name, p));
  });
  return out;
}
