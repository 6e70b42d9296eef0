/**
 * The Reddit-scale workloads of the comparison: full-graph GCN, GraphSAGE and GAT epochs on a
 * seeded stand-in of DGL's Reddit (a symmetric Chung-Lu power-law graph of its size, uniform
 * features of its width, random labels of its class count; bench/graph-input.ts `--graph reddit`),
 * run on each side by its ordinary epoch workload with Reddit-sized models.
 */
import { REDDIT_SHAPE } from '../../src/data/chung-lu.js';
import type { GraphFiles } from './export.js';

export const REDDIT_WORKLOADS: readonly string[] = ['reddit-gcn', 'reddit-sage', 'reddit-gat'];

/** GAT's default size: heads x hidden per head (README: one head, as attention memory grows with heads; the Cora GAT's width of 64). */
const GAT_SIZE = '1x64';

export const REDDIT_HELP = `Reddit scale (not in the default list; run one side after the other, minutes each):
  --workloads reddit-gcn,reddit-sage,reddit-gat   full-graph epochs on a seeded Chung-Lu graph of Reddit's
                       size (${REDDIT_SHAPE.nodes} nodes, ${REDDIT_SHAPE.edges} directed edges, max degree ${REDDIT_SHAPE.maxDegree}), ${REDDIT_SHAPE.feats}
                       features, ${REDDIT_SHAPE.classes} classes; GCN and SAGE 2 layers x 128 hidden; --nodes/--edges shrink it
  --gat-size HxF       reddit-gat: heads x hidden per head of the first layer (default ${GAT_SIZE})
  --memory-limit-gb G  cap each side's address space (prlimit --as), so a side that runs out of memory
                       reports it instead of starting the OOM killer
`;

/** The epoch workload and its arguments (the same on every side) for a Reddit workload. */
export function redditArgs(workload: string, g: GraphFiles, gatSize: string | undefined): { workload: string; args: string[] } {
  const kind = workload.slice('reddit-'.length);
  const size = /^([1-9][0-9]*)x([1-9][0-9]*)$/.exec(gatSize ?? GAT_SIZE);
  if (size === null) throw new RangeError(`compare: --gat-size must be HEADSxHIDDEN such as 2x16, got '${gatSize}'`);
  const model = kind === 'gat' ? ['--heads', size[1], '--hidden', size[2]] : ['--hidden', '128'];
  return {
    workload: `${kind}-epoch`,
    args: ['--edges-npy', g.src, g.dst, '--nodes', String(g.nodes), '--dataset', 'synthetic', '--feats', String(REDDIT_SHAPE.feats),
      '--classes', String(REDDIT_SHAPE.classes), ...model, '--peak-after-setup'],
  };
}

/** Wraps a command in `prlimit --as` when a limit is given. */
export function limitedTo(gb: string | undefined): (cmd: string, args: string[]) => [string, string[]] {
  if (gb === undefined) return (cmd, args) => [cmd, args];
  const limit = Number(gb);
  if (!(Number.isFinite(limit) && limit > 0)) throw new RangeError(`compare: --memory-limit-gb must be a positive number, got '${gb}'`);
  return (cmd, args) => ['prlimit', [`--as=${Math.round(limit * 2 ** 30)}`, cmd, ...args]];
}
