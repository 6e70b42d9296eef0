/**
 * Node-to-part assignments: METIS k-way through the addon (edge cut minimised, with DGL's balance
 * constraints), and random and hash assignments in TypeScript that always work.
 */
import type { Graph } from '../graph/graph.js';
import { DeepGraphError } from '../errors.js';
import { tryLoadAddon, loadAddon } from '../kernels/native/binding.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

/** How nodes are assigned to parts: METIS k-way (min edge cut), uniformly random, or by a hash of the id. */
export type PartitionMethod = 'metis' | 'random' | 'hash';

/** Options of the METIS assignment (DGL's metis_partition_assignment). */
export interface MetisOptions {
  /**
   * A type id per node (e.g. 1 for training nodes, 0 otherwise): METIS balances the count of each
   * type across parts (DGL's balance_ntypes, one constraint per type).
   */
  balanceNtypes?: Int32Array | Tensor | readonly number[];
  /** Balance the number of in-edges per part too (DGL's balance_edges). */
  balanceEdges?: boolean;
  /** METIS's random seed. Default 0. */
  seed?: number;
}

/** Throws unless k is an integer in [1, numNodes]. */
export function checkPartCount(op: string, k: number, numNodes: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${op}: the part count must be a positive integer, got ${k}`);
  if (k > numNodes) throw new RangeError(`${op}: the part count ${k} is above the node count ${numNodes}; every part needs a node`);
}

/**
 * The undirected simple graph METIS wants: both directions of every edge, self loops and
 * duplicates dropped, as CSR over int32.
 */
export function symmetricAdjacency(g: Graph): { indptr: Int32Array; indices: Int32Array } {
  const n = g.numNodes();
  const [s, d] = g.edges();
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < s.length; e++) if (s[e] !== d[e]) { deg[s[e] + 1]++; deg[d[e] + 1]++; }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const fill = deg.slice(0, n);
  const raw = new Int32Array(deg[n]);
  for (let e = 0; e < s.length; e++) {
    if (s[e] === d[e]) continue;
    raw[fill[s[e]]++] = d[e];
    raw[fill[d[e]]++] = s[e];
  }
  const indptr = new Int32Array(n + 1);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const row = raw.subarray(deg[i], deg[i + 1]).sort();
    for (let p = 0; p < row.length; p++) if (p === 0 || row[p] !== row[p - 1]) raw[w++] = row[p];
    indptr[i + 1] = w;
  }
  return { indptr, indices: raw.slice(0, w) };
}

function typeIds(op: string, t: MetisOptions['balanceNtypes'], n: number): Int32Array {
  const a = t instanceof Tensor ? t.data : t!;
  if (a.length !== n) throw new RangeError(`${op}: balanceNtypes has ${a.length} entries but the graph has ${n} nodes`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number(a[i]);
    if (!Number.isInteger(v) || v < 0 || v > 63) throw new RangeError(`${op}: balanceNtypes[${i}] must be an integer type id in [0, 63], got ${a[i]}`);
    out[i] = v;
  }
  return out;
}

/** Vertex weights as DGL builds them: a one-hot column per node type, then the in-degree. */
function vertexWeights(op: string, g: Graph, opts: MetisOptions): { vwgt: Int32Array | null; ncon: number } {
  const n = g.numNodes();
  const cols: Int32Array[] = [];
  if (opts.balanceNtypes !== undefined) {
    const t = typeIds(op, opts.balanceNtypes, n);
    const numTypes = t.reduce((m, v) => Math.max(m, v + 1), 0);
    for (let c = 0; c < numTypes; c++) cols.push(Int32Array.from(t, (v) => (v === c ? 1 : 0)));
  }
  if (opts.balanceEdges === true) cols.push(g.inDegrees());
  if (cols.length === 0) return { vwgt: null, ncon: 1 };
  const vwgt = new Int32Array(n * cols.length);
  for (let i = 0; i < n; i++) for (let c = 0; c < cols.length; c++) vwgt[i * cols.length + c] = cols[c][i];
  return { vwgt, ncon: cols.length };
}

/** True when the loaded addon was built with METIS. */
export function haveMetis(): boolean {
  const a = tryLoadAddon() as unknown as { haveMetis?: () => boolean } | null;
  return a !== null && typeof a.haveMetis === 'function' && a.haveMetis();
}

/** METIS k-way part ids per node (DGL's dgl.metis_partition_assignment); needs the addon built with libmetis-dev. */
export function metisPartitionAssignment(g: Graph, k: number, opts: MetisOptions = {}): Int32Array {
  const op = 'metisPartitionAssignment';
  checkPartCount(op, k, g.numNodes());
  let addon: { metisPartition?: (a: object) => Int32Array };
  try {
    addon = loadAddon() as unknown as typeof addon;
  } catch (err) {
    throw new DeepGraphError(`${op}: METIS partitioning needs the native addon, which did not load (${(err as Error).message}); use method 'random' or 'hash'`);
  }
  if (typeof addon.metisPartition !== 'function') throw new DeepGraphError(`${op}: this native addon has no METIS entry point; rebuild it with \`node scripts/install-native.mjs\``);
  const { vwgt, ncon } = vertexWeights(op, g, opts);
  const { indptr, indices } = symmetricAdjacency(g);
  return fillEmptyParts(addon.metisPartition({ indptr, indices, nparts: k, vwgt, ncon, seed: opts.seed ?? 0 }), k);
}

/**
 * METIS may leave a part empty when k is close to the node count (a triangle in 3 parts comes back
 * as one part); each empty part then takes one node from the currently largest part.
 */
function fillEmptyParts(assignment: Int32Array, k: number): Int32Array {
  const sizes = new Int32Array(k);
  for (const p of assignment) sizes[p]++;
  for (let empty = sizes.indexOf(0); empty >= 0; empty = sizes.indexOf(0)) {
    let largest = 0;
    for (let p = 1; p < k; p++) if (sizes[p] > sizes[largest]) largest = p;
    const v = assignment.lastIndexOf(largest);
    assignment[v] = empty;
    sizes[largest]--; sizes[empty]++;
  }
  return assignment;
}

/** Uniformly random, balanced parts: a seeded permutation dealt round-robin, so part sizes differ by at most one. */
export function randomPartitionAssignment(numNodes: number, k: number, seed = 0): Int32Array {
  checkPartCount('randomPartitionAssignment', k, numNodes);
  const gen = new Generator(seed);
  const perm = Int32Array.from({ length: numNodes }, (_, i) => i);
  for (let i = numNodes - 1; i > 0; i--) {
    const j = gen.nextInt(i + 1);
    const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
  }
  const out = new Int32Array(numNodes);
  for (let i = 0; i < numNodes; i++) out[perm[i]] = i % k;
  return out;
}

/** Part = a 32-bit mix of the node id modulo k: stateless, so any process computes it alone. */
export function hashPartitionAssignment(numNodes: number, k: number): Int32Array {
  checkPartCount('hashPartitionAssignment', k, numNodes);
  const out = new Int32Array(numNodes);
  for (let i = 0; i < numNodes; i++) out[i] = hashId(i) % k;
  return out;
}

/** The murmur3 finaliser of a node id (unsigned); hashPartitionAssignment's part is hashId(id) % k. */
export function hashId(id: number): number {
  let h = id >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
