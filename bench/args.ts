/**
 * Command-line options of `deepgraph bench <workload>` (and `npm run bench -- <workload>`).
 * Every workload declares the options it accepts; anything else is an error that names the
 * option and lists the accepted ones, so a typo never silently benchmarks the default.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { checkUnknownOptions } from '../src/cli/args.js';
import { REDDIT_SHAPE } from '../src/data/chung-lu.js';

export const WORKLOADS = ['spmm', 'sddmm', 'gcn-epoch', 'gat-epoch', 'sage-epoch', 'sage-layer', 'matmul', 'stream',
  'sample', 'sample-full', 'sample-rss', 'sage-minibatch', 'torch-load', 'load-csv', 'graphology', 'out-of-core', 'op-overhead', 'serve', 'hetero', 'distributed'] as const;
export type Workload = typeof WORKLOADS[number];

const COMMON = ['backend', 'threads', 'runs', 'warmup'] as const;
const GRAPH = ['nodes', 'edges', 'graph', 'edges-npy', 'seed'] as const;
/** The seeded power-law node task of the sampling workloads (powerLawNodeTask) and its loader. */
const SAMPLING = ['nodes', 'edges', 'seed', 'feats', 'classes', 'train-nodes', 'batch-size', 'workers', 'kernel-threads'] as const;

/** Options each workload accepts besides COMMON. */
const ACCEPTS: Record<Workload, readonly string[]> = {
  spmm: [...GRAPH, 'feats', 'op', 'efeats'],
  sddmm: [...GRAPH, 'feats', 'op'],
  'gcn-epoch': [...GRAPH, 'feats', 'dataset', 'data-dir', 'classes', 'hidden', 'profile', 'input', 'peak-after-setup'],
  'gat-epoch': [...GRAPH, 'feats', 'dataset', 'data-dir', 'classes', 'hidden', 'heads', 'profile', 'input', 'peak-after-setup'],
  'sage-epoch': [...GRAPH, 'feats', 'dataset', 'data-dir', 'classes', 'hidden', 'profile', 'peak-after-setup'],
  'sage-layer': [...GRAPH, 'feats', 'profile'],
  matmul: ['m', 'k', 'n', 'seed'],
  stream: ['size', 'op'],
  sample: [...SAMPLING, 'fanouts', 'mode', 'batches'],
  'sample-full': [...SAMPLING, 'layers', 'batches'],
  'sample-rss': [...SAMPLING, 'fanouts', 'batches'],
  'sage-minibatch': [...SAMPLING, 'fanouts', 'hidden', 'batches', 'size', 'profile'],
  'torch-load': ['size'],
  'load-csv': ['nodes', 'edges', 'seed'],
  graphology: ['nodes', 'edges', 'seed'],
  'out-of-core': ['nodes', 'edges', 'seed', 'feats', 'classes', 'batch-size', 'fanouts', 'batches', 'hidden', 'dir', 'cache-mb', 'cache-policy', 'access', 'keep', 'inference'],
  'op-overhead': ['m', 'feats', 'layers', 'batches', 'seed'],
  serve: [...SAMPLING, 'fanouts', 'hidden', 'batches', 'concurrency', 'size'],
  hetero: ['nodes', 'edges', 'seed', 'feats', 'relations'],
  distributed: ['nodes', 'edges', 'seed', 'feats', 'classes', 'batch-size', 'fanouts', 'batches', 'dir', 'keep'],
};

export const SPMM_OPS = ['copyU-sum', 'uMulE-sum', 'copyU-max'] as const;
export const SDDMM_OPS = ['uDotV'] as const;
export const STREAM_OPS = ['copy', 'scale', 'add', 'triad', 'read'] as const;
/** What `bench sample` times: the DataLoader (with features, blocks only), NeighborSampler.sample, the sampling kernel alone. */
export const SAMPLE_MODES = ['loader', 'loader-blocks', 'sampler', 'kernel'] as const;
export const DATASETS = ['cora', 'citeseer', 'synthetic'] as const;
export type Dataset = typeof DATASETS[number];
export type GraphKind = 'uniform' | 'rmat' | 'reddit';

