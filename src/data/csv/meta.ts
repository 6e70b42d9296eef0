/**
 * meta.yaml of a CSVDataset, read and checked as DGL's load_yaml_with_sanity_check does (its
 * pydantic models MetaYaml / MetaNode / MetaEdge / MetaGraph, their defaults, version 1.0.0,
 * unique node and edge types), with errors that name the file, line and column of the entry.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { DataFormatError } from '../../errors.js';

/** One `node_data` entry of meta.yaml (DGL's `MetaNode`): the CSV file, its node type and its graph-id and node-id columns. */
export interface MetaNode { fileName: string; ntype: string; graphIdField: string; nodeIdField: string }
/** One `edge_data` entry of meta.yaml (DGL's `MetaEdge`): the CSV file, its canonical edge type and its graph-id, source-id and destination-id columns. */
export interface MetaEdge { fileName: string; etype: [string, string, string]; graphIdField: string; srcIdField: string; dstIdField: string }
/** The `graph_data` entry of meta.yaml (DGL's `MetaGraph`): the CSV file of graph-level data and its graph-id column. */
export interface MetaGraph { fileName: string; graphIdField: string }

/** The parsed meta.yaml (DGL's field names in camelCase). */
export interface CsvMeta {
  version: string;
  datasetName: string;
  separator: string;
  nodeData: MetaNode[];
  edgeData: MetaEdge[];
  graphData?: MetaGraph;
}

type Where = (node: YamlNode | null | undefined) => string;

function str(obj: Record<string, unknown>, key: string, where: string, fallback?: string): string {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new DataFormatError(`${where}: missing key '${key}'`);
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw new DataFormatError(`${where}: '${key}' must be a string, got ${JSON.stringify(v)}`);
  return String(v);
}

function entries(doc: ReturnType<typeof parseDocument>, key: string, where: Where, required: boolean): { obj: Record<string, unknown>; at: string }[] {
  const node = doc.get(key, true) as YamlNode | undefined;
  if (node === undefined || node === null) {
    if (required) throw new DataFormatError(`${where(doc.contents)}: missing key '${key}'`);
    return [];
  }
  if (!isSeq(node)) throw new DataFormatError(`${where(node)}: '${key}' must be a list of entries`);
  return node.items.map((item, i) => {
    const at = `${where(item as YamlNode)} (${key}[${i}])`;
    if (!isMap(item)) throw new DataFormatError(`${at}: each entry must be a mapping with file_name and its fields`);
    return { obj: (item as { toJSON(): Record<string, unknown> }).toJSON(), at };
  });
}

/** Reads and checks `path` (a meta.yaml); throws a DataFormatError naming the line and column of the problem. */
export function readMeta(path: string): CsvMeta {
  const text = readFileSync(path, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true });
  if (doc.errors.length > 0) throw new DataFormatError(`${path}: invalid YAML: ${doc.errors[0].message}`);
  const where: Where = (node) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return `${path}`;
    const { line, col } = lc.linePos(offset);
    return `${path} line ${line}, column ${col}`;
  };
  if (!isMap(doc.contents)) throw new DataFormatError(`${path}: expected a mapping with dataset_name, node_data and edge_data`);
  const top = doc.toJSON() as Record<string, unknown>;
  const version = str(top, 'version', where(doc.contents), '1.0.0');
  if (version !== '1.0.0') throw new DataFormatError(`${where(doc.get('version', true) as YamlNode)}: unsupported CSVDataset version '${version}' (supported: '1.0.0')`);
  const meta: CsvMeta = {
    version,
    datasetName: str(top, 'dataset_name', where(doc.contents)),
    separator: str(top, 'separator', where(doc.contents), ','),
    nodeData: entries(doc, 'node_data', where, true).map(({ obj, at }) => ({
      fileName: str(obj, 'file_name', at), ntype: str(obj, 'ntype', at, '_V'),
      graphIdField: str(obj, 'graph_id_field', at, 'graph_id'), nodeIdField: str(obj, 'node_id_field', at, 'node_id'),
    })),
    edgeData: entries(doc, 'edge_data', where, true).map(({ obj, at }) => {
      const et = obj.etype ?? ['_V', '_E', '_V'];
      if (!Array.isArray(et) || et.length !== 3 || et.some((t) => typeof t !== 'string')) {
        throw new DataFormatError(`${at}: etype must be a list [src_type, edge_type, dst_type], got ${JSON.stringify(et)}`);
      }
      return {
        fileName: str(obj, 'file_name', at), etype: et as [string, string, string], graphIdField: str(obj, 'graph_id_field', at, 'graph_id'),
        srcIdField: str(obj, 'src_id_field', at, 'src_id'), dstIdField: str(obj, 'dst_id_field', at, 'dst_id'),
      };
    }),
  };
  const g = doc.get('graph_data', true) as YamlNode | undefined;
  if (g !== undefined && g !== null) {
    if (!isMap(g)) throw new DataFormatError(`${where(g)}: graph_data must be a mapping with file_name`);
    const obj = (g as { toJSON(): Record<string, unknown> }).toJSON(), at = `${where(g)} (graph_data)`;
    meta.graphData = { fileName: str(obj, 'file_name', at), graphIdField: str(obj, 'graph_id_field', at, 'graph_id') };
  }
  if (meta.separator.length !== 1) throw new DataFormatError(`${path}: separator must be one character, got '${meta.separator}'`);
  const dup = <T>(xs: T[]): T | undefined => xs.find((x, i) => xs.indexOf(x) !== i);
  const dupN = dup(meta.nodeData.map((m) => m.ntype));
  if (dupN !== undefined) throw new DataFormatError(`${path}: node type '${dupN}' appears in two node_data entries (each node CSV needs its own type)`);
  const dupE = dup(meta.edgeData.map((m) => m.etype.join(':')));
  if (dupE !== undefined) throw new DataFormatError(`${path}: edge type [${dupE.split(':').join(', ')}] appears in two edge_data entries`);
  return meta;
}
