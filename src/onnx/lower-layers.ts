/**
 * Layers lowered whole instead of op by op, because their forward works on index arrays made
 * from the structure (RelGraphConv sorts edges by type) or caches a graph-specific result
 * (SGConv with cached: true). Their sub-modules (norms, activations, the final linear layer)
 * are traced as usual on a stand-in input.
 */
import { DeepGraphError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import { RelGraphConv } from '../nn/conv/rel-graph-conv.js';
import { SGConv } from '../nn/conv/sg-conv.js';
import { FeaturelessRelGraphConv, NodeEmbeddingInput } from '../nn/conv/featureless-rel-graph-conv.js';
import { floatArray } from './builder.js';
import type { LowerContext } from './context.js';

export interface LayerLowering {
  matches(m: Module): boolean;
  lower(ctx: LowerContext, m: Module, args: readonly unknown[], out: Tensor): string;
}

/** The private activation of a layer (set through callableOf), or null. */
function activationOf(m: Module): ((x: Tensor) => Tensor) | null {
  return (m as unknown as { activation: ((x: Tensor) => Tensor) | null }).activation ?? null;
}

/**
 * sum over in-edges of W_{type(e)} h_src: every node is multiplied by all relations' weights at
 * once ([N, in] x [in, R * out]), and edge e gathers row src * R + type.
 */
function lowerRelGraphConv(ctx: LowerContext, m: Module, args: readonly unknown[], out: Tensor): string {
  const conv = m as RelGraphConv;
  const [, feat, etypes, opts] = args as [unknown, Tensor, unknown, { norm?: Tensor | null } | undefined];
  if (conv.linearR.regularizer === 'bdd') throw new DeepGraphError(`ONNX export: RelGraphConv's 'bdd' regularizer has no ONNX lowering (in ${ctx.layer})`);
  const b = ctx.b, R = conv.numRels, I = conv.inFeat, O = conv.outFeat;
  const w = ctx.quietly(() => conv.linearR.getWeight());
  const wide = new Array<number>(I * R * O);
  for (let r = 0; r < R; r++) for (let i = 0; i < I; i++) for (let o = 0; o < O; o++) wide[i * R * O + r * O + o] = w.data[(r * I + i) * O + o] as number;
  const x = ctx.value(feat);
  const perRelation = b.node('MatMul', [x, b.constant(floatArray(b.floatCode, wide), [I, R * O], b.floatCode, 'rel_weight')], {}, 'per_relation');
  const rows = b.node('Reshape', [perRelation, b.ints([-1, O])], {}, 'relation_rows');
  const pick = b.node('Add', [b.node('Mul', [ctx.graph.src, b.ints([R])]), ctx.etypes(etypes)], {}, 'relation_row_of_edge');
  const messages = normed(ctx, b.node('Gather', [rows, pick], { axis: { i: 0 } }, 'messages'), opts?.norm);
  let h = ctx.graph.scatter(messages, 'dst', 'sum', 2, 'rel_sum');
  const shape = [out.shape[0], O];
  if (conv.layerNormWeight !== null) h = ctx.traceCall((t) => conv.layerNormWeight!.forward(t), h, shape);
  if (conv.hBias !== null) h = b.node('Add', [h, ctx.value(conv.hBias)], {}, 'biased');
  if (conv.loopWeight !== null) h = b.node('Add', [h, b.node('MatMul', [x, ctx.value(conv.loopWeight)])], {}, 'with_self_loop');
  const act = activationOf(conv);
  if (act !== null) h = ctx.traceCall(act, h, shape);
  return h;
}

/** Multiplies per-edge messages by the layer's norm argument (an input of the file, from the sample's edata). */
function normed(ctx: LowerContext, messages: string, norm: Tensor | null | undefined): string {
  if (norm === undefined || norm === null) return messages;
  const n = ctx.value(norm);
  return ctx.b.node('Mul', [messages, norm.ndim === 2 ? n : ctx.b.node('Unsqueeze', [n, ctx.b.ints([1])])], {}, 'normed_messages');
}

/**
 * R-GCN's featureless first layer: the node ids (the `features` input) pick rows of the relation
 * weights; with a basis decomposition the bases and coefficients are stored as they are and
 * combined by one MatMul in the file ([R, B] x [B, N * out]), so the file stays the parameters' size.
 */
function lowerFeaturelessRelGraphConv(ctx: LowerContext, m: Module, args: readonly unknown[]): string {
  const conv = m as FeaturelessRelGraphConv;
  const [, ids, etypes, opts] = args as [unknown, Tensor, unknown, { norm?: Tensor | null } | undefined];
  const b = ctx.b, N = conv.numNodes, O = conv.outFeat;
  const bases = ctx.value(conv.weight);
  const combined = conv.wComp === null ? bases
    : b.node('MatMul', [ctx.value(conv.wComp), b.node('Reshape', [bases, b.ints([conv.weight.shape[0], N * O])], {}, 'bases_flat')], {}, 'relation_weights');
  const rows = b.node('Reshape', [combined, b.ints([-1, O])], {}, 'relation_rows');
  const idOf = ctx.value(ids);
  const srcIds = ctx.graph.gather(idOf, 'src', 'src_ids');
  const pick = b.node('Add', [b.node('Mul', [ctx.etypes(etypes), b.ints([N])]), srcIds], {}, 'relation_row_of_edge');
  const messages = normed(ctx, b.node('Gather', [rows, pick], { axis: { i: 0 } }, 'messages'), opts?.norm);
  let h = ctx.graph.scatter(messages, 'dst', 'sum', 2, 'rel_sum');
  if (conv.hBias !== null) h = b.node('Add', [h, ctx.value(conv.hBias)], {}, 'biased');
  if (conv.loopWeight !== null) h = b.node('Add', [h, b.node('Gather', [ctx.value(conv.loopWeight), idOf], { axis: { i: 0 } }, 'self_rows')], {}, 'with_self_loop');
  return h;
}

/** The embedding table gathered by node ids onto the edges' sources, normed, summed per destination, biased. */
function lowerNodeEmbeddingInput(ctx: LowerContext, m: Module, args: readonly unknown[]): string {
  const layer = m as NodeEmbeddingInput;
  const [, ids, opts] = args as [unknown, Tensor, { norm?: Tensor | null } | undefined];
  const b = ctx.b;
  const srcIds = ctx.graph.gather(ctx.value(ids), 'src', 'src_ids');
  const messages = normed(ctx, b.node('Gather', [ctx.value(layer.emb), srcIds], { axis: { i: 0 } }, 'messages'), opts?.norm);
  return b.node('Add', [ctx.graph.scatter(messages, 'dst', 'sum', 2, 'emb_sum'), ctx.value(layer.hBias)], {}, 'biased');
}

/** k steps of D^-1/2 A D^-1/2 (in-degrees both sides, as SGConv), then the norm and the linear layer. */
function lowerSGConv(ctx: LowerContext, m: Module, args: readonly unknown[]): string {
  const conv = m as SGConv;
  const [, feat, opts] = args as [unknown, Tensor, { edgeWeight?: unknown } | undefined];
  if (opts?.edgeWeight !== undefined) throw new DeepGraphError(`ONNX export: SGConv's edgeWeight option has no ONNX lowering (in ${ctx.layer})`);
  const norm = ctx.graph.degreePower('in', -0.5, false);
  const edgeNorm = ctx.b.node('Mul', [ctx.graph.gather(norm, 'src'), ctx.graph.gather(norm, 'dst')], {}, 'edge_norm');
  let h = ctx.value(feat);
  for (let step = 0; step < conv.k; step++) {
    h = ctx.graph.scatter(ctx.b.node('Mul', [ctx.graph.gather(h, 'src'), edgeNorm]), 'dst', 'sum', 2, 'propagated');
  }
  const shape = [feat.shape[0], conv.inFeats];
  const normFn = (conv as unknown as { normFn: ((x: Tensor) => Tensor) | null }).normFn;
  if (normFn !== null) h = ctx.traceCall(normFn, h, shape);
  return ctx.traceCall((t) => conv.fc.forward(t), h, shape);
}

export const LAYER_LOWERINGS: LayerLowering[] = [
  { matches: (m) => m instanceof RelGraphConv, lower: lowerRelGraphConv },
  { matches: (m) => m instanceof SGConv, lower: (ctx, m, args) => lowerSGConv(ctx, m, args) },
  { matches: (m) => m instanceof FeaturelessRelGraphConv, lower: lowerFeaturelessRelGraphConv },
  { matches: (m) => m instanceof NodeEmbeddingInput, lower: lowerNodeEmbeddingInput },
];
