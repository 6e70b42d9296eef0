/**
 * The index plan and the attention half shared by the fused RGAT layers (RelationalGATConv and
 * FeaturelessRelationalGATConv): they differ only in how each (source, relation) pair's projected
 * features and each (destination, relation) group's attention score are made.
 */
import { Tensor } from '../../tensor/tensor.js';
import { allocate, type DType } from '../../tensor/dtype.js';
import { add, mul } from '../../tensor/elementwise.js';
import { leakyRelu } from '../../tensor/activation.js';
import { sum } from '../../tensor/reduce.js';
import { dropout } from '../../tensor/dropout.js';
import { indexSelect } from '../../tensor/indexing.js';
import { matmul } from '../../tensor/matmul.js';
import { narrow, reshape } from '../../tensor/movement.js';
import { canonicalKey, type CanonicalEtype, type Graph } from '../../graph/graph.js';
import { SparseAdj } from '../../graph/sparse.js';
import { edgeSoftmax } from '../../message/edge-softmax.js';
import { uAddV, uMulESum } from '../../message/shortcuts.js';

/** Index arrays of one graph and one set of active relations: built once, reused every epoch. */
export interface RgatPlan {
  srcTypes: string[];
  srcCounts: number[];
  dstTypes: string[];
  dstCounts: number[];
  /** Per distinct (source node, relation): its row in the concatenated source features; grouped by relation. */
  pairRow: Int32Array;
  pairRel: Int32Array;
  pairCounts: Int32Array;
  /** Per distinct (destination node, relation): its row in the concatenated destination features; grouped by relation. */
  qRow: Int32Array;
  qRel: Int32Array;
  qCounts: Int32Array;
  /** Edges from source pairs to destination pairs (softmax groups) and, same edge order, to destination nodes. */
  toGroups: SparseAdj;
  toNodes: SparseAdj;
  /** [destination types, relations]: 1 where the relation runs into the type (its bias is added there); null without bias. */
  biasMask: Tensor | null;
  dstTypeOfRow: Int32Array;
}

/** What the attention half reads of a layer. */
export interface RgatAttention {
  readonly attnL: Tensor;
  readonly bias: Tensor | null;
  readonly negativeSlope: number;
  readonly attnDrop: number;
  readonly attentionMode: 'within' | 'across';
  readonly training: boolean;
}

/** The plan of `active` (ascending indices into `relations`) on g; biasDtype null: no bias mask. */
export function buildRgatPlan(g: Graph, relations: readonly CanonicalEtype[], active: readonly number[], biasDtype: DType | null): RgatPlan {
  const R = relations.length;
  const used = (side: 0 | 2, order: readonly string[]): string[] => order.filter((t) => active.some((r) => relations[r][side] === t));
  const srcTypes = used(0, g.srctypes), dstTypes = used(2, g.dsttypes);
  const srcCounts = srcTypes.map((t) => g.numSrcNodes(t)), dstCounts = dstTypes.map((t) => g.numDstNodes(t));
  const offsets = (types: string[], counts: number[]): Map<string, number> => {
    let at = 0;
    return new Map(types.map((t, i) => { const o = at; at += counts[i]; return [t, o]; }));
  };
  const srcOffset = offsets(srcTypes, srcCounts), dstOffset = offsets(dstTypes, dstCounts);
  const numDstRows = dstCounts.reduce((a, b) => a + b, 0);
  const E = active.reduce((a, r) => a + g.numEdges(relations[r]), 0);
  const pairRow = new Int32Array(E), pairRel = new Int32Array(E), qRow = new Int32Array(E), qRel = new Int32Array(E);
  const pairCounts = new Int32Array(R), qCounts = new Int32Array(R);
  const edgePair = new Int32Array(E), edgeQ = new Int32Array(E), edgeDst = new Int32Array(E);
  const biasMask = biasDtype === null ? null : new Tensor(allocate(biasDtype, dstTypes.length * R), [dstTypes.length, R], biasDtype);
  let P = 0, Q = 0, e = 0;
  for (const r of active) {
    const c = relations[r];
    const { src, dst } = g.sparse(canonicalKey(c)).coo();
    const so = srcOffset.get(c[0])!, d = dstTypes.indexOf(c[2]), dOff = dstOffset.get(c[2])!;
    if (biasMask !== null) biasMask.data[d * R + r] = 1;
    // Distinct sources and destinations of this relation, numbered in first-seen order.
    const pairOf = new Int32Array(g.numSrcNodes(c[0])).fill(-1), qOf = new Int32Array(g.numDstNodes(c[2])).fill(-1);
    for (let i = 0; i < src.length; i++, e++) {
      if (pairOf[src[i]] < 0) { pairOf[src[i]] = P; pairRow[P] = so + src[i]; pairRel[P++] = r; pairCounts[r]++; }
      if (qOf[dst[i]] < 0) { qOf[dst[i]] = Q; qRow[Q] = dOff + dst[i]; qRel[Q++] = r; qCounts[r]++; }
      edgePair[e] = pairOf[src[i]];
      edgeQ[e] = qOf[dst[i]];
      edgeDst[e] = dOff + dst[i];
    }
  }
  const dstTypeOfRow = new Int32Array(numDstRows);
  dstTypes.forEach((t, i) => dstTypeOfRow.fill(i, dstOffset.get(t)!, dstOffset.get(t)! + dstCounts[i]));
  return {
    srcTypes, srcCounts, dstTypes, dstCounts,
    pairRow: pairRow.slice(0, P), pairRel: pairRel.slice(0, P), pairCounts, qRow: qRow.slice(0, Q), qRel: qRel.slice(0, Q), qCounts,
    toGroups: SparseAdj.fromCoo(edgePair, edgeQ, P, Q, 'RelationalGATConv'),
    toNodes: SparseAdj.fromCoo(edgePair, edgeDst, P, numDstRows, 'RelationalGATConv'),
    biasMask, dstTypeOfRow,
  };
}

/**
 * From the pairs' projected features feat [P, heads, out] and the groups' destination scores
 * er [Q, heads, 1]: LeakyReLU(a_r · feat + er) per edge, the softmax (per group, or per destination
 * node across relations), the weighted sum into destination nodes and the biases of the relations
 * into each type. Returns [nodes, heads, out] per destination type.
 */
export function attendRelations(plan: RgatPlan, feat: Tensor, er: Tensor, layer: RgatAttention): Record<string, Tensor> {
  const [, H, F] = feat.shape;
  const el = sum(mul(feat, indexSelect(layer.attnL, 0, plan.pairRel)), -1, true);
  const logits = leakyRelu(uAddV(plan.toGroups, el, er), layer.negativeSlope);
  // toGroups and toNodes list the same edges in the same order: only the softmax's groups differ.
  const groups = layer.attentionMode === 'within' ? plan.toGroups : plan.toNodes;
  const attention = dropout(edgeSoftmax(groups, logits), layer.attnDrop, layer.training);
  let out = uMulESum(plan.toNodes, feat, attention);
  if (layer.bias !== null && plan.biasMask !== null) {
    const perType = matmul(plan.biasMask, layer.bias);
    out = add(out, reshape(indexSelect(perType, 0, plan.dstTypeOfRow), [-1, H, F]));
  }
  const result: Record<string, Tensor> = {};
  let offset = 0;
  plan.dstTypes.forEach((t, i) => { result[t] = narrow(out, 0, offset, plan.dstCounts[i]); offset += plan.dstCounts[i]; });
  return result;
}
