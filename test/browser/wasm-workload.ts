/**
 * A GraphConv forward + backward on the active backend, as bit patterns (uint32 words), for the
 * wasm page test: the page and Node must produce the same words.
 */
// Only the parts both entries share: the data classes differ between the Node and browser entries.
type Dg = Omit<typeof import('../../src/browser.js'), 'data'>;

/** Output and input-gradient bits of GraphConv(8, 4) on a 6-node graph with self-loops. */
export function wasmGraphConv(dg: Dg): { backend: string; out: number[]; grad: number[] } {
  const g = dg.addSelfLoop(dg.graph([[0, 1, 2, 3, 4, 5, 0, 2], [1, 2, 3, 4, 5, 0, 3, 5]], { numNodes: 6 }));
  const x = dg.tensor(Array.from({ length: 48 }, (_, i) => Math.sin(i * 0.7)), { shape: [6, 8], requiresGrad: true });
  dg.manualSeed(3);
  const conv = new dg.nn.GraphConv(8, 4, { activation: dg.relu });
  const y = conv.forward(g, x);
  y.mul(y).sum().backward();
  const words = (a: ArrayBufferView): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4));
  return { backend: dg.backendName(), out: words(y.data), grad: words(x.grad!.data) };
}
