/**
 * The manifest of an on-disk dataset (`metadata.yaml`), modelled on GraphBolt's OnDiskDataset:
 * `dataset_name`, `graph_topology` (per node type its count, per edge type a CSC of `indptr` and
 * `indices` .npy files), `feature_data` (domain / type / name / path of each .npy feature) and
 * `tasks` (train/validation/test seed sets). Every path is relative to the dataset folder and may
 * be a list of files: the chunks of one array, in order. Spec: docs/formats/on-disk-dataset.md.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { parse, stringify } from 'yaml';
import { DataFormatError } from '../errors.js';

/** Version of the layout this code writes and reads. */
export const STORAGE_FORMAT_VERSION = 1;
/** The manifest's file name inside the dataset folder (GraphBolt's). */
export const METADATA_FILE = 'metadata.yaml';

/** One array: a .npy file, or the list of .npy files that are its chunks in order. */
export interface ArrayRef { path: string | string[] }

/** One edge type's in-edge CSC: indptr over destinations, indices = source ids. */
export interface EdgeTopology {
  /** Canonical 'srcType:etype:dstType' (GraphBolt's spelling). */
  type: string;
  num: number;
  indptr: ArrayRef;
  indices: ArrayRef;
}

/** A feature array: rows indexed by node (or edge) id of one type. */
export interface FeatureEntry {
  domain: 'node' | 'edge';
  /** Node type, or canonical edge type. */
  type: string;
  name: string;
  format: 'numpy';
  path: string | string[];
  /** Row shape (the array's shape without its first dimension); written by the writer, checked on open. */
  shape?: number[];
  /** GraphBolt's hint; accepted and not acted on (mapped pages stay in memory while the OS has room). */
  in_memory?: boolean;
}

/** A seed set of a task: node ids of one type. */
export interface ItemSet { type: string; data: { name: 'seeds'; format: 'numpy'; path: string }[] }

/** A task (GraphBolt's): its name, class count and seed sets. */
export interface TaskEntry {
  name: string;
  num_classes?: number;
  train_set?: ItemSet[];
  validation_set?: ItemSet[];
  test_set?: ItemSet[];
}

/** The parsed manifest. */
export interface DatasetMetadata {
  dataset_name: string;
  version: number;
  graph_topology: {
    type: 'CSC';
    nodes: { type: string; num: number }[];
    edges: EdgeTopology[];
  };
  feature_data: FeatureEntry[];
  tasks: TaskEntry[];
}

function fail(file: string, msg: string): never {
  throw new DataFormatError(`${file}: ${msg}`);
}