export interface BenchOptions {
  workload: Workload;
  /** 'js' or 'native'; undefined = the registry's default (native when it loads). */
  backend: string | undefined;
  threads: number;
  runs: number;
  warmup: number;
  seed: number;
  nodes: number;
  edges: number;
  graph: GraphKind;
  edgesNpy: readonly [string, string] | null;
  /** Whether --nodes was given (with --edges-npy, nodes default to the largest id + 1). */
  nodesGiven: boolean;
  feats: number;
  /** Edge feature width of uMulE-sum: 1 (a scalar weight per edge, as GCN/GAT use) or feats. */
  efeats: number;
  ops: string[];
  dataset: Dataset;
  dataDir: string | undefined;
  /** gcn-epoch, gat-epoch: the input features as a dense matrix or as their nonzeros (bag-of-words, as the GCN authors' code). */
  input: 'dense' | 'sparse' | 'writable';
  classes: number;
  hidden: number | undefined;
  heads: number;
  m: number;
  k: number;
  n: number;
  size: number;
  /** Time each backend call during the timed runs (bench/profile.ts). */
  profile: boolean;
  /** Epochs: restart the process's peak RSS after setup (Linux), so peakRssMb is the runs' own. */
  peakAfterSetup: boolean;
  /** Sampling workloads: DataLoader worker threads (default 0; sample-rss and sage-minibatch too). */
  workers: number;
  /** sage-minibatch --workers 0,1: the settings whose epochs alternate (so they see the same load); else [workers]. */
  workerSettings: number[];
  /** Seed nodes per batch (default 1024). */
  batchSize: number;
  /** Neighbours per layer, input layer first (default 10,25). */
  fanouts: number[];
  /** Training (seed) nodes of the power-law task (default 200000, at most half the nodes). */
  trainNodes: number;
  /** Batches per timed run; undefined = a whole epoch over the training nodes (sample-rss: 1000 in all). */
  batches: number | undefined;
  /** sample: which paths to time. */
  modes: string[];
  /** sample-full: layers of MultiLayerFullNeighborSampler (default 2); op-overhead: blocks of the chain (default 8). */
  layers: number;
  /** serve: requests batched together in the concurrent run (default 8). */
  concurrency: number;
  /** The loader's kernelThreads (each worker's native threads): undefined = its default, null = --threads as well. */
  kernelThreads: number | null | undefined;
  /** out-of-core: where the dataset is written (a folder of its own under it, removed afterwards unless --keep; --keep also reuses a complete one). */
  dir: string;
  /** out-of-core: the feature cache's budget in MB. */
  cacheMb: number;
  cachePolicy: 'sieve' | 'lru';
  access: 'mmap' | 'read';
  keep: boolean;
  /** out-of-core: also run layer-wise inference over every node with a disk store (one run). */
  inference: boolean;
  /** hetero: the relation counts timed (default 4,16,64,256). */
  relations: number[];
}

