/**
 * Entry point of the benchmarks: `deepgraph bench <workload> [options]` and
 * `npm run bench -- <workload> [options]` both call runBench. See bench/README.md.
 */
import { pathToFileURL } from 'node:url';
import { HELP, parseBenchArgs } from './args.js';
import { selectBackend } from './backend.js';
import { withLineSink, type BenchLine } from './harness.js';
import { getBackend, setBackend } from '../src/kernels/registry.js';
import { runEpoch } from './workloads/epoch.js';
import { runMatmul } from './workloads/matmul.js';
import { runSageLayer } from './workloads/sage-layer.js';
import { runSddmm, runSpmm } from './workloads/sparse.js';
import { runStream } from './workloads/stream.js';
import { runSample } from './workloads/sample.js';
import { runSampleFull, runSampleRss } from './workloads/sample-memory.js';
import { runSageMinibatch } from './workloads/sage-minibatch.js';
import { runTorchLoad } from './workloads/torch-load.js';
import { runOpOverhead } from './workloads/op-overhead.js';
import { runHetero } from './workloads/hetero.js';

/** Runs one workload; returns the exit code (bad arguments throw, and the caller prints the message). */
export async function runBench(argv: readonly string[]): Promise<number> {
  const o = parseBenchArgs(argv);
  if (o === null) {
    process.stdout.write(HELP);
    return 0;
  }
  // These measure loading, not kernels: load-csv runs each load in a child process.
  if (o.workload === 'load-csv') { await (await import('./workloads/load-csv.js')).runLoadCsv(o); return 0; }
  if (o.workload === 'graphology') { await (await import('./workloads/graphology.js')).runGraphology(o, argv); return 0; }
  // stream measures the machine, not a kernel backend: it runs its own worker threads.
  if (o.workload === 'stream') {
    await runStream(o);
    return 0;
  }
  for (const name of o.backend?.split(',') ?? [undefined]) {
    const ctx = selectBackend(name, o.threads);
    switch (o.workload) {
      case 'spmm': runSpmm(o, ctx); break;
      case 'sddmm': runSddmm(o, ctx); break;
      case 'matmul': runMatmul(o, ctx); break;
      case 'sage-layer': runSageLayer(o, ctx); break;
      case 'gcn-epoch': case 'gat-epoch': case 'sage-epoch': await runEpoch(o, ctx); break;
      case 'sample': await runSample(o, ctx); break;
      case 'sample-full': await runSampleFull(o, ctx); break;
      case 'sample-rss': await runSampleRss(o, ctx); break;
      case 'sage-minibatch': await runSageMinibatch(o, ctx); break;
      case 'torch-load': runTorchLoad(o, ctx); break;
      case 'op-overhead': runOpOverhead(o, ctx); break;
      case 'serve': await (await import('./workloads/serve.js')).runServe(o, ctx); break;
      case 'hetero': runHetero(o, ctx); break;
      case 'distributed': await (await import('./workloads/distributed.js')).runDistributed(o, ctx); break;
      case 'out-of-core': await (await import('./workloads/out-of-core.js')).runOutOfCore(o, ctx); break;
    }
  }
  return 0;
}

/**
 * Runs one workload in this process and returns its result lines instead of printing them; the
 * active backend is restored afterwards.
 */
export async function collectBench(argv: readonly string[]): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const previous = getBackend().name;
  try {
    await withLineSink((l) => { lines.push(l); }, () => runBench(argv));
  } finally {
    setBackend(previous);
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBench(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
