/**
 * Byte and FLOP models of the workloads (shared/BENCH.md), the same for every system timed, so a
 * throughput or a roofline compares work, not implementations. Float32 features, int32 ids.
 *
 * Sparse kernels are memory bound: bytes = what must cross the memory bus at least once.
 * Dense work counts only matrix products (2·M·K·N); elementwise passes are not counted.
 */

/** g-SpMM copyU-sum (BENCH.md): one source row per edge, each output row written once, CSC indices and offsets. */
export function spmmCopyBytes(edges: number, nodes: number, feats: number): number {
  return edges * feats * 4 + nodes * feats * 4 + edges * 4 + (nodes + 1) * 4;
}
export const SPMM_COPY_MODEL = 'E*F*4 + N*F*4 + E*4 + (N+1)*4';

/**
 * The least a g-SpMM over N source rows can move: each source row read once (a row gathered again
 * while it is still in cache costs no memory traffic), each output row written once, the indices.
 * The BENCH.md model counts every gathered row; the bus traffic lies between the two (near the
 * model when the source features are much larger than the last-level cache).
 */
export function spmmCompulsoryBytes(edges: number, nodes: number, feats: number): number {
  return 2 * nodes * feats * 4 + edges * 4 + (nodes + 1) * 4;
}

/** g-SpMM uMulE-sum: copyU-sum plus the edge values (width R) and the edge id per CSC position. */
export function spmmEdgeBytes(edges: number, nodes: number, feats: number, edgeFeats: number): number {
  return spmmCopyBytes(edges, nodes, feats) + edges * edgeFeats * 4 + edges * 4;
}
export const SPMM_EDGE_MODEL = 'E*F*4 + N*F*4 + E*4 + (N+1)*4 + E*R*4 (edge values) + E*4 (edge ids)';

/** g-SDDMM uDotV (BENCH.md): both endpoint rows per edge, one output per edge, both endpoint ids. */
export function sddmmDotBytes(edges: number, feats: number): number {
  return 2 * edges * feats * 4 + edges * 4 + edges * 8;
}
export const SDDMM_DOT_MODEL = '2*E*F*4 + E*4 + E*8';

/** g-SDDMM with an elementwise op of two node rows of width F (GAT's el[u] + er[v]): reads both, writes E*F. */
function sddmmElementwiseBytes(edges: number, feats: number): number {
  return 2 * edges * feats * 4 + edges * feats * 4 + edges * 8;
}

/** g-SpMM copyE-sum of width F: edge values (in CSC order through the edge ids) reduced onto nodes. */
function copyEBytes(edges: number, nodes: number, feats: number): number {
  return edges * feats * 4 + nodes * feats * 4 + edges * 4 + (nodes + 1) * 4;
}

/** Edge softmax over in-edges, K heads: logits read once, output written once (a row's segment stays in cache). */
function edgeSoftmaxBytes(edges: number, nodes: number, heads: number): number {
  return 2 * edges * heads * 4 + edges * 4 + (nodes + 1) * 4;
}

/** STREAM's counting: bytes moved per element (writes count once; write-allocate traffic is not counted). */
export const STREAM_BYTES_PER_ELEMENT: Record<string, number> = { copy: 16, scale: 16, add: 24, triad: 24, read: 8 };

export function matmulFlops(m: number, k: number, n: number): number {
  return 2 * m * k * n;
}

export interface EpochCost {
  denseFlops: number;
  sparseBytes: number;
  model: string;
}

/**
 * A GraphConv / SAGEConv-style layer on N nodes and E edges: DGL multiplies before aggregating when
 * in > out, so the aggregation runs on width min(in, out). `linears` is 1 for GraphConv, 2 for SAGEConv
 * (fc_self + fc_neigh). Backward: one product for each weight gradient and, when the input needs a
 * gradient, one for it; the aggregation's backward is a g-SpMM on the reversed graph unless the
 * aggregation ran on an input that needs no gradient.
 */
function convLayer(nodes: number, edges: number, fin: number, fout: number, linears: number, inputNeedsGrad: boolean): EpochCost {
  const product = matmulFlops(nodes, fin, fout);
  const aggWidth = Math.min(fin, fout);
  const aggregateFirst = fin <= fout;
  const dense = linears * product * (2 + (inputNeedsGrad ? 1 : 0));
  const aggBackward = aggregateFirst ? inputNeedsGrad : true;
  const sparse = spmmCopyBytes(edges, nodes, aggWidth) * (aggBackward ? 2 : 1);
  return { denseFlops: dense, sparseBytes: sparse, model: '' };
}

function add(a: EpochCost, b: EpochCost): EpochCost {
  return { denseFlops: a.denseFlops + b.denseFlops, sparseBytes: a.sparseBytes + b.sparseBytes, model: a.model || b.model };
}

/** Two-layer GCN (GraphConv in→hidden, relu, dropout, GraphConv hidden→classes): forward + backward. */
export function gcnEpochCost(nodes: number, edges: number, fin: number, hidden: number, classes: number): EpochCost {
  const c = add(convLayer(nodes, edges, fin, hidden, 1, false), convLayer(nodes, edges, hidden, classes, 1, true));
  return { ...c, model: 'matmuls 2*M*K*N (fwd, weight grads, input grads of layer 2); g-SpMM copyU-sum on width min(in,out) fwd + bwd' };
}