function count(file: string, where: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(file, `${where} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}

function relPath(file: string, where: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') fail(file, `${where} must be a relative file path, got ${JSON.stringify(v)}`);
  const n = normalize(v);
  if (isAbsolute(v) || n.startsWith('..')) fail(file, `${where} '${v}' leaves the dataset folder`);
  return v;
}

function paths(file: string, where: string, v: unknown): string | string[] {
  if (Array.isArray(v)) {
    if (v.length === 0) fail(file, `${where} is an empty list of chunk files`);
    return v.map((p, i) => relPath(file, `${where}[${i}]`, p));
  }
  return relPath(file, where, v);
}

function list(file: string, where: string, v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(file, `${where} must be a list`);
  return v;
}

function obj(file: string, where: string, v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(file, `${where} must be a mapping`);
  return v as Record<string, unknown>;
}

function itemSets(file: string, where: string, v: unknown): ItemSet[] | undefined {
  if (v === undefined) return undefined;
  return list(file, where, v).map((s, i) => {
    const o = obj(file, `${where}[${i}]`, s);
    // GraphBolt also lists 'labels' (here a node feature) and pair data: only the seeds are read.
    const data = list(file, `${where}[${i}].data`, o.data).map((d, j) => [obj(file, `${where}[${i}].data[${j}]`, d), j] as const)
      .filter(([e]) => e.name === 'seeds')
      .map(([e, j]) => ({ name: 'seeds' as const, format: 'numpy' as const, path: relPath(file, `${where}[${i}].data[${j}].path`, e.path) }));
    return { type: String(o.type ?? '_N'), data };
  });
}

/** Checks a parsed manifest's shape and names (not the files: opening the arrays checks those). */
export function validateMetadata(raw: unknown, file: string): DatasetMetadata {
  const m = obj(file, 'the manifest', raw);
  const version = m.version === undefined ? 1 : count(file, 'version', m.version);
  if (version > STORAGE_FORMAT_VERSION) fail(file, `version ${version} is newer than this reader (${STORAGE_FORMAT_VERSION})`);
  const topo = obj(file, 'graph_topology', m.graph_topology);
  if (topo.type !== 'CSC') fail(file, `graph_topology.type must be 'CSC', got ${JSON.stringify(topo.type)}`);
  const nodes = list(file, 'graph_topology.nodes', topo.nodes).map((n, i) => {
    const o = obj(file, `graph_topology.nodes[${i}]`, n);
    return { type: String(o.type), num: count(file, `graph_topology.nodes[${i}].num`, o.num) };
  });
  if (nodes.length === 0) fail(file, 'graph_topology.nodes lists no node type');
  const ntypes = new Set(nodes.map((n) => n.type));
  const edges = list(file, 'graph_topology.edges', topo.edges).map((e, i): EdgeTopology => {
    const o = obj(file, `graph_topology.edges[${i}]`, e);
    const type = String(o.type);
    const parts = type.split(':');
    if (parts.length !== 3 || !ntypes.has(parts[0]) || !ntypes.has(parts[2])) {
      fail(file, `graph_topology.edges[${i}].type '${type}' must be 'srcType:etype:dstType' over the node types ${[...ntypes].join(', ')}`);
    }
    const ref = (k: string): ArrayRef => ({ path: paths(file, `graph_topology.edges[${i}].${k}.path`, obj(file, `graph_topology.edges[${i}].${k}`, o[k]).path) });
    return { type, num: count(file, `graph_topology.edges[${i}].num`, o.num), indptr: ref('indptr'), indices: ref('indices') };
  });
  const feature_data = list(file, 'feature_data', m.feature_data).map((f, i): FeatureEntry => {
    const o = obj(file, `feature_data[${i}]`, f);
    if (o.domain !== 'node' && o.domain !== 'edge') fail(file, `feature_data[${i}].domain must be 'node' or 'edge', got ${JSON.stringify(o.domain)}`);
    if ((o.format ?? 'numpy') !== 'numpy') fail(file, `feature_data[${i}].format must be 'numpy', got ${JSON.stringify(o.format)}`);
    if (typeof o.name !== 'string' || o.name === '') fail(file, `feature_data[${i}].name must be a non-empty string`);
    const shape = o.shape === undefined ? undefined : list(file, `feature_data[${i}].shape`, o.shape).map((d, j) => count(file, `feature_data[${i}].shape[${j}]`, d));
    if (o.in_memory !== undefined && typeof o.in_memory !== 'boolean') fail(file, `feature_data[${i}].in_memory must be true or false`);
    return { domain: o.domain, type: String(o.type ?? '_N'), name: o.name, format: 'numpy', path: paths(file, `feature_data[${i}].path`, o.path), shape, in_memory: o.in_memory };
  });
  const tasks = list(file, 'tasks', m.tasks).map((t, i): TaskEntry => {
    const o = obj(file, `tasks[${i}]`, t);
    return {
      name: String(o.name ?? `task${i}`),
      num_classes: o.num_classes === undefined ? undefined : count(file, `tasks[${i}].num_classes`, o.num_classes),
      train_set: itemSets(file, `tasks[${i}].train_set`, o.train_set),
      validation_set: itemSets(file, `tasks[${i}].validation_set`, o.validation_set),
      test_set: itemSets(file, `tasks[${i}].test_set`, o.test_set),
    };
  });
  return { dataset_name: String(m.dataset_name ?? ''), version, graph_topology: { type: 'CSC', nodes, edges }, feature_data, tasks };
}

/** Reads and checks `dir/metadata.yaml` (YAML; JSON is YAML too). */
export function readMetadata(dir: string): DatasetMetadata {
  const file = join(dir, METADATA_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataFormatError(`${file}: cannot read the dataset manifest: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new DataFormatError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  return validateMetadata(raw, file);
}

/** The manifest as YAML text (undefined fields dropped). */
export function metadataText(m: DatasetMetadata): string {
  return stringify(JSON.parse(JSON.stringify(m)));
}
