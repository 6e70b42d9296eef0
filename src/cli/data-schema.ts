/** `deepgraph info --data DIR`: the schema and statistics of a user's dataset folder. */
import type { Frame } from '../graph/index.js';
import { defaultTask, type UserDataset } from './data-dir.js';

const columns = (f: Frame, rows: number): string =>
  f.entries().map(([k, t]) => `${k} ${t.dtype}${t.shape.length > 1 ? `[${t.shape.slice(1).join('x')}]` : ''}`).join(', ') || (rows > 0 ? 'no columns' : '');

/** One entry per line of `info`: counts per node and edge type (summed over graphs), their columns, graph-level columns, the task. */
export function dataDirSchema(d: UserDataset): Record<string, number | string> {
  const g0 = d.graphs[0];
  const out: Record<string, number | string> = { dataset: d.name, format: d.kind === 'csv' ? 'CSVDataset (meta.yaml)' : d.kind, graphs: d.graphs.length };
  for (const t of g0.ntypes) {
    const n = d.graphs.reduce((a, g) => a + g.numNodes(t), 0);
    out[`nodes ${t}`] = `${n}${columns(g0.nodeFrame(t), n) === '' ? '' : `; ${columns(g0.nodeFrame(t), n)}`}`;
  }
  for (const c of g0.canonicalEtypes) {
    const m = d.graphs.reduce((a, g) => a + g.numEdges(c), 0);
    out[`edges ${c.join(' -> ').replace(/ -> ([^>]*) -> /, ' -[$1]-> ')}`] = `${m}${columns(g0.edgeFrame(c), m) === '' ? '' : `; ${columns(g0.edgeFrame(c), m)}`}`;
  }
  const gd = Object.entries(d.graphData);
  if (gd.length > 0) out['graph data'] = gd.map(([k, t]) => `${k} ${t.dtype}[${t.shape.slice(1).join('x')}]`).join(', ');
  out.task = `${defaultTask(d)} (deepgraph train --data picks this; --task overrides)`;
  return out;
}
