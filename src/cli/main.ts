import { VERSION } from '../version.js';
import { trainCommand } from './train.js';
import { infoCommand } from './info.js';
import { examplesCommand } from './examples.js';
import { nearestOption } from './args.js';

const HELP = `deepgraph ${VERSION}: graph neural networks for TypeScript

Usage: deepgraph <command> [options]

Commands:
  train      train a GNN (default: GCN on the embedded synthetic dataset)
  bench      run benchmarks (JSON lines on stdout)
  info       version, backend, threads, dataset statistics
  examples   list the shipped examples, run one by name
  partition  split a graph into parts on disk (METIS, random or hash) with a partition book
  launch     start N processes of a command as one data-parallel job (--local N -- <command>)

Options:
  -h, --help       show this help
  -v, --version    print the version
`;

/** Entry point of the `deepgraph` command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === 'train') return trainCommand(rest);
  if (command === 'info') return infoCommand(rest);
  if (command === 'examples') return examplesCommand(rest);
  if (command === 'launch') return (await import('./launch.js')).launchCommand(rest);
  if (command === 'bench') return (await import('./bench.js')).benchCommand(rest);
  if (command === 'partition') return (await import('./partition.js')).partitionCommand(rest);
  const near = nearestOption(command, ['train', 'bench', 'info', 'examples', 'partition', 'launch']);
  process.stderr.write(`deepgraph: unknown command '${command}'${near ? `; did you mean '${near}'?` : ''}\n\n${HELP}`);
  return 2;
}
