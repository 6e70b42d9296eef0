/**
 * The three kinds of CSV file of a CSVDataset, each read in one streamed pass: node files
 * (node_id, optional graph_id, features), edge files (src_id, dst_id, optional graph_id,
 * features; ids mapped to contiguous node ids as the rows arrive) and the graph file.
 */
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { FeatureColumn, IdColumn, NumberChunks, placeText, type CellPlace, type ParsedColumn } from './columns.js';
import { idKey, type IdMap } from './ids.js';
import { streamCsv } from './stream.js';

/** The columns of one file: the id fields the YAML names and every other (feature) column. */
interface Layout { header: string[]; idIndex: Map<string, number>; features: { index: number; col: FeatureColumn }[]; width: number }

function layout(file: string, header: string[], required: string[], optional: string[]): Layout {
  const idIndex = new Map<string, number>();
  for (const f of [...required, ...optional]) {
    const i = header.indexOf(f);
    if (i < 0 && required.includes(f)) {
      throw new DataFormatError(`${file} line 1: missing column '${f}' (the header has ${header.map((h) => `'${h}'`).join(', ')})`);
    }
    if (i >= 0) idIndex.set(f, i);
  }
  const features = header.flatMap((name, index) => (idIndex.has(name) || name === '' || name.startsWith('Unnamed') ? [] : [{ index, col: new FeatureColumn(name) }]));
  return { header, idIndex, features, width: header.length };
}

function checkWidth(file: string, cells: string[], l: Layout, line: number): void {
  if (cells.length !== l.width) throw new DataFormatError(`${file} line ${line}: ${cells.length} cells, the header has ${l.width} columns`);
}

/** Graph id text -> graph index, and whether graph ids were declared (a graph file exists). */
export interface GraphIndex { index: Map<string, number>; declared: boolean }

function graphOfCell(gi: GraphIndex, cell: string, place: () => CellPlace): number {
  const g = gi.index.get(idKey(cell));
  if (g === undefined) {
    throw new DataFormatError(`${placeText(place())}: graph id '${cell}' ${gi.declared ? 'is not in the graph file' : 'but meta.yaml has no graph_data (only graph 0 exists)'}`);
  }
  return g;
}

export interface NodeTable { ids: Int32Array | Float64Array | string[]; graphOf: Int32Array; lines: Int32Array; columns: ParsedColumn[] }

export async function readNodeTable(dir: string, fileName: string, sep: string, idField: string, graphField: string, gi: GraphIndex): Promise<NodeTable> {
  const file = join(dir, fileName);
  let l: Layout | undefined;
  const ids = new IdColumn(idField), graphOf = new NumberChunks(), lines = new NumberChunks();
  await streamCsv(file, sep, {
    header: (h) => { l = layout(file, h, [idField], [graphField]); },
    row: (cells, line) => {
      const lay = l!;
      checkWidth(file, cells, lay, line);
      const place = (index: number) => (): CellPlace => ({ file, line, column: lay.header[index], index });
      const idCell = cells[lay.idIndex.get(idField)!];
      if (idCell.trim() === '') throw new DataFormatError(`${placeText(place(lay.idIndex.get(idField)!)())}: empty node id`);
      ids.push(idCell);
      const gIdx = lay.idIndex.get(graphField);
      graphOf.push(gIdx === undefined ? 0 : graphOfCell(gi, cells[gIdx], place(gIdx)));
      lines.push(line);
      for (const f of lay.features) f.col.push(cells[f.index], place(f.index));
    },
  });
  return { ids: ids.finish(), graphOf: graphOf.take() as Int32Array, lines: lines.take() as Int32Array, columns: l!.features.map((f) => f.col.finish()) };
}

/** graphOf null: no graph_id column, every edge is in graph 0. */
export interface EdgeTable { src: Int32Array; dst: Int32Array; graphOf: Int32Array | null; columns: ParsedColumn[] }

export interface EdgeFields { src: string; dst: string; graph: string; srcType: string; dstType: string; srcNodeFile: string; dstNodeFile: string }

/** `maps[g]` maps ids of the source / destination type in graph g. */
export async function readEdgeTable(dir: string, fileName: string, sep: string, f: EdgeFields, gi: GraphIndex,
  srcMaps: IdMap[], dstMaps: IdMap[]): Promise<EdgeTable> {
  const file = join(dir, fileName);
  let l: Layout | undefined;
  const src = new NumberChunks(), dst = new NumberChunks(), graphOf = new NumberChunks();
  let si = 0, di = 0, gIdx: number | undefined;
  await streamCsv(file, sep, {
    header: (h) => { l = layout(file, h, [f.src, f.dst], [f.graph]); si = l.idIndex.get(f.src)!; di = l.idIndex.get(f.dst)!; gIdx = l.idIndex.get(f.graph); },
    expectRows: (n) => { src.reserve(n); dst.reserve(n); },
    row: (cells, line) => {
      const lay = l!;
      checkWidth(file, cells, lay, line);
      const place = (index: number, column: string) => (): CellPlace => ({ file, line, column, index });
      const g = gIdx === undefined ? 0 : graphOfCell(gi, cells[gIdx], place(gIdx, f.graph));
      const s = srcMaps[g]?.lookup(cells[si]) ?? -1, d = dstMaps[g]?.lookup(cells[di]) ?? -1;
      if (s < 0) throw unknownId(place(si, f.src)(), cells[si], f.srcType, f.srcNodeFile);
      if (d < 0) throw unknownId(place(di, f.dst)(), cells[di], f.dstType, f.dstNodeFile);
      src.push(s); dst.push(d);
      if (gIdx !== undefined) graphOf.push(g);
      for (const c of lay.features) c.col.push(cells[c.index], place(c.index, c.col.name));
    },
  });
  const s = src.take() as Int32Array, d = dst.take() as Int32Array;
  // Without a graph_id column every edge is in graph 0 (the single-graph case needs no array).
  return { src: s, dst: d, graphOf: gIdx === undefined ? null : graphOf.take() as Int32Array, columns: l!.features.map((c) => c.col.finish()) };
}

function unknownId(p: CellPlace, cell: string, ntype: string, nodeFile: string): DataFormatError {
  return new DataFormatError(`${placeText(p)}: unknown node id '${cell}' (not among the '${ntype}' node ids of ${nodeFile})`);
}

export interface GraphTable { keys: string[]; columns: ParsedColumn[] }

export async function readGraphTable(dir: string, fileName: string, sep: string, idField: string): Promise<GraphTable> {
  const file = join(dir, fileName);
  let l: Layout | undefined;
  const keys: string[] = [], seen = new Set<string>();
  await streamCsv(file, sep, {
    header: (h) => { l = layout(file, h, [idField], []); },
    row: (cells, line) => {
      const lay = l!;
      checkWidth(file, cells, lay, line);
      const key = idKey(cells[lay.idIndex.get(idField)!]);
      if (seen.has(key)) throw new DataFormatError(`${file} line ${line}, column '${idField}': graph id '${key}' appears twice`);
      seen.add(key); keys.push(key);
      for (const c of lay.features) c.col.push(cells[c.index], () => ({ file, line, column: c.col.name, index: c.index }));
    },
  });
  return { keys, columns: l!.features.map((c) => c.col.finish()) };
}