export const HELP = `deepgraph bench <workload> [options]: JSON lines on stdout, progress on stderr

Workloads:
  spmm        g-SpMM copyU-sum, uMulE-sum, copyU-max (--op one of them; default all)
  sddmm       g-SDDMM uDotV
  gcn-epoch   GCN training epoch (forward, backward, Adam step, dropout) on full graph
  gat-epoch   GAT training epoch
  sage-epoch  GraphSAGE (mean) training epoch
  sage-layer  one SAGEConv (mean) layer forward + backward
  matmul      dense [m,k] x [k,n] float32
  stream      memory bandwidth (copy, scale, add, triad; read: a sum, reads only), the roofline of sparse kernels
  sample      neighbour sampling on a seeded power-law graph: DataLoader, NeighborSampler.sample, the kernel alone
  sample-full MultiLayerFullNeighborSampler batches through the DataLoader (peak memory)
  sample-rss  1000 DataLoader batches in 5 timed chunks: resident memory at start and end
  sage-minibatch  one minibatch GraphSAGE epoch (NeighborSampler, Adam): waiting for batches vs training
  torch-load  dg.loadTorchBytes on an in-memory torch.save archive: contiguous, transposed, float16
  load-csv    CSVDataset.load of a generated --nodes / --edges CSV folder (in the temp folder, made once),
              each run in a fresh process: rows/s and that process's peak RSS against the loaded arrays
  graphology  fromGraphology of a graphology graph with --nodes / --edges (default 100000 / 1000000 here)
  out-of-core a seeded power-law dataset written to disk by the streaming writer (--dir, default
              /tmp/storage-bench; removed afterwards unless --keep, which also reuses a complete
              one), opened (timed), then --batches N
              (default 100) GraphSAGE minibatches sampled from the on-disk CSC with features through
              a --cache-mb (default 256) --cache-policy sieve|lru cache; --access mmap|read;
              --inference: then layer-wise inference of every node with a disk store (one run)
  distributed the seeded power-law task (default 200000 nodes / 5000000 edges) in 2 METIS parts, part 1
              served over gRPC by a child process: --batches (default 20) of part 0's seeds sampled
              and gathered through DistGraph: edges/s, seeds/s, bytes per batch, share in remote gathers
  op-overhead a chain of small autograd ops (matmul, add, relu, mul, tanh, add per block), forward + backward: time per op
              (--m rows, default 32; --feats width, default 32; --layers blocks, default 8; --batches chains per run, default 200)
  serve       one-node GraphSAGE prediction on the power-law graph: sample 2 hops with the model's fanouts, gather,
              forward under noGrad; p50/p99 over --batches requests (default 10000), single and --concurrency batched (default 8)
  hetero      RelGraphConv, HGTConv and RelationalGATConv forward + backward on a typed graph (default 100000 nodes, 1000000 edges,
              --feats 16) for each of --relations 4,16,64,256 edge types at the same edge count

Options:
  --backend js|native|wasm  kernel backend (default: native when it loads, else wasm, else js);
                         a comma list (wasm,js) runs the workload on each, one after the other
  --threads N            threads for native kernels and stream workers (default: cores)
  --runs N               timed runs, >= 5 (default 5), after --warmup N (default 1)
  --nodes N --edges E    graph size (default 1000000 / 10000000); --graph uniform|rmat|reddit (default uniform;
                         reddit: a symmetric Chung-Lu power-law graph, by default of Reddit's 232965 / 114615892)
  --edges-npy SRC DST    read the graph from two 1-d int32/int64 .npy files instead
  --seed S               generator seed (default 0)
  --feats F              feature width (default 64)
  --efeats 1|F           edge feature width of uMulE-sum (default 1)
  --dataset D            cora | citeseer | synthetic (epochs; default cora), --data-dir DIR with ind.<name>.*
  --classes C            classes of the synthetic dataset (default 8)
  --input dense|sparse|writable gcn-epoch, gat-epoch: x W on the dense features, or on their nonzeros (the GCN authors' sparse input; default dense;
                         dense features are promised read-only (markReadOnly), so GraphConv/GATConv take their cached
                         nonzeros; writable: not promised, so x W is a dense product as in PyTorch)
  --hidden H --heads K   model sizes (default GCN/SAGE 16, GAT 8 per head x 8 heads)
  --m --k --n            matmul sizes (default 100000 128 128)
  --size N               stream: float64 elements per array; torch-load: tensor elements (default 16777216)
  --profile              epochs, sage-layer, sage-minibatch (its phases line): time per kernel and outside kernels (stderr, and kernelMs in the line)
  --peak-after-setup     epochs: restart the peak RSS after setup (Linux /proc/self/clear_refs), so peakRssMb is the epochs' own
Sampling workloads (sample, sample-full, sample-rss, sage-minibatch) run on powerLawNodeTask: R-MAT
--nodes --edges --seed, --feats F (default 100) uniform features, --classes C (default 10) labels:
  --train-nodes N        seed nodes (default 200000, at most half the nodes)
  --batch-size B         seeds per batch (default 1024)
  --fanouts 10,25        neighbours per layer, input layer first (-1 = all; write --fanouts=-1,... then)
  --workers N            DataLoader worker threads (default 0); sage-minibatch also takes a list, e.g. 0,1:
                         the settings' epochs alternate so that they share the machine's load, one line each
  --kernel-threads N|keep  native threads of each worker's kernels (DataLoader kernelThreads; default:
                         cores / (workers + 1); keep = --threads); training keeps --threads
  --batches B            batches per timed run (default: one epoch over the training nodes)
  --mode M               sample: loader | loader-blocks | sampler | kernel (default all four)
  --layers L             sample-full: layers of MultiLayerFullNeighborSampler (default 2)
  --hidden H             sage-minibatch: hidden width (default 256, as DGL's example)
  --size N               sage-minibatch: float64 elements per array of the stream run behind the step's roofline
`;

