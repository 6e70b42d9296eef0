import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { canonicalKey, type EtypeKey, type Graph } from '../../graph/graph.js';
import { metapathReachableGraph } from '../../graph/transforms/metapath-reachable-graph.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { elu, tanh } from '../../tensor/activation.js';
import { mul } from '../../tensor/elementwise.js';
import { mean, sum } from '../../tensor/reduce.js';
import { softmax } from '../../tensor/softmax.js';
import { stack } from '../../tensor/movement.js';
import { Module } from '../module.js';
import { ModuleList } from '../container.js';
import { Linear } from '../linear.js';
import { GATConv } from '../conv/gat-conv.js';
import { checkPositiveInt } from '../conv/helpers.js';
import { type Activation, checkRate } from '../conv/util.js';

/** Options of `HANConv`. */
export interface HANConvOptions {
  /** Dropout on the GAT inputs and attention (DGL's HAN example uses one rate for both; default 0). */
  dropout?: number;
  /** Hidden size of the semantic attention's projection (default 128, as DGL's SemanticAttention). */
  semanticHidden?: number;
  /** Activation of each metapath's GAT output (default ELU, as DGL's HANLayer; null for none). */
  activation?: Activation | null;
  dtype?: FloatDType;
}

/**
 * Semantic attention (Wang et al. 2019; DGL's SemanticAttention): z is [N, M, D], one embedding per
 * metapath; w_m = mean over nodes of q^T tanh(W z_nm + b), β = softmax over metapaths, out = Σ_m β_m z_m.
 */
export class SemanticAttention extends Module {
  readonly project: Linear;
  readonly score: Linear;
  /** The metapath weights β of the last forward call, [M]. */
  lastWeights: Tensor | null = null;

  constructor(readonly inFeats: number, readonly hidden = 128, dtype: FloatDType = 'float32') {
    super();
    checkPositiveInt('SemanticAttention', 'inFeats', inFeats);
    checkPositiveInt('SemanticAttention', 'hidden', hidden);
    this.project = this.registerModule('project', new Linear(inFeats, hidden, { dtype }));
    this.score = this.registerModule('score', new Linear(hidden, 1, { bias: false, dtype }));
  }

  override extraRepr(): string { return `inFeats=${this.inFeats}, hidden=${this.hidden}`; }

  forward(z: Tensor): Tensor {
    if (z.shape.length !== 3 || z.shape[2] !== this.inFeats) {
      throw new ShapeError(`SemanticAttention: expects [nodes, metapaths, ${this.inFeats}], got ${formatShape(z.shape)}`);
    }
    const w = mean(this.score.forward(tanh(this.project.forward(z))), 0);  // [M, 1]
    const beta = softmax(w, 0);
    this.lastWeights = beta.reshape([beta.shape[0]]).detach();
    return sum(mul(z, beta), 1);
  }
}

/**
 * HAN layer (Wang et al. 2019, "Heterogeneous Graph Attention Network"; DGL's HANLayer): for each
 * metapath, a GATConv over the metapath-reachable graph (node-level attention, heads flattened,
 * ELU), then semantic attention across metapaths. Every metapath must start and end at the one
 * node type whose features h are given (e.g. paper-author-paper and paper-subject-paper); the
 * metapath graphs are built once per input graph and cached. Output [numNodes, numHeads * outFeats].
 * Not PyG's HANConv, which projects every node type first and takes edge types as metapaths.
 */
export class HANConv extends Module {
  readonly gatLayers: ModuleList<GATConv>;
  readonly semanticAttention: SemanticAttention;
  readonly metapaths: readonly (readonly EtypeKey[])[];
  private readonly cache = new WeakMap<Graph, Graph[]>();

  constructor(metapaths: readonly (readonly EtypeKey[])[], readonly inFeats: number, readonly outFeats: number,
    readonly numHeads: number, opts: HANConvOptions = {}) {
    super();
    const op = 'HANConv';
    if (!Array.isArray(metapaths) || metapaths.length === 0) throw new DeepGraphError(`${op}: give at least one metapath (a list of edge types)`);
    metapaths.forEach((p, i) => {
      if (!Array.isArray(p) || p.length === 0) throw new DeepGraphError(`${op}: metapaths[${i}] must be a non-empty list of edge types`);
    });
    for (const [name, v] of [['inFeats', inFeats], ['outFeats', outFeats], ['numHeads', numHeads]] as const) checkPositiveInt(op, name, v);
    const dropout = checkRate('dropout', opts.dropout ?? 0);
    const dtype = opts.dtype ?? 'float32';
    this.metapaths = metapaths.map((p) => [...p]);
    const activation = opts.activation === undefined ? (x: Tensor) => elu(x) : opts.activation;
    this.gatLayers = this.registerModule('gatLayers', new ModuleList(metapaths.map(() => new GATConv(inFeats, outFeats, numHeads, {
      featDrop: dropout, attnDrop: dropout, activation, allowZeroInDegree: true, dtype,
    }))));
    this.semanticAttention = this.registerModule('semanticAttention', new SemanticAttention(outFeats * numHeads, opts.semanticHidden ?? 128, dtype));
  }

  /** The metapath-reachable graphs of g, one per metapath (checked: each chains and returns to its start type). */
  metapathGraphs(g: Graph): Graph[] {
    let graphs = this.cache.get(g);
    if (graphs === undefined) {
      graphs = this.metapaths.map((p, i) => {
        const mg = metapathReachableGraph(g, p);
        const [c] = mg.canonicalEtypes;
        if (c[0] !== c[2]) {
          throw new DeepGraphError(`HANConv: metapaths[${i}] [${p.map(String).join(', ')}] runs from '${c[0]}' to '${c[2]}'; `
            + 'a HAN metapath must return to the node type it starts from');
        }
        return mg;
      });
      const types = new Set(graphs.map((mg) => mg.canonicalEtypes[0][0]));
      if (types.size > 1) throw new DeepGraphError(`HANConv: the metapaths start from different node types [${[...types].join(', ')}]; give one layer per type`);
      this.cache.set(g, graphs);
    }
    return graphs;
  }

  /** h: features of the metapaths' node type, [numNodes, inFeats] → [numNodes, numHeads * outFeats]. */
  forward(g: Graph, h: Tensor): Tensor {
    const graphs = this.metapathGraphs(g);
    const ntype = graphs[0].canonicalEtypes[0][0];
    if (h.shape.length !== 2 || h.shape[0] !== g.numNodes(ntype) || h.shape[1] !== this.inFeats) {
      throw new ShapeError(`HANConv: expects features of the ${g.numNodes(ntype)} '${ntype}' nodes as [${g.numNodes(ntype)}, ${this.inFeats}], got ${formatShape(h.shape)}`);
    }
    const perPath = graphs.map((mg, i) => {
      const out = this.gatLayers.get(i).forward(mg.sparse(canonicalKey(mg.canonicalEtypes[0])), h);
      return out.reshape([out.shape[0], this.numHeads * this.outFeats]);
    });
    return this.semanticAttention.forward(stack(perPath, 1));
  }

  override extraRepr(): string {
    return `metapaths=${JSON.stringify(this.metapaths)}, inFeats=${this.inFeats}, outFeats=${this.outFeats}, numHeads=${this.numHeads}`;
  }
}
