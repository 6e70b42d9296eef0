/**
 * DGL's examples/sparse GCN and graph-transformer attention written with dg.sparse, beside their
 * message-passing twins (GraphConv; dot-product attention through g-SDDMM / edge softmax /
 * g-SpMM), trained the same way on Cora. Used by the accuracy test and by run-ported.ts, which
 * prints the 10-seed comparison.
 */
import * as dg from '../../src/index.js';
import type { NodeData } from '../../src/cli/datasets.js';

const sp = dg.sparse;
const { nn } = dg;

/** D^-1/2 (A + I) D^-1/2 as in examples/sparse/gcn.py: A + I, row sums, diag ** -1/2, two products. */
export function normalizedAdjacency(g: dg.Graph): dg.sparse.SparseMatrix {
  const [src, dst] = g.edges();
  const n = g.numNodes();
  // DGL's A[i, j] = 1 for an edge i -> j; messages flow j <- i, so the product uses A^T = rows by destination.
  const a = sp.spmatrix([dst, src], { shape: [n, n] });
  const aHat = sp.add(a, sp.identity([n, n]));
  const dHat = sp.power(sp.diag(sp.sum(aHat, 1)), -0.5);
  return sp.spspmm(sp.spspmm(dHat, aHat), dHat);
}

export interface NodeModel extends dg.nn.Module { forward(x: dg.Tensor): dg.Tensor }

/** examples/sparse/gcn.py's GCN, with the GCN paper's dropout 0.5 on the input and hidden layer. */
export class SparseGCN extends nn.Module implements NodeModel {
  readonly W1: dg.nn.Linear; readonly W2: dg.nn.Linear; readonly drop: dg.nn.Dropout;
  constructor(readonly aNorm: dg.sparse.SparseMatrix, inSize: number, outSize: number, hidden = 16) {
    super();
    this.W1 = this.registerModule('W1', new nn.Linear(inSize, hidden));
    this.W2 = this.registerModule('W2', new nn.Linear(hidden, outSize));
    this.drop = this.registerModule('drop', new nn.Dropout(0.5));
  }
  forward(x: dg.Tensor): dg.Tensor {
    const h = dg.relu(sp.spmm(this.aNorm, this.W1.forward(this.drop.forward(x))));
    return sp.spmm(this.aNorm, this.W2.forward(this.drop.forward(h)));
  }
}

/** The same model with GraphConv on the self-looped graph (the message-passing version). */
export class MessagePassingGCN extends nn.Module implements NodeModel {
  readonly c1: dg.nn.GraphConv; readonly c2: dg.nn.GraphConv; readonly drop: dg.nn.Dropout;
  constructor(readonly g: dg.Graph, inSize: number, outSize: number, hidden = 16) {
    super();
    this.c1 = this.registerModule('c1', new nn.GraphConv(inSize, hidden));
    this.c2 = this.registerModule('c2', new nn.GraphConv(hidden, outSize));
    this.drop = this.registerModule('drop', new nn.Dropout(0.5));
  }
  forward(x: dg.Tensor): dg.Tensor {
    return this.c2.forward(this.g, this.drop.forward(dg.relu(this.c1.forward(this.g, this.drop.forward(x)))));
  }
}

/**
 * examples/sparse/graph_transformer.py's SparseMHA (q k^T / sqrt(d) sampled on A by bsddmm,
 * row softmax, bspmm with v, output projection) in a two-layer node classifier; with
 * messagePassing the attention runs as uDotV / edgeSoftmax / uMulESum on the graph instead.
 */
export class AttentionClassifier extends nn.Module implements NodeModel {
  readonly inProj: dg.nn.Linear; readonly q: dg.nn.Linear; readonly k: dg.nn.Linear; readonly v: dg.nn.Linear;
  readonly out: dg.nn.Linear; readonly head: dg.nn.Linear; readonly drop: dg.nn.Dropout;
  constructor(readonly g: dg.Graph, readonly a: dg.sparse.SparseMatrix, inSize: number, outSize: number,
    readonly messagePassing: boolean, readonly hidden = 64, readonly heads = 8) {
    super();
    this.inProj = this.registerModule('inProj', new nn.Linear(inSize, hidden));
    this.q = this.registerModule('q', new nn.Linear(hidden, hidden));
    this.k = this.registerModule('k', new nn.Linear(hidden, hidden));
    this.v = this.registerModule('v', new nn.Linear(hidden, hidden));
    this.out = this.registerModule('out', new nn.Linear(hidden, hidden));
    this.head = this.registerModule('head', new nn.Linear(hidden, outSize));
    this.drop = this.registerModule('drop', new nn.Dropout(0.6));
  }
  private attention(h: dg.Tensor): dg.Tensor {
    const n = h.shape[0], d = this.hidden / this.heads;
    if (!this.messagePassing) {
      // [N, d, heads] as in the example.
      const q = this.q.forward(h).mul(d ** -0.5).reshape([n, d, this.heads]);
      const k = this.k.forward(h).reshape([n, d, this.heads]), v = this.v.forward(h).reshape([n, d, this.heads]);
      const attn = sp.softmax(sp.bsddmm(this.a, q, dg.permute(k, [1, 0, 2])));
      return this.out.forward(sp.bspmm(attn, v).reshape([n, this.hidden]));
    }
    const split = (t: dg.Tensor): dg.Tensor => dg.permute(t.reshape([n, d, this.heads]), [0, 2, 1]);
    const q = split(this.q.forward(h).mul(d ** -0.5)), k = split(this.k.forward(h)), v = split(this.v.forward(h));
    const scores = dg.ops.edgeSoftmax(this.g, dg.ops.uDotV(this.g, k, q));
    return this.out.forward(dg.permute(dg.ops.uMulESum(this.g, v, scores), [0, 2, 1]).reshape([n, this.hidden]));
  }
  forward(x: dg.Tensor): dg.Tensor {
    const h = dg.relu(this.inProj.forward(this.drop.forward(x)));
    return this.head.forward(this.drop.forward(dg.relu(h.add(this.attention(h)))));
  }
}

/** 200 epochs of Adam (lr 0.01, weight decay 5e-4) on the training nodes; test accuracy at the best validation epoch. */
export function trainNodeModel(model: NodeModel, data: NodeData, epochs = 200): { val: number; test: number } {
  const opt = new dg.optim.Adam(model.parameters(), { lr: 0.01, weightDecay: 5e-4 });
  const trainLabels = data.labels.indexSelect(0, data.trainIdx);
  const accuracy = (logits: dg.Tensor, idx: Int32Array): number => {
    const pred = dg.argmax(logits.indexSelect(0, idx), 1);
    let ok = 0;
    idx.forEach((v, i) => { if (pred.data[i] === data.labels.data[v]) ok++; });
    return ok / idx.length;
  };
  let best = { val: -1, test: 0 };
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    const loss = dg.crossEntropy(model.forward(data.features).indexSelect(0, data.trainIdx), trainLabels);
    opt.zeroGrad(); loss.backward(); opt.step();
    model.eval();
    const logits = dg.noGrad(() => model.forward(data.features));
    const val = accuracy(logits, data.valIdx);
    if (val > best.val) best = { val, test: accuracy(logits, data.testIdx) };
  }
  return best;
}
