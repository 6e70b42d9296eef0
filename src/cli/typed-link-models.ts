/**
 * The encoders of `deepgraph train --task link` on a typed graph (typed-link-train.ts): each maps
 * the training graph to an embedding per node type.
 *   rgcn, sage: HeteroGraphConv of GraphConv (norm 'right', plus a self loop: DGL's
 *               RelGraphConvLayer) or SAGEConv (mean) per relation, summed;
 *   rgat:       the same with RelationalGATConv layers (a GAT per relation in one fused pass);
 *   hgt:        two HGTConv layers (Hu et al. 2020) on the homogeneous view, LayerNorm on;
 *   han:        for the target's two node types, two HANConv layers over every metapath that
 *               leaves the type and returns to it in two hops (e.g. user-item-user), plus a self loop.
 * Every input is TypedInput: a Linear on a type's features, else a learned embedding.
 */
import type { Tensor } from '../tensor/tensor.js';
import { add } from '../tensor/elementwise.js';
import { relu } from '../tensor/activation.js';
import { concat, narrow } from '../tensor/movement.js';
import { Module } from '../nn/module.js';
import { ModuleDict } from '../nn/container.js';
import { Linear } from '../nn/linear.js';
import { Embedding } from '../nn/embedding.js';
import { normal } from '../nn/init.js';
import { GraphConv } from '../nn/conv/graph-conv.js';
import { SAGEConv } from '../nn/conv/sage-conv.js';
import { HeteroGraphConv } from '../nn/conv/hetero-graph-conv.js';
import { HGTConv } from '../nn/hetero/hgt-conv.js';
import { RelationalGATConv } from '../nn/hetero/rgat-conv.js';
import { HANConv } from '../nn/hetero/han-conv.js';
import { canonicalKey, type Graph } from '../graph/graph.js';
import { toHomogeneous } from '../graph/transforms/to-homogeneous.js';
import { ETYPE, NTYPE } from '../graph/ids.js';
import { UsageError } from './args.js';
import type { TypedLinkData } from './typed-link-data.js';

/** Attention heads for a hidden size: 4 where it divides, else 2, else 1. */
function headsFor(hidden: number): number {
  return hidden % 4 === 0 ? 4 : hidden % 2 === 0 ? 2 : 1;
}

/** Per node type: a Linear on its features, or an embedding when it has none. */
export class TypedInput extends Module {
  readonly inputs: ModuleDict;
  constructor(private readonly g: Graph, private readonly features: TypedLinkData['features'], dim: number) {
    super();
    this.inputs = this.registerModule('inputs', new ModuleDict(g.ntypes.map((t): [string, Module] => {
      const f = features[t];
      if (f !== undefined) return [t, new Linear(f.shape[1], dim)];
      const e = new Embedding(g.numNodes(t), dim);
      normal(e.weight, 0, 0.1);
      return [t, e];
    })));
  }
  forward(): Record<string, Tensor> {
    return Object.fromEntries(this.g.ntypes.map((t) => {
      const m = this.inputs.get(t), f = this.features[t];
      return [t, f !== undefined ? (m as Linear).forward(f) : (m as Embedding).weight];
    }));
  }
}

/**
 * Two typed message-passing layers plus a Linear self loop per type: rgcn or sage relation modules in a
 * HeteroGraphConv, or rgat's fused RelationalGATConv (heads concatenated). rgcn and rgat add the self
 * term to the messages, sage keeps the messages; types without in-edges keep their self term.
 */
export class TypedEncoder extends Module {
  readonly input: TypedInput;
  readonly layers: (HeteroGraphConv | RelationalGATConv)[];
  readonly selfLoops: ModuleDict[];
  constructor(private readonly g: Graph, features: TypedLinkData['features'], hidden: number, readonly kind: 'rgcn' | 'sage' | 'rgat') {
    super();
    this.input = this.registerModule('input', new TypedInput(g, features, hidden));
    const rel = (): Module => (kind === 'rgcn' ? new GraphConv(hidden, hidden, { norm: 'right' }) : new SAGEConv(hidden, hidden, 'mean'));
    const heads = headsFor(hidden);
    this.layers = [0, 1].map((l) => this.registerModule(`conv${l + 1}`, kind === 'rgat'
      ? new RelationalGATConv(g.canonicalEtypes, hidden, hidden / heads, heads)
      : new HeteroGraphConv(g.canonicalEtypes.map((c): [string, Module] => [c.join(':'), rel()]), 'sum')));
    this.selfLoops = [0, 1].map((l) => this.registerModule(`self${l + 1}`,
      new ModuleDict(g.ntypes.map((t): [string, Module] => [t, new Linear(hidden, hidden)]))));
  }
  forward(): Record<string, Tensor> {
    let h = this.input.forward();
    this.layers.forEach((layer, l) => {
      const msg = layer.forward(this.g, h), next: Record<string, Tensor> = {};
      for (const t of this.g.ntypes) {
        const m = msg[t], self = (): Tensor => (this.selfLoops[l].get(t) as Linear).forward(h[t]);
        const out = m === undefined ? self() : this.kind === 'sage' ? m : add(m.ndim > 2 ? m.reshape([m.shape[0], -1]) : m, self());
        next[t] = l === 0 ? relu(out) : out;
      }
      h = next;
    });
    return h;
  }
}

