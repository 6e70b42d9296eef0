import type { Module, StateDict } from '../../nn/module.js';
import { GraphConv } from '../../nn/conv/graph-conv.js';
import { SAGEConv } from '../../nn/conv/sage-conv.js';
import { GATConv } from '../../nn/conv/gat-conv.js';
import { GINConv } from '../../nn/conv/gin-conv.js';
import { SGConv } from '../../nn/conv/sg-conv.js';
import { RelGraphConv } from '../../nn/conv/rel-graph-conv.js';
import { BatchNorm1d } from '../../nn/norm.js';
import { type Candidate, type ImportOptions, type ImportResult, type LayerMap, checkImport, mapStateDict } from './name-map.js';
import { attentionHalf, biasPerHead, reshapedToTarget, sharedWith, transposed } from './layouts.js';

const T = (name: string): Candidate => ({ name, convert: transposed });

/**
 * PyG GCNConv -> GraphConv: `lin.weight` [out, in] transposed to [in, out] (PyG < 2.0: `weight`
 * [in, out]); `bias` as is. Semantics differ: GCNConv adds the missing self loops and normalises
 * with degrees that count them, and uses in-degrees on both sides; run GraphConv (norm 'both') on
 * dg.addSelfLoop(g) of a symmetric graph to get PyG's output.
 */
const GCN: LayerMap = { params: { weight: [T('lin.weight'), 'weight'], bias: ['bias'] } };

/**
 * PyG SAGEConv -> SAGEConv: `lin_l` (neighbours, carries the bias) -> fcNeigh + bias, `lin_r`
 * (root, no bias) -> fcSelf. aggregator 'mean' = aggr='mean'; 'gcn' = root_weight=False run on the
 * graph with self loops added (the mean then includes the node); 'pool' = project=True with
 * aggr='max' (`lin` -> fcPool). PyG's LSTM aggregation pads differently and is not mapped.
 */
const SAGE: LayerMap = {
  params: { 'fcNeigh.weight': ['lin_l.weight'], 'fcSelf.weight': ['lin_r.weight'], bias: ['lin_l.bias'], 'fcPool.weight': ['lin.weight'], 'fcPool.bias': ['lin.bias'] },
};

/**
 * PyG GATConv -> GATConv: `lin_src`/`lin_dst` (2.4; one shared module when the input is one size),
 * `lin` (2.5+), `lin_l`/`lin_r` (1.7-2.0) or `weight` [in, H*F] (< 1.7, transposed) -> fc or
 * fcSrc/fcDst; `att_src` -> attnL, `att_dst` -> attnR (or the halves of a fused `att` [1, H, 2F]:
 * first half the destination, second the source); `bias`, repeated per head for concat=False
 * (then average deepgraph's [N, H, F] output over heads). GATConv adds self loops by default:
 * give deepgraph dg.addSelfLoop(g). Edge features (edge_dim) are not mapped.
 */
function gat(m: GATConv): LayerMap {
  const single: Candidate[] = ['lin.weight', { name: 'lin_src.weight', convert: sharedWith('lin_dst.weight') }, 'lin_l.weight', T('weight')];
  const params: Record<string, readonly Candidate[]> = {
    attnL: ['att_src', 'att_l', { name: 'att', convert: attentionHalf(1) }],
    attnR: ['att_dst', 'att_r', { name: 'att', convert: attentionHalf(0) }],
    bias: [{ name: 'bias', convert: biasPerHead }],
  };
  if (m.fc !== null) params['fc.weight'] = single;
  else {
    params['fcSrc.weight'] = ['lin_src.weight', 'lin_l.weight'];
    params['fcDst.weight'] = ['lin_dst.weight', 'lin_r.weight'];
  }
  if (m.resFc !== null) params['resFc.weight'] = ['res.weight'];
  return { params };
}

/** PyG GINConv -> GINConv: `nn` -> applyFunc (mapped recursively), `eps` (buffer or parameter) as is. */
const GIN: LayerMap = { children: { applyFunc: ['nn'] } };

/** PyG SGConv -> SGConv: `lin` -> fc. PyG adds self loops before propagating; deepgraph expects them in the graph. */
const SG: LayerMap = { children: { fc: ['lin'] } };

/**
 * PyG RGCNConv -> RelGraphConv: `weight` [B, in, out] (num_bases) or [R, in, out] -> linearR.W,
 * `comp` [R, B] -> linearR.coeff, `root` -> loopWeight, `bias` -> hBias; num_blocks' [R, B, in/B,
 * out/B] becomes the 'bdd' layout [R, B * in/B * out/B]. RGCNConv averages per relation (aggr
 * 'mean'): pass norm = 1 / (in-degree of the destination within the edge's relation) to forward.
 */
const RGCN: LayerMap = {
  params: { 'linearR.W': [{ name: 'weight', convert: reshapedToTarget }], 'linearR.coeff': ['comp'], loopWeight: ['root'], hBias: ['bias'] },
};

/** torch BatchNorm1d as is (snake_case buffers); PyG's BatchNorm wrapper keeps it under `module.`. */
const BATCH_NORM: LayerMap = {
  params: Object.fromEntries(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
    .map((n) => [n.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), [n, `module.${n}`]])),
};

function pygLayer(m: Module): LayerMap | null {
  if (m instanceof GraphConv) return GCN;
  if (m instanceof SAGEConv) return SAGE;
  if (m instanceof GATConv) return gat(m);
  if (m instanceof GINConv) return GIN;
  if (m instanceof SGConv) return SG;
  if (m instanceof RelGraphConv) return RGCN;
  if (m instanceof BatchNorm1d) return BATCH_NORM;
  return null; // Linear, LayerNorm, APPNPConv (no parameters), containers: same names.
}

/** fromPyG with the missing / unexpected keys returned instead of thrown. */
export function mapFromPyG(stateDict: StateDict, model: Module, opts: ImportOptions = {}): ImportResult {
  return mapStateDict(stateDict, model, pygLayer, 'fromPyG', opts);
}

/**
 * A PyTorch Geometric state dict (torch.save(model.state_dict()) read by dg.loadTorch) renamed and
 * re-laid-out for the deepgraph `model`, whose module tree mirrors the PyG model's (same attribute
 * names, or opts.rename). Returns the deepgraph state dict: `model.loadStateDict(dg.fromPyG(sd, model))`.
 * Maps GCNConv, SAGEConv, GATConv, GINConv (with its nn), APPNP (no weights), SGConv, RGCNConv,
 * Linear, BatchNorm1d, LayerNorm; see docs/interop/pytorch.md for where the layers' semantics differ.
 * Throws naming every missing and unused key (unless strict: false) and any tensor whose shape does not fit.
 */
export function fromPyG(stateDict: StateDict, model: Module, opts: ImportOptions = {}): StateDict {
  return checkImport(mapFromPyG(stateDict, model, opts), 'fromPyG', opts.strict ?? true);
}
