/**
 * A recommender trained from a CSV of interactions. The example first writes a CSV folder (DGL's
 * CSVDataset layout: users, items with a feature vector, user→item purchases with a 'heldout'
 * flag) from dg.data.syntheticRecommendation, then loads it with dg.data.CSVDataset, as you would
 * load your own export. Three recommenders are ranked against every item for each user with a
 * held-out purchase (training purchases excluded), by recall@20 and NDCG@20:
 *   - ideal: the generator's probabilities (an upper reference, not a model);
 *   - popularity: items by training purchase count;
 *   - BPR matrix factorisation: user and item embeddings, bprLoss on (user, bought, random item);
 *   - PinSAGE: items encoded from their features by nn.PinSAGE over the item-item graph of
 *     PinSAGESampler (walks item → user → item, top visited items as weighted neighbours) plus an
 *     id embedding; users by an embedding, or (--pinsage-users history) as the mean of the items
 *     they bought, or both added; trained with the same BPR triples;
 *   - SAGE: a 2-layer GraphSAGE link predictor over the typed training graph (users and items both
 *     encoded from their neighbourhoods; --sage-users zeros gives users no input of their own),
 *     same BPR triples.
 * --disjoint F trains the GNNs, each epoch, on a fresh fraction F of the training purchases with
 * messages over the rest only, so that a purchase is never predicted from a graph that contains it.
 * --lr, --weight-decay (Adam's L2), --dim and --epochs take one value for all models or per-model overrides
 * (`--weight-decay 1e-5,BPR-MF=3e-6`); --item-bias adds a learned per-item bias to every model;
 * --negatives N scores N uniform negatives per purchase; --degree-feature gives the GNNs each item's
 * standardised log purchase count (in the graph they pass messages over) as one more input feature.
 * Every step encodes all users and items (full graph), so a larger --batch-size means fewer passes.
 * PinSAGE's walk neighbourhoods are drawn afresh for every epoch (DGL draws them per minibatch).
 * With --validation F, a fraction F of the training purchases is held back: after every epoch the
 * models are ranked on it (for at most --validation-users users), and the test split is ranked
 * once, with the embeddings of the epoch that did best on validation recall@20.
 *
 *   npm run build && node dist/examples/recommender-csv.js [--users 2000] [--items 1000] [--interactions 40000]
 *     [--epochs 10] [--dim 32] [--batch-size 1024] [--lr 0.01] [--weight-decay 0] [--seed 0] [--out DIR] [--verbose]
 *     [--models ideal,popularity,BPR-MF,PinSAGE,SAGE] [--threads N] [--validation 0.1] [--validation-users 5000]
 *     [--pinsage-users embedding|history|both] [--sage-users embedding|zeros] [--disjoint F] [--item-bias] [--negatives N]
 */
import * as dg from 'deepgraph';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { nn, optim, data } = dg;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** A numeric option for one model: `--lr 0.01` for all, or `--lr 0.01,BPR-MF=0.005` to set one model apart. */
function modelOption(name: string, model: string, fallback: string): number {
  let value = fallback;
  for (const part of option(name, fallback).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) value = part;
    else if (part.slice(0, eq) === model) return Number(part.slice(eq + 1));
  }
  return Number(value);
}

/** Writes the interactions as a CSVDataset folder. */
function writeCsv(dir: string, rec: dg.data.SyntheticRecommendation, users: number, items: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'meta.yaml'), ['dataset_name: purchases', 'node_data:', '- file_name: users.csv', '  ntype: user',
    '- file_name: items.csv', '  ntype: item', 'edge_data:', '- file_name: purchases.csv', '  etype: [user, buys, item]', ''].join('\n'));
  writeFileSync(join(dir, 'users.csv'), `node_id\n${Array.from({ length: users }, (_, u) => u).join('\n')}\n`);
  const f = rec.itemFeatures, d = f.shape[1];
  const rows = Array.from({ length: items }, (_, i) => `${i},"${Array.from(f.data.subarray(i * d, (i + 1) * d), (v) => v.toFixed(4)).join(',')}"`);
  writeFileSync(join(dir, 'items.csv'), `node_id,feat\n${rows.join('\n')}\n`);
  const lines = ['src_id,dst_id,heldout'];
  rec.train.users.forEach((u, e) => lines.push(`${u},${rec.train.items[e]},False`));
  rec.heldOut.users.forEach((u, e) => lines.push(`${u},${rec.heldOut.items[e]},True`));
  writeFileSync(join(dir, 'purchases.csv'), `${lines.join('\n')}\n`);
}

