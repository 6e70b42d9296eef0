/**
 * bench graphology: fromGraphology on a directed graphology graph with --nodes nodes (a numeric
 * attribute each) and --edges uniform random edges (a numeric weight each); graphology is a
 * devDependency, imported here only.
 */
import { Generator } from '../../src/tensor/random.js';
import { fromGraphology, type GraphologyLike } from '../../src/data/graphology.js';
import type { BenchOptions } from '../args.js';
import { log, perSecond, printLine, resultLine, time } from '../harness.js';

export async function runGraphology(o: BenchOptions, argv: readonly string[]): Promise<void> {
  const { MultiDirectedGraph } = await import('graphology');
  // This workload's own defaults (the 1M-edge graph) unless --nodes / --edges are given.
  const nodes = argv.includes('--nodes') ? o.nodes : 100_000, edges = argv.includes('--edges') ? o.edges : 1_000_000;
  const g = new MultiDirectedGraph();
  const rng = new Generator(o.seed);
  for (let i = 0; i < nodes; i++) g.addNode(`n${i}`, { x: rng.nextFloat() });
  for (let e = 0; e < edges; e++) g.addEdge(`n${rng.nextInt(nodes)}`, `n${rng.nextInt(nodes)}`, { w: rng.nextFloat() });
  log(`graphology: built a graph of ${nodes} nodes and ${edges} edges`);
  let out = 0;
  const t = time(() => { out = fromGraphology(g as unknown as GraphologyLike).numEdges(); }, { runs: o.runs, warmup: o.warmup, label: 'graphology' });
  if (out !== edges) throw new Error(`bench graphology: converted ${out} edges, expected ${edges}`);
  printLine(resultLine('graphology', { nodes, edges, seed: o.seed, attributes: 'node x, edge w' }, { backend: 'none', threads: 1 }, t,
    { edgesPerS: perSecond(edges, t.minMs, 0) }));
}
