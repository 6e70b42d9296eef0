/**
 * Message passing in ONNX: the graph arrives as inputs (`src`, `dst` int64 edge lists, node count
 * from the features' first dimension, `graph_ids` for readouts), so one file serves any graph.
 * Gathers move node rows onto edges; ScatterElements with reduction add (opset 16) or max / min
 * (opset 18) brings them back. Degrees are scatter-added ones, computed once per export.
 */
import { type OnnxBuilder, attr } from './builder.js';
import { DataType } from './proto.js';

export type Side = 'src' | 'dst';
export type ScatterReduce = 'sum' | 'max' | 'min';

export class GraphValues {
  private readonly cache = new Map<string, string>();

  constructor(readonly b: OnnxBuilder, readonly features: string, readonly src: string, readonly dst: string,
    private readonly graphIdsInput: () => string) {}

  private once(key: string, make: () => string): string {
    let v = this.cache.get(key);
    if (v === undefined) { v = make(); this.cache.set(key, v); }
    return v;
  }

  /** Number of nodes as an int64 [1] (the features' rows). */
  numNodes(): string {
    return this.once('numNodes', () => this.b.node('Shape', [this.features], { start: attr.i(0), end: attr.i(1) }, 'num_nodes'));
  }

  /** Number of graphs in a batch as an int64 [1]: max(graph_ids) + 1. */
  numGraphs(): string {
    return this.once('numGraphs', () => {
      const top = this.b.node('ReduceMax', [this.graphIds()], { keepdims: attr.i(1) }, 'max_graph_id');
      return this.b.node('Add', [top, this.b.ints([1])], {}, 'num_graphs');
    });
  }

  graphIds(): string { return this.graphIdsInput(); }

  /** The int64 index vector of one side of every edge ('graph' for graph ids of nodes). */
  index(side: Side | 'graph'): string {
    return side === 'src' ? this.src : side === 'dst' ? this.dst : this.graphIds();
  }

  /** Rows of x selected by the edges' side (x[src] or x[dst]). */
  gather(x: string, side: Side, hint = 'gathered'): string {
    return this.b.node('Gather', [x, this.index(side)], { axis: attr.i(0) }, hint);
  }

  /** Rows of x by graph id (a graph-level value copied to each node). */
  gatherByGraph(x: string): string {
    return this.b.node('Gather', [x, this.graphIds()], { axis: attr.i(0) }, 'per_node');
  }

  /** The index vector of `side` shaped [E, 1, ..., 1] (rank `rank`) to expand against the items. */
  private rankedIndex(side: Side | 'graph', rank: number): string {
    if (rank <= 1) return this.index(side);
    return this.once(`ranked:${side}:${rank}`, () =>
      this.b.node('Unsqueeze', [this.index(side), this.b.ints(Array.from({ length: rank - 1 }, (_, i) => i + 1))], {}, `${side}_ranked`));
  }

  /** Rows of the target of a scatter over `side`: node count, or graph count for 'graph'. */
  rows(side: Side | 'graph'): string {
    return side === 'graph' ? this.numGraphs() : this.numNodes();
  }

  /** How many items (edges, or nodes for 'graph') land on each row, as a float [rows]. */
  counts(side: Side | 'graph'): string {
    return this.once(`count:${side}`, () => {
      const idx = this.index(side);
      const ones = this.b.node('ConstantOfShape', [this.b.node('Shape', [idx])], { value: this.b.fillValue(1) }, 'ones');
      const zeros = this.b.node('ConstantOfShape', [this.rows(side)], { value: this.b.fillValue(0) }, 'zeros');
      this.b.requireOpset(16, 'a scatter with reduction add (degrees, sums)');
      return this.b.node('ScatterElements', [zeros, this.index(side), ones], { axis: attr.i(0), reduction: attr.s('add') },
        side === 'graph' ? 'graph_sizes' : side === 'dst' ? 'in_degrees' : 'out_degrees');
    });
  }

  /** counts(side) shaped [rows, 1, ..., 1] to broadcast against a rank-`rank` row tensor. */
  countsColumn(side: Side | 'graph', rank: number): string {
    const c = this.counts(side);
    if (rank <= 1) return c;
    return this.once(`countcol:${side}:${rank}`, () =>
      this.b.node('Unsqueeze', [c, this.b.ints(Array.from({ length: rank - 1 }, (_, i) => i + 1))], {}, 'counts_col'));
  }

  /**
   * Reduces rows of `items` (edges, or nodes for 'graph') onto the rows their `side` index names:
   * out[r] = reduce of items[i] with index[i] = r; rows that receive nothing get 0 (as deepgraph).
   */
  scatter(items: string, side: Side | 'graph', reduce: ScatterReduce, rank: number, hint = 'reduced'): string {
    const max = reduce !== 'sum';
    if (max) this.b.requireOpset(18, `a scatter with reduction ${reduce} (max / min aggregation, edge softmax, max readout)`);
    else this.b.requireOpset(16, 'a scatter with reduction add');
    const shape = this.b.node('Concat', [this.rows(side), this.b.node('Shape', [items], { start: attr.i(1) })], { axis: attr.i(0) }, 'scatter_shape');
    const fill = reduce === 'sum' ? 0 : reduce === 'max' ? -Infinity : Infinity;
    const init = this.b.node('ConstantOfShape', [shape], { value: this.b.fillValue(fill) }, 'scatter_init');
    // ScatterElements, not ScatterND: onnxruntime's CPU ScatterND with a reduction races between
    // threads on repeated indices (wrong sums with intraOpNumThreads > 1, seen in 1.31).
    const index = this.b.node('Expand', [this.rankedIndex(side, rank), this.b.node('Shape', [items])], {}, 'scatter_index');
    const out = this.b.node('ScatterElements', [init, index, items], { axis: attr.i(0), reduction: attr.s(reduce === 'sum' ? 'add' : reduce) }, hint);
    if (!max) return out;
    const hasAny = this.b.node('Greater', [this.countsColumn(side, rank), this.b.scalar(0)], {}, 'has_items');
    return this.b.node('Where', [hasAny, out, this.b.scalar(0)], {}, hint);
  }

  /** Softmax of per-edge logits over the edges sharing a `side` node, stabilised by the group max. */
  edgeSoftmax(logits: string, side: Side, rank: number): string {
    const groupMax = this.scatter(logits, side, 'max', rank, 'group_max');
    const shifted = this.b.node('Sub', [logits, this.gather(groupMax, side)], {}, 'shifted');
    const ex = this.b.node('Exp', [shifted], {}, 'exp');
    const total = this.scatter(ex, side, 'sum', rank, 'group_sum');
    return this.b.node('Div', [ex, this.gather(total, side)], {}, 'softmax');
  }

  /** max(degree, 1)^power (or (degree + 1)^power with plusOne) as an [N, 1] column. */
  degreePower(side: 'in' | 'out', power: number, plusOne: boolean): string {
    return this.once(`degpow:${side}:${power}:${plusOne}`, () => {
      const deg = this.counts(side === 'in' ? 'dst' : 'src');
      const base = plusOne ? this.b.node('Add', [deg, this.b.scalar(1)]) : this.b.node('Max', [deg, this.b.scalar(1)]);
      const p = power === 1 ? base : this.b.node('Pow', [base, this.b.scalar(power)], {}, 'deg_pow');
      return this.b.node('Unsqueeze', [p, this.b.ints([1])], {}, 'deg_norm');
    });
  }
}

/** Graph inputs' element type for indices. */
export const INDEX_TYPE = DataType.INT64;