/** A recommender that encodes every user and every item: [users, dim] and [items, dim]. */
abstract class Towers extends nn.Module {
  abstract encode(): [dg.Tensor, dg.Tensor];
  /** Passes messages over `g` (user:buys:item and item:boughtBy:user) from now on; `seed` draws anything random in it. */
  useGraph(_g: dg.Graph, _seed: number): void { /* MF passes no messages */ }
  forward(): never { throw new Error('call encode()'); }
}

/** BPR matrix factorisation: a user table against an item table. */
class MatrixFactorisation extends Towers {
  readonly users: dg.nn.Embedding;
  readonly items: dg.nn.Embedding;
  constructor(numUsers: number, numItems: number, dim: number) {
    super();
    this.users = this.registerModule('users', embedding(numUsers, dim));
    this.items = this.registerModule('items', embedding(numItems, dim));
  }
  encode(): [dg.Tensor, dg.Tensor] { return [this.users.weight, this.items.weight]; }
}

/**
 * How a tower represents users: a free table ('embedding', as MF), the mean of the representations
 * of the items they bought in training ('history': no per-user parameter, as item-to-item PinSAGE
 * recommends from a user's past items), that mean through a learned linear map ('projected': the
 * item's role as a past purchase and as a candidate need not share one vector, as in FISM), or
 * 'embedding' plus 'history'.
 */
type UserTower = 'embedding' | 'history' | 'projected' | 'both';

/** PinSAGE items (features through nn.PinSAGE over the walk graph, plus an id embedding) against users per UserTower. */
class PinSAGETowers extends Towers {
  readonly users: dg.nn.Embedding | null;
  readonly userMap: dg.nn.Linear | null;
  readonly itemIds: dg.nn.Embedding;
  readonly pinsage: dg.nn.PinSAGE;
  /** The item-item walk graph (PinSAGESampler over the message graph, drawn afresh by useGraph). */
  private itemGraph!: dg.Graph;
  private boughtBy!: dg.Graph;
  private input!: dg.Tensor;
  constructor(g: dg.Graph, private readonly feat: dg.Tensor, dim: number, private readonly userTower: UserTower,
    private readonly degreeFeature: boolean) {
    super();
    const free = userTower === 'embedding' || userTower === 'both';
    this.users = free ? this.registerModule('users', embedding(g.numNodes('user'), dim)) : null;
    this.userMap = userTower === 'projected' ? this.registerModule('userMap', new nn.Linear(dim, dim, { bias: false })) : null;
    this.itemIds = this.registerModule('itemIds', embedding(g.numNodes('item'), dim));
    this.pinsage = this.registerModule('pinsage', new nn.PinSAGE(feat.shape[1] + (degreeFeature ? 1 : 0), dim, { numLayers: 2, dropout: 0 }));
    this.useGraph(g, 0);
  }
  override useGraph(g: dg.Graph, seed: number): void {
    const walks = new dg.PinSAGESampler(g, 'item', 'user', { numTraversals: 2, terminationProb: 0.5, numRandomWalks: 10, numNeighbors: 10, seed });
    this.itemGraph = walks.sample(Int32Array.from({ length: g.numNodes('item') }, (_, i) => i));
    this.boughtBy = g.relation('boughtBy');
    this.input = this.degreeFeature ? withDegree(this.feat, g) : this.feat;
  }
  encode(): [dg.Tensor, dg.Tensor] {
    const items = dg.add(this.pinsage.forward(this.itemGraph, this.input), this.itemIds.weight);
    if (this.users === null) {
      const history = dg.ops.copyUMean(this.boughtBy, items);
      return [this.userMap === null ? history : this.userMap.forward(history), items];
    }
    return [this.userTower === 'both' ? dg.add(this.users.weight, dg.ops.copyUMean(this.boughtBy, items)) : this.users.weight, items];
  }
}

/**
 * A 2-layer GraphSAGE link predictor on the typed training graph (user -buys-> item and back): a
 * SAGEConv (mean) per relation in HeteroGraphConv, users from an embedding, items from a Linear on
 * their features plus an id embedding.
 */
