/**
 * hetero: typed-layer cost against the relation count at a fixed edge count. For each count R in
 * --relations, a uniform random graph of --nodes / --edges whose edges get uniform random relation
 * ids in [0, R) (and nodes one of 4 node types); one RelGraphConv(F, F, R) and one HGTConv(F, F/2, 2
 * heads, 4, R) forward + backward each (sum of the output as the loss), and RelationalGATConv(F, F/2,
 * 2 heads) on the same edges as R relations of one node type. All apply the relations' matrices in
 * one gather_mm / segment_mm pass, so the time should grow far slower than R.
 */
import { sum } from '../../src/tensor/reduce.js';
import { Generator, manualSeed } from '../../src/tensor/random.js';
import { graph, heterograph, type Graph } from '../../src/graph/index.js';
import { RelGraphConv } from '../../src/nn/conv/rel-graph-conv.js';
import { HGTConv } from '../../src/nn/hetero/hgt-conv.js';
import { RelationalGATConv } from '../../src/nn/hetero/rgat-conv.js';
import type { BenchOptions } from '../args.js';
import { loadEdges } from '../graph-input.js';
import { log, perSecond, printLine, resultLine, time, type Context } from '../harness.js';
import { uniformTensor } from './data.js';

function typeIds(n: number, numTypes: number, seed: number): Int32Array {
  const gen = new Generator(seed), out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.nextUint32() % numTypes;
  return out;
}

/** The graph's edges split into R relations 'n:r<i>:n' by their relation ids. */
function typedGraph(src: Int32Array, dst: Int32Array, etype: Int32Array, R: number, n: number): Graph {
  const parts = Array.from({ length: R }, () => [[] as number[], [] as number[]]);
  for (let e = 0; e < etype.length; e++) { parts[etype[e]][0].push(src[e]); parts[etype[e]][1].push(dst[e]); }
  return heterograph(Object.fromEntries(parts.map(([s, d], r) => [`n:r${r}:n`, [Int32Array.from(s), Int32Array.from(d)]])), { numNodes: { n } });
}

export function runHetero(o: BenchOptions, ctx: Context): void {
  const input = loadEdges(o);
  const n = input.numNodes, e = input.numEdges, f = o.feats;
  if (f % 2 !== 0) throw new RangeError(`bench: hetero needs an even --feats (HGTConv's 2 heads), got ${f}`);
  const g = graph([input.src, input.dst], { numNodes: n });
  const x = uniformTensor([n, f], o.seed + 1).setRequiresGrad();
  const ntype = typeIds(n, 4, o.seed + 2);
  for (const R of o.relations) {
    log(`bench: hetero on ${n} nodes, ${e} edges, ${f} features, ${R} relations`);
    const etype = typeIds(e, R, o.seed + 3 + R);
    manualSeed(o.seed);
    const hg = typedGraph(input.src, input.dst, etype, R, n);
    const layers = [
      ['rel-graph-conv', new RelGraphConv(f, f, R), () => sum(rgcn.forward(g, x, etype))],
      ['hgt-conv', new HGTConv(f, f / 2, 2, 4, R, { dropout: 0 }), () => sum(hgt.forward(g, x, ntype, etype))],
      ['relational-gat-conv', new RelationalGATConv(hg.canonicalEtypes, f, f / 2, 2), () => sum(rgat.forward(hg, { n: x }).n)],
    ] as const;
    const rgcn = layers[0][1], hgt = layers[1][1], rgat = layers[2][1];
    for (const [name, layer, loss] of layers) {
      const setup = (): void => { x.grad = null; layer.zeroGrad(); };
      const t = time(() => { loss().backward(); }, { runs: o.runs, warmup: o.warmup, setup, label: `hetero ${name} R=${R}` });
      printLine(resultLine('hetero', { layer: name, relations: R, nodes: n, edges: e, feats: f, nodeTypes: 4, ...input.describe }, ctx, t,
        { edgesPerS: perSecond(e, t.minMs, 0) }));
    }
  }
}
