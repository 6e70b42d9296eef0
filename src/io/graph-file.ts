/**
 * Graph files (docs/formats/graph-file.md): one or many graphs, homogeneous or typed, with every
 * ndata/edata tensor and graph-level label tensors, in a safetensors container. The structure
 * (types, counts, feature names) is JSON in `__metadata__.graphs`; edges and features are entries
 * named by position (`g0/r1/src`, `g0/n0/f2`), so names of any spelling stay out of entry names.
 * Browser-safe: bytes in, bytes out; src/io/graph-file-node.ts reads and writes files.
 */
import { DataFormatError, DeepGraphError } from '../errors.js';
import { Graph, type RelationSpec } from '../graph/graph.js';
import { SparseAdj } from '../graph/sparse.js';
import { Tensor } from '../tensor/tensor.js';
import { decodeEntry, saveSafetensors } from './safetensors.js';
import { parseSafetensorsBytes, type HeaderEntry, type SafetensorsHeader } from './safetensors-header.js';
import { asBytes, type BytesInput } from './bytes.js';

/** The `__metadata__.format` value that marks a deepgraph graph file; other values are rejected on load. */
export const GRAPH_FILE_FORMAT = 'deepgraph.graphs';
/** The graph file version this deepgraph writes and reads (`__metadata__.version`). */
export const GRAPH_FILE_VERSION = 1;

interface GraphRecord {
  ntypes: string[];
  numNodes: number[];
  relations: { canonical: [string, string, string]; numEdges: number }[];
  /** Feature names per node type / per relation; feature k is entry f{k}. */
  ndata: string[][];
  edata: string[][];
}
interface Structure { graphs: GraphRecord[]; labels: string[] }

/** Options of `saveGraphs` / `encodeGraphs` (DGL's `save_graphs`). */
export interface SaveGraphsOptions {
  /** Graph-level tensors (DGL's labels dict), e.g. { glabel: Tensor [numGraphs] }. */
  labels?: Readonly<Record<string, Tensor>>;
}
/** Options of `decodeGraphs` (DGL's `load_graphs`). */
export interface LoadGraphsOptions {
  /** Positions of the graphs to load (DGL's idx_list); default all. Only their arrays are read. */
  idx?: readonly number[];
  /** Names the source in errors; default '<bytes>'. */
  name?: string;
}
/** What `loadGraphs` / `decodeGraphs` return (DGL's `load_graphs` tuple): the graphs and the label tensors. */
export interface LoadedGraphs {
  graphs: Graph[];
  /** Every label tensor of the file (whatever idx selects, as DGL's load_graphs). */
  labels: Record<string, Tensor>;
}

/** Serialises graphs and labels (DGL's save_graphs) to bytes. Batch boundaries are not kept. */
export function encodeGraphs(graphs: Graph | readonly Graph[], opts: SaveGraphsOptions = {}): Uint8Array {
  const list = graphs instanceof Graph ? [graphs] : [...graphs];
  const tensors = new Map<string, Tensor>();
  const structure: Structure = { graphs: [], labels: [] };
  list.forEach((g, i) => {
    if (!(g instanceof Graph)) throw new DeepGraphError(`saveGraphs: item ${i} is not a Graph`);
    if (g.isBlock) throw new DeepGraphError(`saveGraphs: graph ${i} is a block (sampled message-flow graph); save the graph it came from`);
    const rec: GraphRecord = { ntypes: g.ntypes, numNodes: g.ntypes.map((t) => g.numNodes(t)), relations: [], ndata: [], edata: [] };
    g.ntypes.forEach((t, ti) => {
      const frame = g.nodeFrame(t);
      rec.ndata.push(frame.keys());
      frame.entries().forEach(([, v], k) => tensors.set(`g${i}/n${ti}/f${k}`, v));
    });
    g.canonicalEtypes.forEach((c, ri) => {
      const { src, dst } = g.sparse(c).coo();
      rec.relations.push({ canonical: [c[0], c[1], c[2]], numEdges: src.length });
      tensors.set(`g${i}/r${ri}/src`, new Tensor(src, [src.length], 'int32'));
      tensors.set(`g${i}/r${ri}/dst`, new Tensor(dst, [dst.length], 'int32'));
      const frame = g.edgeFrame(c);
      rec.edata.push(frame.keys());
      frame.entries().forEach(([, v], k) => tensors.set(`g${i}/r${ri}/f${k}`, v));
    });
    structure.graphs.push(rec);
  });
  Object.entries(opts.labels ?? {}).forEach(([name, t], k) => {
    if (!(t instanceof Tensor)) throw new DeepGraphError(`saveGraphs: label '${name}' is not a Tensor`);
    structure.labels.push(name);
    tensors.set(`labels/f${k}`, t);
  });
  return saveSafetensors(tensors, {
    metadata: { format: GRAPH_FILE_FORMAT, version: String(GRAPH_FILE_VERSION), graphs: JSON.stringify(structure) },
  });
}