/** Two HGTConv layers on the homogeneous view (toHomogeneous numbers nodes type by type: presorted). */
export class HGTEncoder extends Module {
  readonly input: TypedInput;
  readonly conv1: HGTConv;
  readonly conv2: HGTConv;
  private readonly homo: Graph;

  constructor(private readonly g: Graph, features: TypedLinkData['features'], hidden: number) {
    super();
    this.input = this.registerModule('input', new TypedInput(g, features, hidden));
    this.homo = toHomogeneous(g);
    const heads = headsFor(hidden), T = g.ntypes.length, R = g.canonicalEtypes.length;
    const layer = (): HGTConv => new HGTConv(hidden, hidden / heads, heads, T, R, { dropout: 0, useNorm: true });
    this.conv1 = this.registerModule('conv1', layer());
    this.conv2 = this.registerModule('conv2', layer());
  }

  forward(): Record<string, Tensor> {
    const h = this.input.forward();
    const ntype = this.homo.ndata.get(NTYPE)!, etype = this.homo.edata.get(ETYPE)!;
    const x = concat(this.g.ntypes.map((t) => h[t]), 0);
    const h1 = relu(this.conv1.forward(this.homo, x, ntype, etype, { presorted: true }));
    const h2 = this.conv2.forward(this.homo, h1, ntype, etype, { presorted: true });
    const out: Record<string, Tensor> = {};
    let offset = 0;
    for (const t of this.g.ntypes) {
      out[t] = narrow(h2, 0, offset, this.g.numNodes(t));
      offset += this.g.numNodes(t);
    }
    return out;
  }
}

/** Every two-relation metapath of g that leaves `ntype` and returns to it, as canonical keys. */
export function twoHopMetapaths(g: Graph, ntype: string): string[][] {
  const paths: string[][] = [];
  for (const out of g.canonicalEtypes.filter((c) => c[0] === ntype)) {
    for (const back of g.canonicalEtypes.filter((c) => c[0] === out[2] && c[2] === ntype)) paths.push([canonicalKey(out), canonicalKey(back)]);
  }
  return paths;
}

/** HAN for the target relation's two node types: two HANConv layers each, over their two-hop metapaths, plus a self loop. */
export class HANEncoder extends Module {
  readonly input: TypedInput;
  readonly layers: ModuleDict;
  private readonly types: string[];

  constructor(private readonly g: Graph, features: TypedLinkData['features'], hidden: number, target: readonly [string, string, string]) {
    super();
    this.input = this.registerModule('input', new TypedInput(g, features, hidden));
    this.types = [...new Set([target[0], target[2]])];
    const heads = headsFor(hidden);
    this.layers = this.registerModule('layers', new ModuleDict(this.types.flatMap((t): [string, Module][] => {
      const paths = twoHopMetapaths(g, t);
      if (paths.length === 0) {
        throw new UsageError(`--model han: no metapath leaves '${t}' and returns to it in two hops (relations: `
          + `${g.canonicalEtypes.map((c) => canonicalKey(c)).join(', ')}); HAN needs one for each end of the predicted relation`);
      }
      return [1, 2].flatMap((l): [string, Module][] => [[`${t}_${l}`, new HANConv(paths, hidden, hidden / heads, heads)],
        [`${t}_self${l}`, new Linear(hidden, hidden)]]);
    })));
  }

  forward(): Record<string, Tensor> {
    const x = this.input.forward(), out: Record<string, Tensor> = {};
    for (const t of this.types) {
      // A self loop beside each HANConv, as the other encoders have: a metapath graph such as
      // user-item-user is nearly complete on dense purchase data, and attention over it alone
      // gives every user almost the same embedding.
      const layer = (l: number, h: Tensor): Tensor => add((this.layers.get(`${t}_${l}`) as HANConv).forward(this.g, h),
        (this.layers.get(`${t}_self${l}`) as Linear).forward(h));
      out[t] = layer(2, relu(layer(1, x[t])));
    }
    return out;
  }
}