function positiveInt(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new RangeError(`bench: --${name} must be an integer >= ${min}, got '${text}'`);
  return v;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) throw new RangeError(`bench: --${name} must be one of ${allowed.join(', ')}, got '${text}'`);
  return text as T;
}

/** `--edges-npy SRC DST` takes two values, which parseArgs cannot express: lift them out first. */
function liftEdgesNpy(argv: readonly string[]): { rest: string[]; npy: [string, string] | null } {
  const rest: string[] = [];
  let npy: [string, string] | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--edges-npy') { rest.push(argv[i]); continue; }
    const a = argv[i + 1], b = argv[i + 2];
    if (a === undefined || b === undefined || a.startsWith('--') || b.startsWith('--')) {
      throw new RangeError('bench: --edges-npy needs two files, the source ids and the destination ids (src.npy dst.npy)');
    }
    npy = [a, b];
    rest.push('--edges-npy', '');
    i += 2;
  }
  return { rest, npy };
}

const STRING_OPTIONS = ['relations', 'backend', 'threads', 'runs', 'warmup', 'nodes', 'edges', 'graph', 'edges-npy', 'seed', 'feats',
  'efeats', 'op', 'dataset', 'data-dir', 'input', 'classes', 'hidden', 'heads', 'm', 'k', 'n', 'size',
  'workers', 'batch-size', 'fanouts', 'train-nodes', 'batches', 'mode', 'layers', 'kernel-threads', 'dir', 'cache-mb', 'cache-policy', 'access', 'concurrency'];

const SAMPLING_WORKLOADS: readonly Workload[] = ['sample', 'sample-full', 'sample-rss', 'sage-minibatch', 'serve'];

/** --fanouts '10,25': integers >= -1, input layer first. */
function fanoutList(text: string | undefined): number[] {
  if (text === undefined) return [10, 25];
  const parts = text.split(',').map((x) => x.trim()), f = parts.map(Number);
  if (parts.some((x) => x === '') || f.some((x) => !(Number.isInteger(x) && x >= -1))) {
    throw new RangeError(`bench: --fanouts must be comma-separated integers >= -1 (-1 = every neighbour), got '${text}'`);
  }
  return f;
}