const isStringList = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0x7fffffff;

function checkStructure(raw: unknown, file: string): Structure {
  const bad = (field: string): never => { throw new DataFormatError(`${file}: __metadata__.graphs: field '${field}' is missing or malformed`); };
  const s = raw as Structure;
  if (typeof raw !== 'object' || raw === null) bad('(root)');
  if (!Array.isArray(s.graphs)) bad('graphs');
  if (!isStringList(s.labels)) bad('labels');
  s.graphs.forEach((g, i) => {
    const at = `graphs[${i}]`;
    if (typeof g !== 'object' || g === null) bad(at);
    if (!isStringList(g.ntypes)) bad(`${at}.ntypes`);
    if (!Array.isArray(g.numNodes) || g.numNodes.length !== g.ntypes.length || !g.numNodes.every(isCount)) bad(`${at}.numNodes`);
    if (!Array.isArray(g.relations)) bad(`${at}.relations`);
    g.relations.forEach((r, j) => {
      const ok = typeof r === 'object' && r !== null && isStringList(r.canonical) && r.canonical.length === 3 &&
        g.ntypes.includes(r.canonical[0]) && g.ntypes.includes(r.canonical[2]) && isCount(r.numEdges);
      if (!ok) bad(`${at}.relations[${j}]`);
    });
    if (!Array.isArray(g.ndata) || g.ndata.length !== g.ntypes.length || !g.ndata.every(isStringList)) bad(`${at}.ndata`);
    if (!Array.isArray(g.edata) || g.edata.length !== g.relations.length || !g.edata.every(isStringList)) bad(`${at}.edata`);
  });
  return s;
}

/** The parsed structure of a graph file's header, and a way to read one entry. */
export interface GraphFileSource {
  header: SafetensorsHeader;
  /** The bytes of one entry (the data buffer's [begin, end)). */
  read(entry: HeaderEntry): Uint8Array;
  name: string;
}

/** Reads the structure from the header, checking format and version. */
function structureOf(header: SafetensorsHeader, file: string): Structure {
  const meta = header.metadata ?? {};
  if (meta.format !== GRAPH_FILE_FORMAT) {
    throw new DataFormatError(`${file}: not a deepgraph graph file (__metadata__.format is ${JSON.stringify(meta.format)}, expected '${GRAPH_FILE_FORMAT}')`);
  }
  if (meta.version !== String(GRAPH_FILE_VERSION)) {
    throw new DataFormatError(`${file}: graph file version ${meta.version} is not supported (this deepgraph reads version ${GRAPH_FILE_VERSION})`);
  }
  try {
    return checkStructure(JSON.parse(meta.graphs ?? ''), file);
  } catch (e) {
    if (e instanceof DataFormatError) throw e;
    throw new DataFormatError(`${file}: __metadata__.graphs is not valid JSON (${(e as Error).message})`);
  }
}

