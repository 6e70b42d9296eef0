import type { Module, StateDict } from '../../nn/module.js';
import { SAGEConv } from '../../nn/conv/sage-conv.js';
import { GATConv } from '../../nn/conv/gat-conv.js';
import { type ImportOptions, type ImportResult, type LayerMap, checkImport, mapStateDict } from './name-map.js';

/**
 * DGL SAGEConv -> SAGEConv: DGL keeps the bias inside `fc_self` (aggregators mean, pool, lstm) and
 * as `bias` only for 'gcn'; deepgraph always has a separate `bias`. Other names are DGL's in
 * camelCase (fc_neigh -> fcNeigh, fc_pool -> fcPool, lstm.weight_ih_l0 -> lstm.weightIhL0).
 */
const SAGE: LayerMap = { params: { bias: ['bias', 'fc_self.bias', 'fc_neigh.bias'] } };

/**
 * DGL GATConv -> GATConv: with a linear residual (input size != heads * outFeats) DGL folds the
 * bias into `res_fc.bias`; deepgraph keeps `bias` separate (the sum is the same). fc, fc_src,
 * fc_dst, attn_l, attn_r, res_fc.weight by name.
 */
const GAT: LayerMap = { params: { bias: ['bias', 'res_fc.bias'] } };

/**
 * GraphConv (weight [in, out] as in DGL), GINConv (apply_func -> applyFunc, eps), SGConv (fc),
 * APPNPConv (no weights), RelGraphConv (linear_r.W / linear_r.coeff, h_bias, loop_weight,
 * layer_norm_weight), TypedLinear, Linear, LayerNorm, BatchNorm1d (running_mean, running_var,
 * num_batches_tracked as int32), LSTM: DGL's names in camelCase, same layouts, same semantics.
 */
function dglLayer(m: Module): LayerMap | null {
  if (m instanceof SAGEConv) return SAGE;
  if (m instanceof GATConv) return GAT;
  return null;
}

/** fromDGL with the missing / unexpected keys returned instead of thrown. */
export function mapFromDGL(stateDict: StateDict, model: Module, opts: ImportOptions = {}): ImportResult {
  return mapStateDict(stateDict, model, dglLayer, 'fromDGL', opts);
}

/**
 * A DGL (PyTorch backend) state dict, read by dg.loadTorch, renamed for the deepgraph `model`
 * whose module tree mirrors the DGL model's (attribute names as in DGL or their camelCase, or
 * opts.rename). Returns the deepgraph state dict for `model.loadStateDict`. DGL's layers and
 * deepgraph's share semantics (no self loops are added; GraphConv normalises by out-degree of the
 * source and in-degree of the destination), so no graph change is needed. Throws naming every
 * missing and unused key (unless strict: false) and any tensor whose shape does not fit.
 */
export function fromDGL(stateDict: StateDict, model: Module, opts: ImportOptions = {}): StateDict {
  return checkImport(mapFromDGL(stateDict, model, opts), 'fromDGL', opts.strict ?? true);
}
