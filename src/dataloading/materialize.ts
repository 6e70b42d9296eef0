/** Turns a BatchResult (arrays) into what the loader yields: id tensors, block graphs, pair graphs. */
import { Graph, canonicalKey } from '../graph/graph.js';
import { SparseAdj } from '../graph/sparse.js';
import { EID, NID, idTensor } from '../graph/ids.js';
import { gatherRows } from '../graph/rows.js';
import { Tensor } from '../tensor/tensor.js';
import { blockFromSpec, schemaOf } from './block.js';
import type { BatchResult, GatheredFeature, NeighborPlan, PairSpec, SamplerPlan } from './plan.js';

/** Node ids of a batch: a tensor on graphs with one node type, else one tensor per node type. */
export type NodeIds = Tensor | Readonly<Record<string, Tensor>>;
/** What a node loader yields: [inputNodes, outputNodes, blocks] (blocks[0] is the input layer). */
export type NodeMiniBatch = [inputNodes: NodeIds, outputNodes: NodeIds, blocks: Graph[]];
/** What an edge loader yields; negPairGraph is null without a negative sampler. */
export type EdgeMiniBatch = [inputNodes: NodeIds, pairGraph: Graph, negPairGraph: Graph | null, blocks: Graph[]];

function nodeIds(g: Graph, ids: Int32Array[]): NodeIds {
  if (g.ntypes.length === 1) return idTensor(ids[0]);
  return Object.fromEntries(g.ntypes.map((t, i) => [t, idTensor(ids[i])]));
}

const tensorOf = (f: GatheredFeature, n: number): Tensor => new Tensor(f.data, [n, ...f.rowShape], f.dtype);

/**
 * Features the plan names but the result lacks were left to the main thread because they need
 * gradients: gather them here, differentiably (only possible on the thread that owns the graph).
 */
function setFeatures(frame: import('../graph/frame.js').Frame, names: readonly string[], got: Record<string, GatheredFeature>,
  ids: Int32Array, source: import('../graph/frame.js').Frame): void {
  for (const name of names) {
    const f = got[name];
    if (f !== undefined) frame.set(name, tensorOf(f, ids.length));
    else if (source.has(name)) frame.set(name, gatherRows(source.get(name), ids));
  }
}

function pairGraph(g: Graph, relation: number, p: PairSpec): Graph {
  const ntypes = g.ntypes, canon = g.canonicalEtypes;
  const out = Graph.fromSpec({
    ntypes, numNodes: p.nodes.map((n) => n.length),
    relations: canon.map((c, r) => {
      const [s, d] = r === relation ? [p.src, p.dst] : [new Int32Array(0), new Int32Array(0)];
      return { srcType: c[0], etype: c[1], dstType: c[2], adj: SparseAdj.fromCoo(s, d, p.nodes[ntypes.indexOf(c[0])].length, p.nodes[ntypes.indexOf(c[2])].length) };
    }),
  });
  ntypes.forEach((t, i) => out.nodeFrame(t).set(NID, idTensor(p.nodes[i])));
  if (p.eid.length === p.src.length) out.edgeFrame(canonicalKey(canon[relation])).set(EID, idTensor(p.eid));
  return out;
}

function blocksOf(g: Graph, plan: NeighborPlan, b: BatchResult): Graph[] {
  const schema = schemaOf(g);
  const blocks = b.blocks.map((spec) => blockFromSpec(schema, spec));
  const first = blocks[0], last = blocks[blocks.length - 1];
  g.ntypes.forEach((t, i) => {
    setFeatures(first.srcFrame(t), plan.nodeFeatures, b.nodeFeatures[i], b.inputNodes[i], g.nodeFrame(t));
    setFeatures(last.dstFrame(t), plan.labels, b.labels[i], b.outputNodes[i], g.nodeFrame(t));
  });
  const keys = g.canonicalEtypes.map(canonicalKey);
  blocks.forEach((blk, l) => keys.forEach((key, r) => {
    setFeatures(blk.edgeFrame(key), plan.edgeFeatures, b.edgeFeatures[l][r], b.blocks[l].edges[r].eid, g.edgeFrame(key));
  }));
  return blocks;
}

export function nodeMiniBatch(g: Graph, plan: NeighborPlan, b: BatchResult): NodeMiniBatch {
  return [nodeIds(g, b.inputNodes), nodeIds(g, b.outputNodes), blocksOf(g, plan, b)];
}

export function edgeMiniBatch(g: Graph, plan: SamplerPlan & { kind: 'edge' }, b: BatchResult): EdgeMiniBatch {
  const blocks = blocksOf(g, plan.blocks, b);
  return [nodeIds(g, b.inputNodes), pairGraph(g, plan.relation, b.pair!), b.negPair === null ? null : pairGraph(g, plan.relation, b.negPair), blocks];
}