class SAGETowers extends Towers {
  readonly users: dg.nn.Embedding;
  readonly itemIds: dg.nn.Embedding;
  readonly itemInput: dg.nn.Linear;
  readonly conv1: dg.nn.HeteroGraphConv;
  readonly conv2: dg.nn.HeteroGraphConv;
  private readonly userInput: dg.Tensor | null;
  /** `userInput` 'zeros' gives users no parameter of their own: they enter through the items they bought. */
  private input: dg.Tensor;
  constructor(private g: dg.Graph, private readonly feat: dg.Tensor, dim: number, userInput: 'embedding' | 'zeros',
    private readonly degreeFeature: boolean) {
    super();
    this.input = degreeFeature ? withDegree(feat, g) : feat;
    this.users = this.registerModule('users', embedding(userInput === 'zeros' ? 1 : g.numNodes('user'), dim));
    this.userInput = userInput === 'zeros' ? dg.zeros([g.numNodes('user'), dim]) : null;
    this.itemIds = this.registerModule('itemIds', embedding(g.numNodes('item'), dim));
    this.itemInput = this.registerModule('itemInput', new nn.Linear(this.input.shape[1], dim));
    const layer = (): dg.nn.HeteroGraphConv => new nn.HeteroGraphConv(g.canonicalEtypes.map((c): [string, dg.nn.Module] =>
      [c.join(':'), new nn.SAGEConv(dim, dim, 'mean')]), 'sum');
    this.conv1 = this.registerModule('conv1', layer());
    this.conv2 = this.registerModule('conv2', layer());
  }
  override useGraph(g: dg.Graph): void {
    this.g = g;
    if (this.degreeFeature) this.input = withDegree(this.feat, g);
  }
  encode(): [dg.Tensor, dg.Tensor] {
    const x = { user: this.userInput ?? this.users.weight, item: dg.add(this.itemInput.forward(this.input), this.itemIds.weight) };
    const h = Object.fromEntries(Object.entries(this.conv1.forward(this.g, x)).map(([t, v]) => [t, dg.relu(v)]));
    const out = this.conv2.forward(this.g, h);
    return [out.user, out.item];
  }
}

/**
 * Item features with one more column, the standardised log(1 + purchases) of each item in the message graph g
 * (a structural input, as PyG's LocalDegreeProfile): mean aggregation alone cannot see how popular an item is.
 */
function withDegree(feat: dg.Tensor, g: dg.Graph): dg.Tensor {
  const deg = Float64Array.from(g.inDegrees(undefined, 'buys'), (d) => Math.log1p(d));
  const mean = deg.reduce((a, b) => a + b, 0) / deg.length;
  const std = Math.sqrt(deg.reduce((a, b) => a + (b - mean) ** 2, 0) / deg.length) || 1;
  const column = dg.tensor(Float32Array.from(deg, (d) => (d - mean) / std), { shape: [deg.length, 1] });
  return dg.concat([feat, column], 1);
}

function embedding(rows: number, dim: number): dg.nn.Embedding {
  const e = new nn.Embedding(rows, dim);
  nn.init.normal(e.weight, 0, 0.1);
  return e;
}

/** Splits pairs into (rest, held) with `fraction` of them, seeded, in held. */
function holdBack(x: Pairs, fraction: number, seed: number): [Pairs, Pairs] {
  const rng = new dg.Generator(seed), n = x.users.length, order = Int32Array.from({ length: n }, (_, e) => e);
  for (let e = n - 1; e > 0; e--) { const r = rng.nextInt(e + 1); [order[e], order[r]] = [order[r], order[e]]; }
  const cut = Math.round(fraction * n);
  const take = (ids: Int32Array): Pairs => ({ users: Int32Array.from(ids, (e) => x.users[e]), items: Int32Array.from(ids, (e) => x.items[e]) });
  return [take(order.subarray(cut)), take(order.subarray(0, cut))];
}

interface Pairs { users: Int32Array; items: Int32Array }

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const cpuSeconds = (since: NodeJS.CpuUsage): string => { const c = process.cpuUsage(since); return ((c.user + c.system) / 1e6).toFixed(1); };
const peakRss = (): string => `${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(2)} GiB`;

