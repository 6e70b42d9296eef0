/**
 * A prediction service on Node's own http module: loads a GraphSAGE model and the Cora graph at
 * start, then answers `POST /predict {"nodes": [ids]}` with each node's class and class
 * probabilities. Each request's nodes get their neighbourhood sampled with the model's fanouts
 * (one per layer, input layer first; -1 takes every neighbour, which makes the answer equal to
 * the full-graph prediction), and requests that arrive together are answered from one batch.
 *
 *   npm install                                                  # builds dist/
 *   node dist/examples/serve.js ../shared/data/planetoid/raw     # trains 50 epochs at start
 *   node dist/examples/serve.js RAW_DIR --weights sage.safetensors --port 8080 --fanouts 10,25
 *   node dist/examples/serve.js RAW_DIR --epochs 5 --check                # answer the test nodes once, no port
 *   curl -s localhost:8080/predict -d '{"nodes": [0, 5, 42]}'
 *
 * Weights: `--weights FILE` reads a safetensors file written by `dg.save(model, FILE)`;
 * without it the model is trained at start. In your own project, import from 'deepgraph'.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import * as dg from 'deepgraph';

/** Two mean-aggregating SAGEConv layers; `fanouts` is how the service samples for it. */
export class ServedSAGE extends dg.nn.Module {
  readonly layer1: dg.nn.SAGEConv;
  readonly layer2: dg.nn.SAGEConv;
  readonly drop = this.registerModule('drop', new dg.nn.Dropout(0.5));
  constructor(inFeats: number, hidden: number, classes: number, readonly fanouts: readonly number[] = [-1, -1]) {
    super();
    this.layer1 = this.registerModule('layer1', new dg.nn.SAGEConv(inFeats, hidden, 'mean'));
    this.layer2 = this.registerModule('layer2', new dg.nn.SAGEConv(hidden, classes, 'mean'));
  }
  forward(g: dg.Graph, x: dg.Tensor): dg.Tensor {
    return this.layer2.forward(g, this.drop.forward(dg.relu(this.layer1.forward(g, this.drop.forward(x)))));
  }
}

/** Full-graph training with Adam on the training nodes (what runs at start without --weights). */
export function train(model: dg.nn.Module, g: dg.Graph, x: dg.Tensor, labels: dg.Tensor, trainIdx: Int32Array, epochs: number): void {
  const opt = new dg.optim.Adam(model.parameters(), { lr: 0.01, weightDecay: 5e-4 });
  const y = dg.indexSelect(labels, 0, trainIdx);
  model.train();
  for (let e = 0; e < epochs; e++) {
    const loss = dg.crossEntropy(dg.indexSelect(model.forward(g, x) as dg.Tensor, 0, trainIdx), y);
    opt.zeroGrad(); loss.backward(); opt.step();
  }
  model.eval();
}

/**
 * The seeds' sampled neighbourhood as a relabelled graph: nodes reached within the model's layers,
 * in-edges sampled with fanouts[L-1] for the seeds, fanouts[L-2] for their neighbours, and so on.
 */
export function sampleNeighbourhood(g: dg.Graph, seeds: Int32Array, fanouts: readonly number[]): { graph: dg.Graph; nodes: Int32Array; seedRows: Int32Array } {
  const local = new Map<number, number>();
  const nodes: number[] = [];
  const add = (v: number): number => {
    let i = local.get(v);
    if (i === undefined) { i = nodes.length; local.set(v, i); nodes.push(v); }
    return i;
  };
  const seedRows = Int32Array.from(seeds, add);
  let frontier = Int32Array.from(new Set(seeds));
  const src: number[] = [], dst: number[] = [];
  for (let layer = fanouts.length - 1; layer >= 0 && frontier.length > 0; layer--) {
    const s = dg.sampleNeighborEdges(g, frontier, fanouts[layer]);
    const fresh: number[] = [];
    for (let e = 0; e < s.src.length; e++) {
      const before = nodes.length;
      src.push(add(s.src[e]));
      if (nodes.length > before) fresh.push(s.src[e]);
      dst.push(local.get(s.dst[e])!);
    }
    frontier = Int32Array.from(fresh);
  }
  const graph = dg.graph([Int32Array.from(src), Int32Array.from(dst)], { numNodes: nodes.length });
  return { graph, nodes: Int32Array.from(nodes), seedRows };
}

export interface NodePrediction { node: number; class: number; probabilities: number[] }

interface Pending { nodes: Int32Array; resolve: (p: NodePrediction[]) => void; reject: (e: Error) => void }

/**
 * Queues requests and answers those that arrive within `windowMs` of the first one (or until
 * maxNodes nodes are waiting) from one sampled batch.
 */
export class PredictionBatcher {
  private pending: Pending[] = [];
  private waiting = 0;
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  /** Batches run so far (for tests and logs). */
  batches = 0;

  constructor(readonly model: ServedSAGE, readonly graph: dg.Graph, readonly features: dg.Tensor, readonly maxNodes = 4096,
    readonly windowMs = 2) {}

