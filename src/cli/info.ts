/** `deepgraph info`: version, backend, threads, and with --dataset that dataset's statistics. */
import { cpus } from 'node:os';
import * as dg from '../index.js';
import { VERSION } from '../version.js';
import { availableBackends, backendFailure, backendName } from '../kernels/registry.js';
import { nativeAddonSource } from '../kernels/native/binding.js';
import { choiceOption, parseOptions, withUsage } from './args.js';
import { DATASETS, loadData, type LoadedData } from './datasets.js';
import { dataDirSchema } from './data-schema.js';
import { loadDataDir } from './data-dir.js';

export const INFO_HELP = `Usage: deepgraph info [--dataset NAME [--data-dir DIR] | --data DIR] [--json]

Prints the version, the active backend, the kernel thread count and, with --dataset, the dataset's statistics.

  --dataset NAME   ${DATASETS.join(' | ')}
  --data-dir DIR   folder with the raw files (see deepgraph train --help)
  --data DIR       your own dataset folder (a CSVDataset): its schema (node and edge types, columns with
                   dtype and shape) and statistics
  --json           one JSON line instead of text
`;

/** Threads of the native kernels when the build exports dg.getNumThreads; otherwise 1 (TypeScript kernels). */
export function kernelThreads(): { threads: number; source: string } {
  const fn = (dg as unknown as Record<string, unknown>).getNumThreads;
  if (typeof fn === 'function') {
    try {
      return { threads: Number(fn()), source: 'getNumThreads' };
    } catch {
      // Fall through: the addon did not answer, so report the TypeScript kernels' single thread.
    }
  }
  return { threads: 1, source: 'TypeScript kernels are single-threaded' };
}

export function datasetStats(d: LoadedData): Record<string, number | string | number[]> {
  if (d.kind === 'node') {
    return {
      dataset: d.name, nodes: d.graph.numNodes(), edges: d.graph.numEdges(), features: d.features.shape[1], classes: d.numClasses,
      train: d.trainIdx.length, val: d.valIdx.length, test: d.testIdx.length, split: d.splitNote,
    };
  }
  if (d.kind === 'entity') {
    const g = d.graph;
    return {
      dataset: d.name, nodeTypes: g.ntypes.length, relations: g.canonicalEtypes.length, nodes: g.numNodes(), edges: g.numEdges(),
      category: d.category, classes: d.numClasses, train: d.trainIdx.length, val: d.valIdx.length, test: d.testIdx.length, split: d.splitNote,
    };
  }
  let nodes = 0, edges = 0;
  for (const g of d.graphs) { nodes += g.numNodes(); edges += g.numEdges(); }
  const perClass = new Array<number>(d.numClasses).fill(0);
  for (const l of d.labels) perClass[l]++;
  return {
    dataset: d.name, graphs: d.graphs.length, nodes, edges, avgNodes: Math.round((100 * nodes) / d.graphs.length) / 100,
    features: d.numFeatures, classes: d.numClasses, graphsPerClass: perClass,
  };
}

export function infoCommand(argv: string[]): Promise<number> {
  return withUsage('info', () => infoMain(argv));
}

async function infoMain(argv: string[]): Promise<number> {
  const v = parseOptions(argv, { dataset: { type: 'string' }, 'data-dir': { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (v.help === true) {
    process.stdout.write(INFO_HELP);
    return 0;
  }
  const dataset = choiceOption(v, 'dataset', DATASETS);
  const backend = backendName();
  const { threads, source } = kernelThreads();
  const nativeWhyNot = backend === 'native' ? undefined : backendFailure('native');
  const addonFile = nativeAddonSource();
  const report: Record<string, unknown> = {
    version: VERSION, backend, backends: availableBackends(), threads, node: process.version, cpus: cpus().length,
    ...(addonFile === undefined ? {} : { nativeAddon: addonFile }),
    ...(nativeWhyNot === undefined ? {} : { nativeUnavailable: nativeWhyNot }),
  };
  if (dataset !== undefined) report.data = datasetStats(await loadData(dataset, v['data-dir'] as string | undefined));
  if (v.data !== undefined) report.data = dataDirSchema(await loadDataDir(String(v.data)));
  if (v.json === true) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const lines = [
    `deepgraph ${VERSION}`,
    `backend: ${backend} (available: ${availableBackends().join(', ')})`,
    ...(addonFile === undefined ? [] : [`native addon: ${addonFile}`]),
    ...(nativeWhyNot === undefined ? [] : [`native backend: not loaded (${nativeWhyNot})`]),
    `kernel threads: ${threads}${source === 'getNumThreads' ? '' : ` (${source})`}`,
    `node ${process.version}, ${cpus().length} CPUs`,
  ];
  if (report.data !== undefined) {
    lines.push('', ...Object.entries(report.data as Record<string, unknown>).map(([k, x]) => `${k}: ${Array.isArray(x) ? x.join(' / ') : String(x)}`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
