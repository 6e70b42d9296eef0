import type { EtypeKey, Graph } from '../graph.js';
import { DeepGraphError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { SparseMatrix } from '../../sparse/matrix.js';

/** Which incidence matrix `inc` builds (DGL's `typestr` of `g.inc`): by destination (`in`), by source (`out`), or both with signs (`both`). */
export type IncidenceType = 'in' | 'out' | 'both';

/**
 * The incidence matrix of one relation (DGL's g.inc): 'in' is [numDst, numEdges] with 1 where the
 * node is the edge's destination, 'out' is [numSrc, numEdges] with 1 at sources, 'both' (a
 * relation within one node type) is 1 at the destination and -1 at the source, nothing for a
 * self loop. float32 values.
 */
export function inc(g: Graph, typestr: IncidenceType, opts: { etype?: EtypeKey } = {}): SparseMatrix {
  if (typestr !== 'in' && typestr !== 'out' && typestr !== 'both') {
    throw new DeepGraphError(`inc: unknown incidence type '${String(typestr)}'; expected 'in', 'out' or 'both'`);
  }
  const c = g.toCanonicalEtype(opts.etype);
  const adj = g.sparse(opts.etype);
  const { src, dst } = adj.coo();
  const m = adj.numEdges;
  const eids = Int32Array.from({ length: m }, (_, e) => e);
  if (typestr === 'in') return new SparseMatrix(dst, eids, ones(m), [adj.numDst, m]);
  if (typestr === 'out') return new SparseMatrix(src, eids, ones(m), [adj.numSrc, m]);
  if (c[0] !== c[2]) throw new DeepGraphError(`inc: 'both' needs a relation within one node type, got ${c.join(':')}`);
  const row: number[] = [], col: number[] = [], val: number[] = [];
  for (let e = 0; e < m; e++) {
    if (src[e] === dst[e]) continue;
    row.push(dst[e], src[e]); col.push(e, e); val.push(1, -1);
  }
  return new SparseMatrix(Int32Array.from(row), Int32Array.from(col), new Tensor(Float32Array.from(val), [val.length], 'float32'), [adj.numSrc, m]);
}

function ones(n: number): Tensor { return new Tensor(new Float32Array(n).fill(1), [n], 'float32'); }