async function main(): Promise<void> {
  const users = Number(option('users', '2000')), items = Number(option('items', '1000')), interactions = Number(option('interactions', '40000'));
  const batchSize = Number(option('batch-size', '1024'));
  const seed = Number(option('seed', '0')), verbose = process.argv.includes('--verbose');
  const validation = Number(option('validation', '0')), validationUsers = Number(option('validation-users', '5000'));
  const wanted = option('models', 'ideal,popularity,BPR-MF,PinSAGE,SAGE').split(',');
  if (process.argv.includes('--threads')) dg.setNumThreads(Number(option('threads', '1')));
  const dir = process.argv.includes('--out') ? option('out', '') : mkdtempSync(join(tmpdir(), 'deepgraph-recommender-'));
  const wallStart = Date.now(), cpuStart = process.cpuUsage();
  dg.manualSeed(seed);
  const rec = data.syntheticRecommendation({ users, items, interactions, seed });
  writeCsv(dir, rec, users, items);
  console.log(`wrote ${interactions} purchases of ${users} users and ${items} items to ${dir} (${seconds(Date.now() - wallStart)} s)`);

  const g = (await data.CSVDataset.load(dir)).graphs[0];
  const [src, dst] = g.edges({ etype: 'buys' });
  const held = g.edgeFrame('buys').get('heldout').data;
  const pick = (want: boolean): Pairs => {
    const idx = [...held.keys()].filter((e) => Boolean(held[e]) === want);
    return { users: Int32Array.from(idx, (e) => src[e]), items: Int32Array.from(idx, (e) => dst[e]) };
  };
  const seen = pick(false), heldOut = pick(true);
  // The validation purchases come out of training only; the test split (heldOut) is never used to choose.
  const [train, valid] = holdBack(seen, validation, seed + 1);
  const numUsers = g.numNodes('user'), numItems = g.numNodes('item');
  console.log(`loaded the CSV: ${train.users.length} training, ${valid.users.length} validation, ${heldOut.users.length} test purchases (${seconds(Date.now() - wallStart)} s)`);
  const feat = g.nodeFrame('item').get('feat');
  const rank = (score: dg.BlockScorer): dg.FullRankingResult =>
    dg.evaluateRanking({ numUsers, numItems, score, heldOut, exclude: seen, k: 20 });
  const validUsers = new Set(Array.from(new Set(valid.users)).slice(0, validationUsers));
  const validSubset: Pairs = { users: valid.users.filter((u) => validUsers.has(u)), items: valid.items.filter((_, e) => validUsers.has(valid.users[e])) };
  const rankValid = (score: dg.BlockScorer): dg.FullRankingResult =>
    dg.evaluateRanking({ numUsers, numItems, score, heldOut: validSubset, exclude: train, k: 20 });
  const report = (name: string, r: dg.FullRankingResult): void =>
    console.log(`${name.padEnd(10)} recall@20 ${r.recall[20].toFixed(4)}  NDCG@20 ${r.ndcg[20].toFixed(4)}  (${r.numUsers} users)`);

  if (wanted.includes('ideal')) report('ideal', rank(rec.idealScore));  // the generator's own probabilities: the best any model can expect
  const degree = new Float64Array(numItems);
  for (const i of train.items) degree[i]++;
  if (wanted.includes('popularity')) {
    report('popularity', rank((u, start, end) => {
      const out = new Float64Array(u.length * (end - start));
      u.forEach((_, r) => out.set(degree.subarray(start, end), r * (end - start)));
      return out;
    }));
  }

  // The graph of purchases both ways: messages pass over it, and PinSAGESampler walks item → user → item on it.
  const purchaseGraph = (x: Pairs): dg.Graph => dg.heterograph({ 'user:buys:item': [x.users, x.items], 'item:boughtBy:user': [x.items, x.users] },
    { numNodes: { user: numUsers, item: numItems } });
  const trainGraph = purchaseGraph(train);
  // With --disjoint F the GNNs learn, each epoch, to predict a fresh fraction F of the training purchases from messages over
  // the rest (PyG's disjoint_train_ratio); else a purchase is scored over a graph that contains it, which a GNN can memorise.
  const disjoint = Number(option('disjoint', '0'));
  const builders: Record<string, () => Towers> = {
    'BPR-MF': () => new MatrixFactorisation(numUsers, numItems, modelOption('dim', 'BPR-MF', '32')),
    PinSAGE: () => new PinSAGETowers(trainGraph, feat, modelOption('dim', 'PinSAGE', '32'), option('pinsage-users', 'embedding') as UserTower,
      process.argv.includes('--degree-feature')),
    SAGE: () => new SAGETowers(trainGraph, feat, modelOption('dim', 'SAGE', '32'), option('sage-users', 'embedding') as 'embedding' | 'zeros',
      process.argv.includes('--degree-feature')),
  };
  const negatives = Number(option('negatives', '1')), useItemBias = process.argv.includes('--item-bias');
  for (const name of wanted.filter((m) => m in builders)) {
    const modelStart = Date.now(), cpu = process.cpuUsage();
    const model = builders[name]();
    // A per-item bias (DGL's ItemToItemScorer has one) rides in the dot product as an extra column: [e_u, 1]·[e_i, b_i].
    const itemBias = useItemBias ? new nn.Embedding(numItems, 1) : null;
    if (itemBias !== null) nn.init.zeros(itemBias.weight);
    const ones = dg.ones([numUsers, 1]);
    const encode = (): [dg.Tensor, dg.Tensor] => {
      const [u, it] = model.encode();
      return itemBias === null ? [u, it] : [dg.concat([u, ones], 1), dg.concat([it, itemBias.weight], 1)];
    };
    const lr = modelOption('lr', name, '0.01'), weightDecay = modelOption('weight-decay', name, '0'), epochs = modelOption('epochs', name, '10');
    console.log(`${name}: dim ${modelOption('dim', name, '32')}, lr ${lr}, weight decay ${weightDecay}, ${epochs} epochs, batch ${batchSize}, ${negatives} negative(s)${useItemBias ? ', item bias' : ''}${disjoint > 0 && name !== 'BPR-MF' ? `, disjoint ${disjoint}` : ''}`);
    const opt = new optim.Adam([...model.parameters(), ...(itemBias?.parameters() ?? [])], { lr, weightDecay });
    let best: { epoch: number; recall: number; emb: [dg.Tensor, dg.Tensor] } | null = null;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      let supervised = train;
      if (disjoint > 0 && !(model instanceof MatrixFactorisation)) {
        const [messages, held] = holdBack(train, disjoint, seed * 1000 + epoch);
        model.useGraph(purchaseGraph(messages), seed * 1000 + epoch);
        supervised = held;
      } else if (epoch > 1) model.useGraph(trainGraph, seed * 1000 + epoch);
      const n = supervised.users.length;
      const order = dg.randperm(n).data as Int32Array;
      let total = 0, batches = 0;
      for (let b = 0; b < n; b += batchSize) {
        const idx = order.subarray(b, Math.min(n, b + batchSize));
        // Each purchase meets `negatives` uniform items: its (user, item) pair is repeated as many times.
        const rep = Int32Array.from({ length: idx.length * negatives }, (_, r) => idx[r % idx.length]);
        const u = dg.tensor(Int32Array.from(rep, (e) => supervised.users[e]), { dtype: 'int32' });
        const i = dg.tensor(Int32Array.from(rep, (e) => supervised.items[e]), { dtype: 'int32' });
        const j = dg.randint(0, numItems, [rep.length]);
        const [users, itemEmb] = encode();
        const eu = dg.indexSelect(users, 0, u);
        const score = (x: dg.Tensor): dg.Tensor => dg.sum(dg.mul(eu, dg.indexSelect(itemEmb, 0, x)), 1);
        const loss = nn.bprLoss(score(i), score(j));
        opt.zeroGrad();
        loss.backward();
        opt.step();
        total += loss.item();
        batches++;
      }
      let line = `${name}: epoch ${epoch} BPR loss ${(total / batches).toFixed(4)} (${((Date.now() - modelStart) / epoch).toFixed(0)} ms / epoch)`;
      if (disjoint > 0) model.useGraph(trainGraph, seed * 1000 + epoch);
      if (validSubset.users.length > 0) {
        // Copies: MF returns its parameter tables themselves, which the optimiser keeps changing.
        const emb = dg.noGrad(() => encode().map((t) => dg.clone(t)) as [dg.Tensor, dg.Tensor]);
        const r = rankValid(dg.dotProductScorer(...emb));
        line += `, validation recall@20 ${r.recall[20].toFixed(4)} NDCG@20 ${r.ndcg[20].toFixed(4)} (${r.numUsers} users)`;
        if (best === null || r.recall[20] > best.recall) best = { epoch, recall: r.recall[20], emb };
      }
      if (epoch === epochs || verbose) console.log(line);
    }
    model.eval();
    const [userEmb, itemEmb] = best?.emb ?? dg.noGrad(() => encode());
    if (best !== null) console.log(`${name}: epoch ${best.epoch} chosen on validation`);
    const evalStart = Date.now();
    report(name, rank(dg.dotProductScorer(userEmb, itemEmb)));
    console.log(`${name}: full-ranking evaluation ${seconds(Date.now() - evalStart)} s; model total ${seconds(Date.now() - modelStart)} s wall, ${cpuSeconds(cpu)} s CPU; peak RSS so far ${peakRss()}`);
  }
  console.log(`total ${seconds(Date.now() - wallStart)} s wall, ${cpuSeconds(cpuStart)} s CPU, peak RSS ${peakRss()}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
