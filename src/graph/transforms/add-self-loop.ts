import { canonicalKey, type EtypeKey, type Graph } from '../graph.js';
import { Tensor } from '../../tensor/tensor.js';
import { allocate } from '../../tensor/dtype.js';
import { gspmm } from '../../message/gspmm.js';
import { DTypeError } from '../../errors.js';
import { cooOf, concatIds, editRelations, sameTypeRelation } from './util.js';

/** Options of `addSelfLoop`. */
export interface AddSelfLoopOptions {
  etype?: EtypeKey;
  /**
   * Features of the new edges: a constant (default 1), or 'sum' / 'mean' / 'max' / 'min' of each
   * node's incoming edges' features (DGL fill_data).
   */
  fillData?: number | 'sum' | 'mean' | 'max' | 'min';
  /** Edge features to fill that way (default all); the others get 0 on the new edges. */
  edgeFeatNames?: readonly string[];
}

/**
 * One self-loop per node appended after the existing edges of a relation whose endpoints share a
 * type (DGL add_self_loop: whether or not loops exist already). Node features and the other
 * relations are kept; self-loop i is edge numEdges + i.
 */
export function addSelfLoop(g: Graph, opts: AddSelfLoopOptions = {}): Graph {
  const c = sameTypeRelation(g, 'addSelfLoop', opts.etype);
  const n = g.numNodes(c[0]);
  const { src, dst } = cooOf(g, c);
  const loops = Int32Array.from({ length: n }, (_, i) => i);
  const edgeMap = concatIds(Int32Array.from({ length: src.length }, (_, i) => i), new Int32Array(n).fill(-1));
  const fill = opts.fillData ?? 1;
  const names = new Set(opts.edgeFeatNames ?? g.edgeFrame(c).keys());
  const fillRows = new Map<string, Tensor>();
  for (const [name, t] of g.edgeFrame(c)) {
    const shape = [n, ...t.shape.slice(1)];
    if (!names.has(name) || typeof fill === 'number') {
      // As DGL's add_edges: features not being filled are 0 on the new edges.
      const value = names.has(name) ? fill as number : 0;
      fillRows.set(name, new Tensor(allocate(t.dtype, shape.reduce((a, b) => a * b, 1)).fill(value), shape, t.dtype));
      continue;
    }
    if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new DTypeError(`addSelfLoop: fillData '${fill}' needs float features; '${name}' is ${t.dtype}`);
    fillRows.set(name, gspmm(g.sparse(c), 'copyRhs', fill, null, t));
  }
  return editRelations(g, new Map([[canonicalKey(c), { src: concatIds(src, loops), dst: concatIds(dst, loops), edgeMap }]]), { fillRows });
}
