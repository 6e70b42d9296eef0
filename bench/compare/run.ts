/**
 * The side-by-side comparison: runs deepgraph's benchmarks and the plain PyTorch versions
 * (bench/compare/torch_bench.py, Debian's python3-torch) on the very same graph and thread count,
 * each workload in its own process, and prints every result line plus ratio lines as JSON on stdout
 * and a table on stderr.
 *
 *   node dist/bench/compare/run.js --threads 2 --data-dir ../shared/data
 *   node dist/bench/compare/run.js --workloads gat-epoch --dataset synthetic --nodes 1000000 --edges 10000000
 *   node dist/bench/compare/run.js --workloads reddit-gcn,reddit-sage,reddit-gat --memory-limit-gb 14
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../src/data/atomic-write.js';
import { REDDIT_SHAPE } from '../../src/data/chung-lu.js';
import { planetoidDir } from '../node-data.js';
import { log } from '../harness.js';
import { exportGraph, exportPlanetoid, type GraphFiles } from './export.js';
import { bestOf, runLines, type Line } from './spawn.js';
import { compareWorkload, table, type Machine, type Ratio } from './summary.js';
import { REDDIT_WORKLOADS, redditArgs, REDDIT_HELP, limitedTo } from './reddit.js';
import { wantedNodeFlags } from '../../src/cli/relaunch.js';

const ALL = ['stream', 'matmul', 'spmm', 'sddmm', 'sage-layer', 'gcn-epoch', 'gat-epoch', 'sage-epoch', 'op-overhead'];
/** Full-graph epochs on the Reddit stand-in (bench/compare/reddit.ts); not in the default list (minutes and GBs). */
const KNOWN = [...ALL, ...REDDIT_WORKLOADS];
const OURS = fileURLToPath(new URL('../run.js', import.meta.url));
const TORCH = fileURLToPath(new URL('../../../bench/compare/torch_bench.py', import.meta.url));

const HELP = `node dist/bench/compare/run.js [options]: deepgraph vs PyTorch on the same graph
  --workloads LIST     comma-separated, default ${ALL.join(',')}
  --backends LIST      deepgraph backends, default native (add js for the native-vs-js epoch ratio)
  --threads N          threads on both sides (default 2); --runs N (default 5); --warmup N (default 1)
  --rounds N           run the two sides N times alternately and keep each result's best round (default 1)
  --nodes N --edges E --feats F --graph uniform|rmat --seed S   the graph of spmm, sddmm, sage-layer
                       and synthetic epochs (default 1000000 / 10000000 / 64 / uniform / 0)
  --efeats 1|F         edge feature width of uMulE-sum (default 1)
  --dataset D          cora | citeseer | synthetic for the epochs (default cora); --classes C (synthetic, default 8)
  --data-dir DIR       folder holding ind.<name>.* (or a data root with planetoid/raw), e.g. ../shared/data
  --input dense|sparse gcn-epoch and gat-epoch on both sides: x W on the dense features or on their nonzeros (default dense)
  --input writable     Planetoid gcn-epoch and gat-epoch: our features not promised read-only, so our x W is dense too
  --python PATH        the Python with torch (default /usr/bin/python3)
  --pyg DIR            also run gcn-epoch and gat-epoch with PyG's layers from its source in DIR (bench/compare/pyg_models.py)
  --out FILE           also write every JSON line to FILE
  --keep               keep the temporary folder with the exported graph
${REDDIT_HELP}`;

const SPEC = {
  workloads: { type: 'string' }, backends: { type: 'string' }, threads: { type: 'string' }, runs: { type: 'string' },
  warmup: { type: 'string' }, nodes: { type: 'string' }, edges: { type: 'string' }, feats: { type: 'string' },
  graph: { type: 'string' }, seed: { type: 'string' }, efeats: { type: 'string' }, dataset: { type: 'string' },
  classes: { type: 'string' }, 'data-dir': { type: 'string' }, python: { type: 'string' }, out: { type: 'string' },
  rounds: { type: 'string' }, input: { type: 'string' }, pyg: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  'memory-limit-gb': { type: 'string' }, 'gat-size': { type: 'string' },
} as const;

type Values = { [K in keyof typeof SPEC]?: (typeof SPEC)[K]['type'] extends 'boolean' ? boolean : string };

function list(text: string | undefined, fallback: string[], allowed: readonly string[], what: string): string[] {
  const items = text === undefined ? fallback : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const i of items) if (!allowed.includes(i)) throw new RangeError(`compare: unknown ${what} '${i}' (known: ${allowed.join(', ')})`);
  return items;
}