/**
 * An epoch whose input [nodes, fin] is given as its nnz nonzeros: the first layer's x W (width out)
 * and its weight gradient x^T dY read each nonzero (value + column index) and a row of width out,
 * so that product moves from the dense FLOPs to the sparse bytes (g-SpMM uMulE-sum, fwd + bwd).
 */
export function sparseInputCost(dense: EpochCost, nodes: number, fin: number, nnz: number, out: number): EpochCost {
  return {
    denseFlops: dense.denseFlops - 2 * matmulFlops(nodes, fin, out),
    sparseBytes: dense.sparseBytes + 2 * spmmEdgeBytes(nnz, nodes, out, 1),
    model: dense.model + '; the first x W and its weight gradient as g-SpMM uMulE-sum over the input\'s nnz nonzeros instead of matmuls',
  };
}

/** Two-layer GraphSAGE with mean aggregation (fc_self + fc_neigh per layer). */
export function sageEpochCost(nodes: number, edges: number, fin: number, hidden: number, classes: number): EpochCost {
  const c = add(convLayer(nodes, edges, fin, hidden, 2, false), convLayer(nodes, edges, hidden, classes, 2, true));
  return { ...c, model: 'matmuls 2*M*K*N (fc_self + fc_neigh, fwd + bwd); g-SpMM copyU-sum on width min(in,out) fwd + bwd' };
}

/** One SAGEConv(F, F, mean) layer whose input needs a gradient, forward + backward. */
export function sageLayerCost(nodes: number, edges: number, feats: number): EpochCost {
  return { ...convLayer(nodes, edges, feats, feats, 2, true), model: 'matmuls 12*N*F*F; g-SpMM copyU-sum width F fwd + bwd' };
}

/**
 * One GATConv layer (K heads of width D): projection, logits el[u] + er[v] (g-SDDMM), edge softmax,
 * weighted sum (g-SpMM uMulE-sum, edge value per head); backward: g-SpMM on the reversed graph for
 * the features, g-SDDMM (dot per head) for the attention, edge-softmax backward (reads y and dy,
 * writes dlogits), and two copyE-sum reductions of the logit gradient onto el and er.
 */
function gatLayer(nodes: number, edges: number, fin: number, heads: number, width: number, inputNeedsGrad: boolean): EpochCost {
  const kd = heads * width;
  const dense = matmulFlops(nodes, fin, kd) * (2 + (inputNeedsGrad ? 1 : 0));
  const aggregate = spmmEdgeBytes(edges, nodes, kd, heads);
  const forward = sddmmElementwiseBytes(edges, heads) + edgeSoftmaxBytes(edges, nodes, heads) + aggregate;
  const backward = aggregate + (2 * edges * kd * 4 + edges * heads * 4 + edges * 8)
    + (3 * edges * heads * 4 + edges * 4 + (nodes + 1) * 4) + 2 * copyEBytes(edges, nodes, heads);
  return { denseFlops: dense, sparseBytes: forward + backward, model: '' };
}

/** Two-layer GAT as DGL's example: GATConv(in, hidden, heads) + elu, GATConv(hidden*heads, classes, 1 head). */
export function gatEpochCost(nodes: number, edges: number, fin: number, hidden: number, heads: number, classes: number): EpochCost {
  const c = add(gatLayer(nodes, edges, fin, heads, hidden, false), gatLayer(nodes, edges, hidden * heads, 1, classes, true));
  return {
    ...c,
    model: 'matmuls 2*M*K*N; per layer g-SDDMM el+er, edge softmax, g-SpMM uMulE-sum fwd; bwd g-SpMM, g-SDDMM dot, ' +
      'edge-softmax bwd, 2 copyE-sum (elementwise passes on edges not counted)',
  };
}

/** A sampled block's sizes: source rows, destination rows, edges. */
export interface BlockSize {
  src: number;
  dst: number;
  edges: number;
}

/**
 * One minibatch GraphSAGE ('mean') step on sampled blocks: the feature gather (each input row read
 * at random and written once), then per layer the convLayer rule on the block (aggregate on the
 * narrower side; fc_self on the destination rows, fc_neigh on the destination rows after
 * aggregating or on the source rows before it), forward and backward, the first layer's input
 * needing no gradient. The Adam step reads and writes parameters, gradients and two moments.
 */
export function sageMinibatchStepCost(blocks: readonly BlockSize[], widths: readonly number[], params: number): EpochCost {
  let denseFlops = 0, sparseBytes = blocks[0].src * widths[0] * 4 * 2 + blocks[0].src * 4;
  blocks.forEach((b, l) => {
    const fin = widths[l], fout = widths[l + 1], needsGrad = l > 0, passes = 2 + (needsGrad ? 1 : 0);
    const aggregateFirst = fin <= fout;
    denseFlops += matmulFlops(b.dst, fin, fout) * passes + matmulFlops(aggregateFirst ? b.dst : b.src, fin, fout) * passes;
    const spmm = spmmCopyBytes(b.edges, b.dst, Math.min(fin, fout));
    sparseBytes += spmm * (aggregateFirst && !needsGrad ? 1 : 2);
  });
  sparseBytes += params * 4 * 7;  // Adam: read param, grad, m, v; write param, m, v
  return {
    denseFlops, sparseBytes,
    model: 'gather 2*S*F*4 + S*4; per block fc_self + fc_neigh matmuls 2*M*K*N fwd + bwd; g-SpMM copyU-sum on width min(in,out) ' +
      'fwd (+ bwd where needed); Adam 7*P*4',
  };
}
