import type { Graph } from '../graph.js';
import { DeepGraphError } from '../../errors.js';
import { buildGraph, cooOf, copyFrame } from './util.js';

/**
 * A block as an ordinary graph (DGL's block_to_graph): source node type T becomes 'T_src',
 * destination type T becomes 'T_dst', relations keep their names; all features are shared.
 */
export function blockToGraph(block: Graph): Graph {
  if (!block.isBlock) throw new DeepGraphError('blockToGraph: expects a block');
  const counts = new Map<string, number>();
  for (const t of block.srctypes) counts.set(`${t}_src`, block.numSrcNodes(t));
  for (const t of block.dsttypes) counts.set(`${t}_dst`, block.numDstNodes(t));
  const rels = block.canonicalEtypes.map((c) => ({ canonical: [`${c[0]}_src`, c[1], `${c[2]}_dst`] as const, ...cooOf(block, c) }));
  const out = buildGraph(counts, rels, undefined, true);
  for (const t of block.srctypes) copyFrame(block.srcFrame(t), out.nodeFrame(`${t}_src`));
  for (const t of block.dsttypes) copyFrame(block.dstFrame(t), out.nodeFrame(`${t}_dst`));
  block.canonicalEtypes.forEach((c, i) => copyFrame(block.edgeFrame(c), out.edgeFrame(rels[i].canonical)));
  return out;
}