/** The best stream triad and the best matmul rate seen, from either side. */
function machineOf(all: Line[]): Machine {
  const m: Machine = { streamGbPerS: null, blasGflopPerS: null, blasFrom: null };
  for (const l of all) {
    if (l.name === 'stream' && l.op === 'triad') m.streamGbPerS = Math.max(m.streamGbPerS ?? 0, Number(l.gbPerS));
    if (l.name === 'matmul' && Number(l.gflopPerS) > (m.blasGflopPerS ?? 0)) { m.blasGflopPerS = Number(l.gflopPerS); m.blasFrom = l.backend; }
  }
  return m;
}

export async function runCompare(argv: readonly string[]): Promise<number> {
  const v = parseArgs({ args: [...argv], options: SPEC, strict: true }).values as Values;
  if (v.help) { process.stdout.write(HELP); return 0; }
  const workloads = list(v.workloads, ALL, KNOWN, 'workload');
  const backends = list(v.backends, ['native'], ['native', 'js'], 'backend');
  const python = v.python ?? '/usr/bin/python3';
  if (!existsSync(python)) throw new Error(`compare: ${python} not found (apt-get install -y python3-torch installs torch for /usr/bin/python3)`);
  const common = ['--threads', v.threads ?? '2', '--runs', v.runs ?? '5', '--warmup', v.warmup ?? '1'];
  const size = { nodes: Number(v.nodes ?? 1e6), edges: Number(v.edges ?? 1e7) };
  const feats = v.feats ?? '64', dataset = v.dataset ?? 'cora';
  if (!['cora', 'citeseer', 'synthetic'].includes(dataset)) throw new RangeError(`compare: --dataset must be cora, citeseer or synthetic, got '${dataset}'`);
  const tmp = mkdtempSync(join(tmpdir(), 'deepgraph-compare-'));
  const lines: Line[] = [], ratios: Ratio[] = [];
  // Each side's address space may be capped (prlimit), so a side that needs more memory than the
  // machine can spare fails its allocation and says so, instead of drawing the kernel's OOM killer.
  const cap = limitedTo(v['memory-limit-gb']);
  // Our side runs with the Node flags `deepgraph bench` would start it with (src/cli/relaunch.ts).
  const ours = (w: string, args: string[]): Line[] => backends.flatMap((b) => {
    const argv = [w, ...args, '--backend', b, ...common];
    return runLines(...cap(process.execPath, [...wantedNodeFlags(['bench', ...argv], []), OURS, ...argv]));
  });
  const torch = (w: string, args: string[]): Line[] =>
    runLines(...cap(python, [TORCH, w, ...args, ...common]), { ...process.env, OMP_NUM_THREADS: v.threads ?? '2' });
  // PyG as a third side where it has the model: its layers on the same exported arrays.
  const withPyg = (w: string, dense: boolean): boolean => v.pyg !== undefined && dense && (w === 'gcn-epoch' || w === 'gat-epoch');
  const pyg = (w: string, args: string[]): Line[] => runLines(...cap(python, [TORCH, w, ...args, '--impl', 'pyg', ...common]),
    { ...process.env, OMP_NUM_THREADS: v.threads ?? '2', PYTHONPATH: [v.pyg, process.env.PYTHONPATH].filter(Boolean).join(':') });
  // Rounds alternate the two sides, so a burst of other work on the machine lands on both; each
  // result keeps its best round.
  const rounds = Number(v.rounds ?? 1);
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`compare: --rounds must be a positive integer, got '${v.rounds}'`);
  const both = (w: string, oursArgs: string[], torchArgs: string[]): [Line[], Line[]] => {
    const mine: Line[][] = [], theirs: Line[][] = [];
    const alsoPyg = withPyg(w, v.input !== 'sparse');
    for (let r = 0; r < rounds; r++) {
      mine.push(ours(w, oursArgs)); theirs.push(torch(w, torchArgs));
      if (alsoPyg) theirs.push(pyg(w, torchArgs));
    }
    return [bestOf(mine), bestOf(theirs)];
  };
  try {
    let graph: GraphFiles | null = null, redditGraph: GraphFiles | null = null;
    const graphArgs = (): string[] => {
      if (graph === null) {
        log(`compare: writing a ${v.graph ?? 'uniform'} graph with ${size.nodes} nodes and ${size.edges} edges to ${tmp}`);
        graph = exportGraph(join(tmp, 'graph'), v.graph === 'rmat' ? 'rmat' : 'uniform', size.nodes, size.edges, Number(v.seed ?? 0));
      }
      return ['--edges-npy', graph.src, graph.dst, '--nodes', String(graph.nodes), '--feats', feats];
    };
    const results: { w: string; mine: Line[]; theirs: Line[] }[] = [];
    const streamRun = (): Line[] => runLines(process.execPath, [OURS, 'stream', ...common]);
    for (const w of workloads) {
      try {
        let mine: Line[] = [], theirs: Line[] = [];
        if (w === 'stream') {
          mine = streamRun();
        } else if (w === 'matmul') {
          [mine, theirs] = both(w, [], []);
        } else if (w === 'op-overhead') {
          // The same small chain on both sides (deepgraph's defaults: 32 x 32, 8 blocks, 200 chains a run).
          const a = ['--m', '32', '--feats', '32', '--layers', '8', '--batches', '200'];
          [mine, theirs] = both(w, a, a);
        } else if (REDDIT_WORKLOADS.includes(w)) {
          // The Reddit stand-in, written once and read by every side; the epoch workload of the model.
          if (redditGraph === null) {
            log(`compare: writing the Reddit stand-in graph to ${tmp}`);
            redditGraph = exportGraph(join(tmp, 'reddit'), 'reddit', Number(v.nodes ?? REDDIT_SHAPE.nodes), Number(v.edges ?? REDDIT_SHAPE.edges), Number(v.seed ?? 0));
          }
          const { workload, args } = redditArgs(w, redditGraph, v['gat-size']);
          [mine, theirs] = both(workload, args, args);
        } else if (w.endsWith('-epoch')) {
          if (dataset === 'synthetic') {
            const input = (w === 'gcn-epoch' || w === 'gat-epoch') && v.input !== undefined ? ['--input', v.input] : [];
            const a = [...graphArgs(), '--dataset', 'synthetic', '--classes', v.classes ?? '8'];
            [mine, theirs] = both(w, [...a, ...input], [...a, ...(v.input === 'writable' ? ['--input', 'dense'] : input)]);
          } else {
            if (v['data-dir'] === undefined) throw new Error(`compare: ${w} on ${dataset} needs --data-dir (e.g. ../shared/data)`);
            const raw = planetoidDir(v['data-dir'], dataset);
            const exported = join(tmp, dataset);
            if (!existsSync(join(exported, 'meta.json'))) exportPlanetoid(exported, dataset as 'cora' | 'citeseer', raw);
            const input = (w === 'gcn-epoch' || w === 'gat-epoch') && v.input !== undefined ? ['--input', v.input] : [];
            // PyTorch has no read-only promise: its side of --input writable is its dense input.
            const theirInput = v.input === 'writable' ? ['--input', 'dense'] : input;
            [mine, theirs] = both(w, ['--dataset', dataset, '--data-dir', raw, ...input], ['--node-data', exported, ...theirInput]);
          }
        } else {
          const a = graphArgs();
          const extra = w === 'spmm' ? ['--efeats', v.efeats ?? '1'] : [];
          [mine, theirs] = both(w, [...a, ...extra], [...a, ...extra]);
        }
        lines.push(...mine, ...theirs);
        results.push({ w, mine, theirs });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        log(`compare: ${w} failed: ${msg}`);
        ratios.push({ name: 'compare', workload: w, what: 'error', ours: '', other: '', value: NaN, error: msg });
      }
    }
    // Bandwidth moves with the load other work puts on the machine: measure stream again at the end
    // and take the better of the two, so the roofline is the machine's, not a busy moment's.
    if (workloads.includes('stream') && workloads.length > 1) {
      const again = streamRun();
      lines.push(...again);
      results.push({ w: 'stream', mine: again, theirs: [] });
    }
    const machine = machineOf(results.flatMap((r) => [...r.mine, ...r.theirs]));
    ratios.unshift(...results.flatMap((r) => compareWorkload(r.w, r.mine, r.theirs, machine, r.mine[0])));
  } finally {
    if (v.keep) log(`compare: inputs kept in ${tmp}`); else rmSync(tmp, { recursive: true, force: true });
  }
  const text = [...lines, ...ratios].map((l) => JSON.stringify(l)).join('\n') + '\n';
  process.stdout.write(text);
  if (v.out !== undefined) writeFileAtomic(v.out, text);
  log(`\n${table(ratios)}`);
  return ratios.some((r) => r.what === 'error') ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCompare(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
