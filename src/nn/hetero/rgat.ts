import { DeepGraphError } from '../../errors.js';
import { canonicalKey, type CanonicalEtype } from '../../graph/graph.js';
import { GATConv, type GATConvOptions } from '../conv/gat-conv.js';
import { HeteroGraphConv, type HeteroAggregate } from '../conv/hetero-graph-conv.js';

export interface RelationalGATOptions extends GATConvOptions {
  /** How relations into one node type are merged (default 'sum', as RGAT sums relation outputs). */
  aggregate?: HeteroAggregate;
}

/**
 * Relational GAT as a composition (what DGL's examples build; no DGL class of this name): one
 * GATConv per canonical relation, with its own projection and attention vectors, inside a
 * HeteroGraphConv that sums the relations' outputs per destination type. inFeats is one size for
 * every node type or a size per type; a relation between two node types projects sources and
 * destinations separately (GATConv's fcSrc / fcDst), one within a type shares fc. Outputs are [nodes, numHeads, outFeats] per node type, as GATConv's;
 * flatten or average the heads as the model needs. Modules are keyed 'src:etype:dst'.
 * Not PyG's RGATConv, which shares one projection across relations. `RelationalGATConv` computes
 * the same in one fused pass (one module for all relations); this composition is its reference.
 */
export function relationalGAT(canonicalEtypes: readonly CanonicalEtype[], inFeats: number | Readonly<Record<string, number>>,
  outFeats: number, numHeads: number, opts: RelationalGATOptions = {}): HeteroGraphConv {
  if (canonicalEtypes.length === 0) throw new DeepGraphError('relationalGAT: no relation given');
  const { aggregate, ...gat } = opts;
  const sizeOf = (ntype: string): number => {
    if (typeof inFeats === 'number') return inFeats;
    const n = inFeats[ntype];
    if (n === undefined) throw new DeepGraphError(`relationalGAT: inFeats has no size for node type '${ntype}'; it has [${Object.keys(inFeats).join(', ')}]`);
    return n;
  };
  const mods = canonicalEtypes.map((c): [string, GATConv] => {
    const [s, d] = [sizeOf(c[0]), sizeOf(c[2])];
    return [canonicalKey(c), new GATConv(s === d && c[0] === c[2] ? s : [s, d], outFeats, numHeads, { ...gat, allowZeroInDegree: true })];
  });
  return new HeteroGraphConv(mods, aggregate ?? 'sum');
}