  predict(nodes: readonly unknown[]): Promise<NodePrediction[]> {
    const ids = dg.nn.checkNodeIds(nodes as number[], this.graph.numNodes());
    return new Promise((resolve, reject) => {
      this.pending.push({ nodes: ids, resolve, reject });
      this.waiting += ids.length;
      if (this.waiting >= this.maxNodes) { clearTimeout(this.timer); this.flush(); }
      else if (!this.scheduled) { this.scheduled = true; this.timer = setTimeout(() => this.flush(), this.windowMs); }
    });
  }

  private flush(): void {
    this.scheduled = false;
    let count = 0, take = 0;
    while (take < this.pending.length && (take === 0 || count + this.pending[take].nodes.length <= this.maxNodes)) count += this.pending[take++].nodes.length;
    const batch = this.pending.splice(0, take);
    this.waiting -= count;
    if (this.pending.length > 0) { this.scheduled = true; this.timer = setTimeout(() => this.flush(), 0); }
    try {
      const seeds = new Int32Array(count);
      let k = 0;
      for (const p of batch) { seeds.set(p.nodes, k); k += p.nodes.length; }
      const hood = sampleNeighbourhood(this.graph, seeds, this.model.fanouts);
      const feats = dg.indexSelect(this.features, 0, hood.nodes);
      const pred = dg.nn.predict(this.model, hood.graph, feats, { nodes: hood.seedRows });
      const C = pred.probabilities.shape[1];
      this.batches++;
      k = 0;
      for (const p of batch) {
        p.resolve(Array.from(p.nodes, (node) => {
          const row = k++;
          return { node, class: pred.classes[row], probabilities: Array.from(pred.probabilities.data.subarray(row * C, (row + 1) * C)) };
        }));
      }
    } catch (e) {
      for (const p of batch) p.reject(e as Error);
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const MAX_BODY = 1 << 20;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLarge(`request body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The HTTP server (not yet listening): POST /predict; every error is a JSON { error } with a 4xx/5xx status. */
export function createPredictionServer(batcher: PredictionBatcher): Server {
  return createServer((req, res) => {
    if (req.url !== '/predict') { send(res, 404, { error: `no route ${req.url ?? ''}; use POST /predict` }); return; }
    if (req.method !== 'POST') { send(res, 405, { error: 'use POST with a JSON body {"nodes": [ids]}' }); return; }
    readBody(req).then((text) => {
      let body: unknown;
      try { body = JSON.parse(text); } catch { send(res, 400, { error: 'the body is not JSON; expected {"nodes": [ids]}' }); return; }
      const nodes = (body as { nodes?: unknown } | null)?.nodes;
      if (!Array.isArray(nodes) || nodes.length === 0) { send(res, 400, { error: 'expected {"nodes": [ids]} with at least one node id' }); return; }
      let answer: Promise<NodePrediction[]>;
      try { answer = batcher.predict(nodes); } catch (e) { send(res, 400, { error: (e as Error).message }); return; }
      answer.then((predictions) => send(res, 200, { predictions }), (e: Error) => send(res, 500, { error: e.message }));
    }).catch((e: Error) => send(res, e instanceof BodyTooLarge ? 413 : 400, { error: e.message }));
  });
}

/** Reads `--name value` options. */
function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const rawDir = argv[0];
  const ds = rawDir !== undefined && !rawDir.startsWith('--')
    ? new dg.data.CoraGraphDataset({ rawDir, transform: dg.data.normalizeFeatures() })
    : await dg.data.CoraGraphDataset.load({ transform: dg.data.normalizeFeatures() });
  const g = ds.get(0);
  const x = g.ndata.get('feat');
  const fanouts = (option(argv, 'fanouts') ?? '-1,-1').split(',').map(Number);
  const model = new ServedSAGE(x.shape[1], 16, ds.numClasses, fanouts);
  const weights = option(argv, 'weights');
  if (weights !== undefined) model.loadStateDict(dg.load(weights));
  else {
    const trainIdx = Int32Array.from(Array.from(g.ndata.get('trainMask').data).flatMap((m, i) => (m ? [i] : [])));
    train(model, g, x, g.ndata.get('label'), trainIdx, Number(option(argv, 'epochs') ?? 50));
  }
  const batcher = new PredictionBatcher(model, g, x);
  if (argv.includes('--check')) {
    // One pass over the test nodes through the batcher, without opening a port (a smoke run).
    const testIdx = Array.from(g.ndata.get('testMask').data).flatMap((m, i) => (m ? [i] : []));
    const answers = await Promise.all(testIdx.map((v) => batcher.predict([v])));
    const labels = g.ndata.get('label').data;
    const correct = answers.filter(([p]) => p.class === labels[p.node]).length;
    process.stdout.write(`answered ${answers.length} requests in ${batcher.batches} batches; test accuracy ${(correct / answers.length).toFixed(4)}\n`);
    return;
  }
  const server = createPredictionServer(batcher);
  server.listen(Number(option(argv, 'port') ?? 8080), () => {
    const addr = server.address();
    process.stderr.write(`serving ${g.numNodes()} Cora nodes on port ${typeof addr === 'object' && addr !== null ? addr.port : ''}: POST /predict {"nodes": [...]}\n`);
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