/** Number of graphs in a graph file's header. */
export function graphCountOf(source: GraphFileSource): number {
  return structureOf(source.header, source.name).graphs.length;
}

/** Decodes the selected graphs and all labels from a source (bytes in memory or an open file). */
export function readGraphs(source: GraphFileSource, opts: { idx?: readonly number[] } = {}): LoadedGraphs {
  const file = source.name;
  const s = structureOf(source.header, file);
  const byName = new Map(source.header.entries.map((e) => [e.name, e]));
  const tensor = (name: string, what: string, rows: number): Tensor => {
    const e = byName.get(name);
    if (e === undefined) throw new DataFormatError(`${file}: ${what}: entry '${name}' is missing`);
    if (e.shape.length === 0 || e.shape[0] !== rows) {
      throw new DataFormatError(`${file}: ${what}: entry '${name}' has shape [${e.shape.join(', ')}], its first dimension must be ${rows}`);
    }
    return decodeEntry(e, source.read(e), file);
  };
  const idx = opts.idx ?? s.graphs.map((_, i) => i);
  const graphs = idx.map((i, p) => {
    if (!Number.isInteger(i) || i < 0 || i >= s.graphs.length) {
      throw new RangeError(`loadGraphs: idx[${p}] = ${i} is out of range: ${file} holds ${s.graphs.length} graphs`);
    }
    const g = s.graphs[i];
    const count = (t: string): number => g.numNodes[g.ntypes.indexOf(t)];
    const relations: RelationSpec[] = g.relations.map((r, j) => {
      const what = `graph ${i} relation '${r.canonical.join(':')}'`;
      const ids = (side: 'src' | 'dst'): Int32Array => {
        const t = tensor(`g${i}/r${j}/${side}`, what, r.numEdges);
        if (t.dtype !== 'int32' || t.shape.length !== 1) throw new DataFormatError(`${file}: ${what}: ${side} ids must be a 1-d int32 entry`);
        return t.data as Int32Array;
      };
      const adj = SparseAdj.fromCoo(ids('src'), ids('dst'), count(r.canonical[0]), count(r.canonical[2]), `${file}: ${what}`);
      return { srcType: r.canonical[0], etype: r.canonical[1], dstType: r.canonical[2], adj };
    });
    const graph = Graph.fromSpec({ ntypes: g.ntypes, numNodes: g.numNodes, relations });
    g.ntypes.forEach((t, ti) => g.ndata[ti].forEach((name, k) => {
      graph.nodeFrame(t).set(name, tensor(`g${i}/n${ti}/f${k}`, `graph ${i} node type '${t}' feature '${name}'`, g.numNodes[ti]));
    }));
    g.relations.forEach((r, j) => g.edata[j].forEach((name, k) => {
      graph.edgeFrame(r.canonical).set(name, tensor(`g${i}/r${j}/f${k}`, `graph ${i} relation '${r.canonical.join(':')}' feature '${name}'`, r.numEdges));
    }));
    return graph;
  });
  const labels: Record<string, Tensor> = {};
  s.labels.forEach((name, k) => {
    const e = byName.get(`labels/f${k}`);
    if (e === undefined) throw new DataFormatError(`${file}: label '${name}': entry 'labels/f${k}' is missing`);
    labels[name] = decodeEntry(e, source.read(e), file);
  });
  return { graphs, labels };
}

/** Reads graphs and labels from bytes (DGL's load_graphs); arrays view `bytes` when aligned. */
export function decodeGraphs(input: BytesInput, opts: LoadGraphsOptions = {}): LoadedGraphs {
  const bytes = asBytes(input);
  const name = opts.name ?? '<bytes>';
  const header = parseSafetensorsBytes(bytes, name);
  const read = (e: HeaderEntry): Uint8Array => bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end);
  return readGraphs({ header, read, name }, opts);
}
