/**
 * One small training step run twice, in Node and in a browser page, whose every number must agree
 * bit for bit: a graph, GraphConv -> GATConv forward, cross-entropy, backward, an Adam step and a
 * second forward with the updated weights. Takes the library as an argument so the page passes
 * its bundle and Node passes the compiled package; imports nothing at run time.
 */
import type * as Deepgraph from '../../src/browser.js';

import { TINY_LINEAR_PT } from './torch-bytes.js';

/** The library as the workload uses it: the browser entry, whose `data` classes differ from Node's (bytes vs folders). */
export type Lib = Omit<typeof Deepgraph, 'data'>;

/** A tensor as its raw bits (uint32 words), so -0, NaN payloads and every ulp survive JSON. */
export interface Bits { dtype: string; shape: number[]; words: number[] }

export interface WorkloadResult {
  backend: string;
  /** True when the global `process` of Node.js is absent (a real browser). */
  noProcess: boolean;
  values: Record<string, Bits>;
}

function bits(t: Deepgraph.Tensor): Bits {
  const d = t.data; // tensors are dense and contiguous
  const words = new Uint32Array(d.buffer, d.byteOffset, d.byteLength / 4);
  return { dtype: t.dtype, shape: [...t.shape], words: [...words] };
}

/** Deterministic ring-plus-chords edges with self loops (every node has in-degree >= 1). */
function edges(n: number): [number[], number[]] {
  const src: number[] = [], dst: number[] = [];
  let s = 12345;
  for (let i = 0; i < n; i++) {
    src.push(i, i, (i + 1) % n);
    s = (s * 1103515245 + 12345) >>> 0;
    dst.push(i, (i + 1) % n, s % n);
  }
  return [src, dst];
}

export function runWorkload(dg: Lib): WorkloadResult {
  dg.manualSeed(7);
  const n = 16, inFeats = 6, hidden = 8, heads = 2, classes = 3;
  const g = dg.graph(edges(n), { numNodes: n });
  const feat = dg.randn([n, inFeats]);
  const labels = dg.randint(0, classes, [n]);
  const conv1 = new dg.nn.GraphConv(inFeats, hidden, { activation: dg.relu });
  const conv2 = new dg.nn.GATConv(hidden, classes, heads);
  const params: [string, Deepgraph.nn.Parameter][] = [
    ...[...conv1.namedParameters()].map(([k, p]): [string, Deepgraph.nn.Parameter] => [`conv1.${k}`, p]),
    ...[...conv2.namedParameters()].map(([k, p]): [string, Deepgraph.nn.Parameter] => [`conv2.${k}`, p]),
  ];
  const opt = new dg.optim.Adam(params.map(([, p]) => p), { lr: 0.01, weightDecay: 5e-4 });
  const forward = (): { h: Deepgraph.Tensor; out: Deepgraph.Tensor; loss: Deepgraph.Tensor } => {
    const h = conv1.forward(g, feat);
    const out = conv2.forward(g, h).mean(1);
    return { h, out, loss: dg.crossEntropy(out, labels) };
  };
  const values: Record<string, Bits> = { feat: bits(feat), labels: bits(labels) };
  for (const [k, p] of params) values[`init.${k}`] = bits(p);
  const first = forward();
  first.loss.backward();
  values.h = bits(first.h);
  values.out = bits(first.out);
  values.loss = bits(first.loss);
  for (const [k, p] of params) {
    if (p.grad === null) throw new Error(`no gradient for ${k}`);
    values[`grad.${k}`] = bits(p.grad);
  }
  opt.step();
  opt.zeroGrad();
  for (const [k, p] of params) values[`step.${k}`] = bits(p);
  values.loss2 = bits(forward().loss);
  // updateAll with a fused u_mul_e message, on the graph's own frames.
  g.ndata.set('x', feat);
  g.edata.set('w', dg.rand([g.numEdges(), 1]));
  g.updateAll(dg.fn.uMulE('x', 'w', 'm'), dg.fn.max('m', 'y'));
  values.updateAll = bits(g.ndata.get('y'));
  // Neighbour sampling into blocks on the calling thread (as a browser DataLoader runs).
  const loader = new dg.DataLoader(g, Array.from({ length: n }, (_, i) => i), new dg.NeighborSampler([2, 2]),
    { batchSize: 5, shuffle: true, seed: 3 });
  [...loader].forEach(([input, output, blocks], b) => {
    values[`batch${b}.input`] = bits(input as Deepgraph.Tensor);
    values[`batch${b}.output`] = bits(output as Deepgraph.Tensor);
    blocks.forEach((block, l) => {
      const [u, v] = block.edges();
      values[`batch${b}.block${l}.src`] = bits(dg.tensor(u));
      values[`batch${b}.block${l}.dst`] = bits(dg.tensor(v));
      values[`batch${b}.block${l}.sizes`] = bits(dg.tensor([block.numSrcNodes(), block.numDstNodes()], { dtype: 'int32' }));
    });
  });
  // Real PyTorch bytes (torch.save of a Linear's state dict) read and renamed without Node.js.
  const pt = Uint8Array.from(atob(TINY_LINEAR_PT), (c) => c.charCodeAt(0));
  const lin = new dg.nn.Linear(3, 2);
  lin.loadStateDict(dg.fromPyG(dg.loadTorchBytes(pt, { name: 'tiny-linear.pt' }), lin));
  values.torchWeight = bits(lin.weight);
  values.torchForward = bits(lin.forward(dg.tensor([[1, 2, 3], [-1, 0.5, 2]])));
  return { backend: dg.backendName(), noProcess: typeof (globalThis as { process?: unknown }).process === 'undefined', values };
}
