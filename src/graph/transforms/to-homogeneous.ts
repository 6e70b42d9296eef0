import type { Graph } from '../graph.js';
import type { Tensor } from '../../tensor/tensor.js';
import { EID, ETYPE, NID, NTYPE, idTensor } from '../ids.js';
import { concatRows } from '../rows.js';
import { buildGraph } from './util.js';
import type { Frame } from '../frame.js';
import { DeepGraphError } from '../../errors.js';

/** One feature over the frames that have rows; with no rows at all there is nothing to concatenate. */
function concatFeature(name: string, frames: readonly Frame[], rows: number): Tensor {
  if (frames.length === 0) {
    throw new DeepGraphError(`toHomogeneous: feature '${name}' cannot be combined: every type has 0 rows (${rows} in total)`);
  }
  return concatRows(frames.map((f) => f.get(name)));
}

/** Options of `toHomogeneous`. */
export interface ToHomogeneousOptions {
  /** Node / edge features to concatenate across types (each must exist on every type that has rows; empty types are skipped, as DGL). */
  ndata?: readonly string[];
  edata?: readonly string[];
  /** Record NTYPE / ETYPE type ids (default true). */
  storeType?: boolean;
}

/**
 * One node type '_N' and one edge type '_E': nodes numbered type by type in g.ntypes order,
 * edges relation by relation in canonical order. ndata NID / edata EID hold the per-type ids,
 * NTYPE / ETYPE the index of the type in g.ntypes / g.canonicalEtypes.
 */
export function toHomogeneous(g: Graph, opts: ToHomogeneousOptions = {}): Graph {
  const ntypes = g.ntypes;
  const offset = new Map<string, number>();
  let n = 0;
  for (const t of ntypes) { offset.set(t, n); n += g.numNodes(t); }
  const srcs: number[] = [], dsts: number[] = [], eids: number[] = [], etypeIds: number[] = [];
  g.canonicalEtypes.forEach((c, r) => {
    const { src, dst } = g.sparse(c).coo();
    const os = offset.get(c[0])!, od = offset.get(c[2])!;
    for (let e = 0; e < src.length; e++) { srcs.push(src[e] + os); dsts.push(dst[e] + od); eids.push(e); etypeIds.push(r); }
  });
  const out = buildGraph(new Map([['_N', n]]), [{ canonical: ['_N', '_E', '_N'], src: Int32Array.from(srcs), dst: Int32Array.from(dsts) }]);
  const nids: number[] = [], ntypeIds: number[] = [];
  ntypes.forEach((t, i) => { for (let v = 0; v < g.numNodes(t); v++) { nids.push(v); ntypeIds.push(i); } });
  out.ndata.set(NID, idTensor(Int32Array.from(nids)));
  out.edata.set(EID, idTensor(Int32Array.from(eids)));
  if (opts.storeType ?? true) {
    out.ndata.set(NTYPE, idTensor(Int32Array.from(ntypeIds)));
    out.edata.set(ETYPE, idTensor(Int32Array.from(etypeIds)));
  }
  const nonEmptyFrames = (frames: Frame[]): Frame[] => frames.filter((f) => f.numRows > 0);
  const nodeFrames = nonEmptyFrames(ntypes.map((t) => g.nodeFrame(t)));
  const edgeFrames = nonEmptyFrames(g.canonicalEtypes.map((c) => g.edgeFrame(c)));
  for (const name of opts.ndata ?? []) out.ndata.set(name, concatFeature(name, nodeFrames, n));
  for (const name of opts.edata ?? []) out.edata.set(name, concatFeature(name, edgeFrames, srcs.length));
  return out;
}
