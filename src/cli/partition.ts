/** `deepgraph partition`: splits a dataset's graph into parts on disk with a partition book (dg.storage.partitionGraph). */
import * as dg from '../index.js';
import type { Graph } from '../graph/graph.js';
import { UsageError, choiceOption, numberOption, parseOptions, withUsage } from './args.js';
import { DATASETS, loadData } from './datasets.js';
import { loadDataDir } from './data-dir.js';

const METHODS = ['metis', 'random', 'hash'] as const;

export const PARTITION_HELP = `Usage: deepgraph partition (--data DIR | --dataset NAME [--data-dir DIR]) --parts K --out DIR [options]

Splits the graph's nodes into K parts and writes, per part, its local CSC (in-edges of the nodes it
owns), global<->local id maps, halo node ids and the feature rows of its nodes, then partbook.json
at the top of --out (format: docs/partition-format.md). Prints the edge cut and part sizes.

  --dataset NAME      ${DATASETS.filter((d) => d !== 'aifb' && d !== 'mutag-rdf').join(' | ')} (graphs with one node type)
  --data-dir DIR      folder with the dataset's raw files (see deepgraph train --help)
  --data DIR          your own dataset folder (a CSVDataset with one graph of one node type)
  --parts K           number of parts (at most the node count)
  --method M          metis (default; minimises the edge cut) | random | hash
  --balance-edges     METIS also balances the in-edges per part (DGL's balance_edges)
  --balance-train     METIS also balances the training nodes per part (DGL's balance_ntypes with the train mask)
  --seed S            seed of METIS / random partitioning (default 0)
  --out DIR           output folder
  --json              one JSON line instead of text
`;

async function graphOf(v: Record<string, string | boolean | undefined>): Promise<{ g: Graph; train: Int32Array | null }> {
  const dataset = choiceOption(v, 'dataset', DATASETS);
  if ((dataset === undefined) === (v.data === undefined)) throw new UsageError('give exactly one of --dataset and --data');
  if (dataset !== undefined) {
    const d = await loadData(dataset, v['data-dir'] as string | undefined);
    if (d.kind !== 'node') throw new UsageError(`--dataset ${dataset}: partitioning needs one graph with one node type; this dataset is a ${d.kind === 'graph' ? 'set of graphs' : 'typed graph'}`);
    const mask = new Int32Array(d.graph.numNodes());
    for (const i of d.trainIdx) mask[i] = 1;
    // The features deepgraph train trains on (Planetoid's are row-normalised), not the raw ndata.
    d.graph.ndata.set('feat', d.features);
    if (!d.graph.ndata.has('label')) d.graph.ndata.set('label', d.labels);
    return { g: d.graph, train: mask };
  }
  const u = await loadDataDir(String(v.data));
  if (u.graphs.length !== 1) throw new UsageError(`--data ${String(v.data)}: holds ${u.graphs.length} graphs; partitioning needs exactly one`);
  const g = u.graphs[0];
  if (g.ntypes.length !== 1 || g.canonicalEtypes.length !== 1) throw new UsageError(`--data ${String(v.data)}: the graph has ${g.ntypes.length} node types and ${g.canonicalEtypes.length} edge types; partitioning needs one of each`);
  const t = g.ndata.has('train_mask') ? g.ndata.get('train_mask') : null;
  return { g, train: t === null ? null : Int32Array.from(t.data as ArrayLike<number>, (x) => (x ? 1 : 0)) };
}

async function partitionMain(argv: string[]): Promise<number> {
  const v = parseOptions(argv, {
    dataset: { type: 'string' }, 'data-dir': { type: 'string' }, data: { type: 'string' }, parts: { type: 'string' },
    method: { type: 'string' }, 'balance-edges': { type: 'boolean' }, 'balance-train': { type: 'boolean' }, seed: { type: 'string' },
    out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help === true) {
    process.stdout.write(PARTITION_HELP);
    return 0;
  }
  const parts = numberOption(v, 'parts', { integer: true, min: 1 });
  if (parts === undefined) throw new UsageError('--parts K is required');
  if (v.out === undefined) throw new UsageError('--out DIR is required');
  const method = choiceOption(v, 'method', METHODS) ?? 'metis';
  if (method !== 'metis' && (v['balance-edges'] === true || v['balance-train'] === true)) throw new UsageError('--balance-edges and --balance-train need --method metis');
  const seed = numberOption(v, 'seed', { integer: true, min: 0 }) ?? 0;
  const { g, train } = await graphOf(v);
  if (parts > g.numNodes()) throw new UsageError(`--parts ${parts} is above the graph's node count ${g.numNodes()}`);
  if (v['balance-train'] === true && train === null) throw new UsageError('--balance-train: the graph has no training mask (ndata train_mask)');
  const start = performance.now();
  const r = dg.storage.partitionGraph(g, parts, {
    method, seed, outDir: String(v.out), balanceEdges: v['balance-edges'] === true,
    ...(v['balance-train'] === true ? { balanceNtypes: train! } : {}),
  });
  const report = {
    nodes: g.numNodes(), edges: g.numEdges(), parts, method, edgeCut: r.edgeCut, edgeCutFraction: Number(r.edgeCutFraction.toFixed(6)),
    partSizes: r.partSizes, haloSizes: r.haloSizes, imbalance: Number(r.imbalance.toFixed(4)), seconds: Number(((performance.now() - start) / 1000).toFixed(3)),
    out: String(v.out),
  };
  if (v.json === true) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${Object.entries(report).map(([k, x]) => `${k}: ${Array.isArray(x) ? x.join(' / ') : String(x)}`).join('\n')}\n`);
  return 0;
}

/** Entry of `deepgraph partition`; returns the exit code. */
export function partitionCommand(argv: string[]): Promise<number> {
  return withUsage('partition', () => partitionMain(argv));
}
