import * as dg from '../../src/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/**
 * deepgraph twins of the models in scripts/make-torch-import-fixtures.py: same module names, the
 * layers that reproduce each PyG / DGL layer, and the graph each layer must see (PyG's GCNConv,
 * GATConv, SGConv and APPNP add self loops; DGL's layers do not).
 */
export interface CoraInputs {
  /** Cora as read (no self loops). */
  g: dg.Graph;
  /** Cora with a self loop on every node. */
  loops: dg.Graph;
  x: Tensor;
  /** Per edge of g: relation id (u + v) % relations and 1 / (in-degree of v within that relation). */
  etypes: Int32Array;
  relNorm: Tensor;
}

export type CoraModel = dg.nn.Module & { run(inp: CoraInputs): Tensor };

const { nn } = dg;
const flatHeads = (t: Tensor): Tensor => t.reshape([t.shape[0], -1]);

class TwoConvs<A extends dg.nn.Module, B extends dg.nn.Module> extends nn.Module {
  constructor(readonly conv1: A, readonly conv2: B, readonly runWith: (m: TwoConvs<A, B>, inp: CoraInputs) => Tensor) {
    super();
    this.registerModule('conv1', conv1);
    this.registerModule('conv2', conv2);
  }
  forward(): never { throw new Error('use run'); }
  run(inp: CoraInputs): Tensor { return this.runWith(this, inp); }
}

class Named extends nn.Module {
  constructor(parts: Record<string, dg.nn.Module>, readonly runWith: (inp: CoraInputs) => Tensor) {
    super();
    for (const [k, m] of Object.entries(parts)) this.registerModule(k, m);
  }
  forward(): never { throw new Error('use run'); }
  run(inp: CoraInputs): Tensor { return this.runWith(inp); }
}

export function buildModel(name: string, F: number, H: number, C: number): CoraModel {
  switch (name) {
    case 'pyg_gcn': case 'dgl_gcn': {
      const loops = name === 'pyg_gcn';
      return new TwoConvs(new nn.GraphConv(F, H), new nn.GraphConv(H, C), (m, { g, loops: gl, x }) => {
        const graph = loops ? gl : g;
        return m.conv2.forward(graph, dg.relu(m.conv1.forward(graph, x)));
      });
    }
    case 'pyg_sage': {
      const conv1 = new nn.SAGEConv(F, H, 'mean'), norm = new nn.LayerNorm(H), conv2 = new nn.SAGEConv(H, C, 'gcn');
      return new Named({ conv1, norm, conv2 }, ({ g, x }) => conv2.forward(g, dg.relu(norm.forward(conv1.forward(g, x)))));
    }
    case 'dgl_sage':
      return new TwoConvs(new nn.SAGEConv(F, H, 'mean'), new nn.SAGEConv(H, C, 'gcn'),
        (m, { g, x }) => m.conv2.forward(g, dg.relu(m.conv1.forward(g, x))));
    case 'pyg_gat':
      return new TwoConvs(new nn.GATConv(F, H / 2, 2), new nn.GATConv(H, C, 2),
        (m, { loops, x }) => dg.mean(m.conv2.forward(loops, dg.elu(flatHeads(m.conv1.forward(loops, x)))), 1));
    case 'dgl_gat':
      return new TwoConvs(new nn.GATConv(F, H / 2, 2), new nn.GATConv(H, C, 1, { residual: true }),
        (m, { loops, x }) => dg.mean(m.conv2.forward(loops, flatHeads(dg.elu(m.conv1.forward(loops, x)))), 1));
    case 'pyg_gin': {
      const mlp = new nn.Sequential(new nn.Linear(F, H), new nn.BatchNorm1d(H), new nn.ReLU(), new nn.Linear(H, H));
      return new TwoConvs(new nn.GINConv({ applyFunc: mlp, learnEps: true }), new nn.GINConv({ applyFunc: new nn.Sequential(new nn.Linear(H, C)) }),
        (m, { g, x }) => m.conv2.forward(g, dg.relu(m.conv1.forward(g, x))));
    }
    case 'pyg_sgc': {
      const conv = new nn.SGConv(F, C, { k: 2 });
      return new Named({ conv }, ({ loops, x }) => conv.forward(loops, x));
    }
    case 'pyg_appnp': {
      const lin1 = new nn.Linear(F, H), lin2 = new nn.Linear(H, C), prop = new nn.APPNPConv(3, 0.1);
      return new Named({ lin1, lin2, prop }, ({ loops, x }) => prop.forward(loops, lin2.forward(dg.relu(lin1.forward(x)))));
    }
    case 'pyg_rgcn': case 'dgl_rgcn': {
      const lin = new nn.Linear(F, H), conv = new nn.RelGraphConv(H, C, 3, { regularizer: 'basis', numBases: 2 });
      return new Named({ lin, conv }, ({ g, x, etypes, relNorm }) => conv.forward(g, dg.relu(lin.forward(x)), etypes, { norm: relNorm }));
    }
    default: throw new Error(`no deepgraph twin for fixture model ${name}`);
  }
}