/** Parses the arguments after `bench`; returns null when help was asked for. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | null {
  const { rest, npy } = liftEdgesNpy(argv);
  const spec = Object.fromEntries([...STRING_OPTIONS.map((o) => [o, { type: 'string' as const }]),
    ['help', { type: 'boolean' as const, short: 'h' }], ['profile', { type: 'boolean' as const }], ['peak-after-setup', { type: 'boolean' as const }], ['keep', { type: 'boolean' as const }], ['inference', { type: 'boolean' as const }]]);
  checkUnknownOptions(rest, spec);
  const { values, positionals } = parseArgs({ args: rest, options: spec, allowPositionals: true, strict: true });
  const v = values as Record<string, string | boolean | undefined>;
  if (v.help === true) return null;
  if (positionals.length !== 1) {
    throw new RangeError(positionals.length === 0 ? `bench: name a workload (${WORKLOADS.join(', ')})`
      : `bench: one workload at a time, got ${positionals.join(' ')}`);
  }
  const workload = oneOf('workload', positionals[0], WORKLOADS, 'spmm');
  const accepted = new Set<string>([...COMMON, ...ACCEPTS[workload]]);
  for (const [key, val] of Object.entries(v)) {
    if (val !== undefined && val !== false && key !== 'help' && !accepted.has(key)) {
      throw new RangeError(`bench: --${key} does not apply to ${workload} (it accepts ${[...accepted].map((o) => `--${o}`).join(', ')})`);
    }
  }
  const s = (k: string): string | undefined => v[k] as string | undefined;
  const sampling = SAMPLING_WORKLOADS.includes(workload);
  const small = workload === 'op-overhead';
  const hetero = workload === 'hetero';
  const feats = positiveInt('feats', s('feats'), workload === 'out-of-core' ? 128 : sampling ? 100 : small ? 32 : hetero ? 16 : 64);
  const isGat = workload === 'gat-epoch';
  const opsAllowed: readonly string[] = workload === 'spmm' ? SPMM_OPS : workload === 'sddmm' ? SDDMM_OPS : STREAM_OPS;
  const graphKind = oneOf('graph', s('graph'), ['uniform', 'rmat', 'reddit'] as const, 'uniform');
  // --graph reddit defaults to Reddit's size (DGL's RedditDataset).
  const reddit = graphKind === 'reddit';
  const nodes = positiveInt('nodes', s('nodes'), reddit ? REDDIT_SHAPE.nodes : workload === 'serve' ? 2_000_000 : workload === 'distributed' ? 200_000 : hetero ? 100_000 : 1_000_000);
  const workerSettings = (s('workers') ?? '0').split(',').map((w) => positiveInt('workers', w.trim(), 0, 0));
  if (workerSettings.length > 1 && workload !== 'sage-minibatch') throw new RangeError(`bench: --workers takes one count for ${workload}, got '${s('workers')}'`);
  const ops = s('op') === undefined ? [...opsAllowed] : [oneOf('op', s('op'), opsAllowed, opsAllowed[0])];
  const efeats = positiveInt('efeats', s('efeats'), 1);
  if (efeats !== 1 && efeats !== feats) throw new RangeError(`bench: --efeats must be 1 or --feats (${feats}), got ${efeats}`);
  const backend = s('backend');
  // A comma list runs the workload once per backend, side by side in one process (same graph, same load).
  if (backend !== undefined && !backend.split(',').every((b) => ['js', 'native', 'wasm'].includes(b))) {
    throw new RangeError(`bench: --backend must be js, native, wasm or a comma list of them, got '${backend}'`);
  }
  return {
    workload, backend,
    threads: positiveInt('threads', s('threads'), availableParallelism()),
    runs: positiveInt('runs', s('runs'), 5),
    warmup: positiveInt('warmup', s('warmup'), 1, 0),
    seed: positiveInt('seed', s('seed'), 0, 0),
    nodes,
    nodesGiven: s('nodes') !== undefined,
    edges: positiveInt('edges', s('edges'), reddit ? REDDIT_SHAPE.edges : workload === 'serve' ? 50_000_000 : workload === 'distributed' ? 5_000_000 : hetero ? 1_000_000 : 10_000_000, 0),
    graph: graphKind,
    edgesNpy: npy,
    feats, efeats, ops,
    dataset: oneOf('dataset', s('dataset'), DATASETS, 'cora'),
    dataDir: s('data-dir'),
    input: oneOf('input', s('input'), ['dense', 'sparse', 'writable'] as const, 'dense'),
    classes: positiveInt('classes', s('classes'), sampling || workload === 'out-of-core' ? 10 : 8, 2),
    hidden: s('hidden') === undefined ? undefined : positiveInt('hidden', s('hidden'), 16),
    heads: positiveInt('heads', s('heads'), isGat ? 8 : 1),
    m: positiveInt('m', s('m'), small ? 32 : 100_000),
    k: positiveInt('k', s('k'), 128),
    n: positiveInt('n', s('n'), 128),
    size: positiveInt('size', s('size'), 1 << 24),
    profile: v.profile === true,
    peakAfterSetup: v['peak-after-setup'] === true,
    workers: workerSettings[0],
    workerSettings,
    batchSize: positiveInt('batch-size', s('batch-size'), 1024),
    fanouts: fanoutList(s('fanouts')),
    trainNodes: positiveInt('train-nodes', s('train-nodes'), Math.min(200_000, Math.max(1, Math.floor(nodes / 2)))),
    batches: s('batches') === undefined ? undefined : positiveInt('batches', s('batches'), 1),
    modes: s('mode') === undefined ? [...SAMPLE_MODES] : [oneOf('mode', s('mode'), SAMPLE_MODES, 'loader')],
    layers: positiveInt('layers', s('layers'), small ? 8 : 2),
    concurrency: positiveInt('concurrency', s('concurrency'), 8),
    relations: (s('relations') ?? '4,16,64,256').split(',').map((r) => positiveInt('relations', r.trim(), 4)),
    kernelThreads: s('kernel-threads') === 'keep' ? null : s('kernel-threads') === undefined ? undefined : positiveInt('kernel-threads', s('kernel-threads'), 1),
    dir: s('dir') ?? '/tmp/storage-bench',
    cacheMb: positiveInt('cache-mb', s('cache-mb'), 256, 0),
    cachePolicy: oneOf('cache-policy', s('cache-policy'), ['sieve', 'lru'] as const, 'sieve'),
    access: oneOf('access', s('access'), ['mmap', 'read'] as const, 'mmap'),
    keep: v.keep === true,
    inference: v.inference === true,
  };
}
