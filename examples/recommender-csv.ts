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
 *     id embedding, users by an embedding, trained with the same BPR triples.
 *
 *   npm run build && node dist/examples/recommender-csv.js [--users 2000] [--items 1000] [--interactions 40000]
 *     [--epochs 10] [--dim 32] [--batch-size 1024] [--lr 0.01] [--seed 0] [--out DIR]
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

/** User embeddings against item embeddings from `items()` (MF: a table; PinSAGE: the item tower). */
class TwoTower extends nn.Module {
  readonly users: dg.nn.Embedding;
  constructor(numUsers: number, dim: number, readonly items: () => dg.Tensor) {
    super();
    this.users = this.registerModule('users', new nn.Embedding(numUsers, dim));
    nn.init.normal(this.users.weight, 0, 0.1);
  }
  forward(u: dg.Tensor, i: dg.Tensor, j: dg.Tensor): dg.Tensor {
    const eu = this.users.forward(u), items = this.items();
    const score = (x: dg.Tensor): dg.Tensor => dg.sum(dg.mul(eu, dg.indexSelect(items, 0, x)), 1);
    return nn.bprLoss(score(i), score(j));
  }
}

async function main(): Promise<void> {
  const users = Number(option('users', '2000')), items = Number(option('items', '1000')), interactions = Number(option('interactions', '40000'));
  const epochs = Number(option('epochs', '10')), dim = Number(option('dim', '32')), batchSize = Number(option('batch-size', '1024'));
  const lr = Number(option('lr', '0.01')), seed = Number(option('seed', '0'));
  const dir = process.argv.includes('--out') ? option('out', '') : mkdtempSync(join(tmpdir(), 'deepgraph-recommender-'));
  dg.manualSeed(seed);
  const rec = data.syntheticRecommendation({ users, items, interactions, seed });
  writeCsv(dir, rec, users, items);
  console.log(`wrote ${interactions} purchases of ${users} users and ${items} items to ${dir}`);

  const g = (await data.CSVDataset.load(dir)).graphs[0];
  const [src, dst] = g.edges({ etype: 'buys' });
  const held = g.edgeFrame('buys').get('heldout').data;
  const pick = (want: boolean): { users: Int32Array; items: Int32Array } => {
    const idx = [...held.keys()].filter((e) => Boolean(held[e]) === want);
    return { users: Int32Array.from(idx, (e) => src[e]), items: Int32Array.from(idx, (e) => dst[e]) };
  };
  const train = pick(false), heldOut = pick(true);
  const numUsers = g.numNodes('user'), numItems = g.numNodes('item');
  const feat = g.nodeFrame('item').get('feat');
  const rank = (score: dg.BlockScorer): dg.FullRankingResult =>
    dg.evaluateRanking({ numUsers, numItems, score, heldOut, exclude: train, k: 20 });
  const report = (name: string, r: dg.FullRankingResult): void =>
    console.log(`${name.padEnd(10)} recall@20 ${r.recall[20].toFixed(4)}  NDCG@20 ${r.ndcg[20].toFixed(4)}  (${r.numUsers} users)`);

  report('ideal', rank(rec.idealScore));  // the generator's own probabilities: the best any model can expect
  const degree = new Float64Array(numItems);
  for (const i of train.items) degree[i]++;
  report('popularity', rank((u, start, end) => {
    const out = new Float64Array(u.length * (end - start));
    u.forEach((_, r) => out.set(degree.subarray(start, end), r * (end - start)));
    return out;
  }));

  // The graph of training purchases both ways, for PinSAGESampler's walks item → user → item.
  const trainGraph = dg.heterograph({ 'user:buys:item': [train.users, train.items], 'item:boughtBy:user': [train.items, train.users] },
    { numNodes: { user: numUsers, item: numItems } });
  const allItems = Int32Array.from({ length: numItems }, (_, i) => i);
  const walks = new dg.PinSAGESampler(trainGraph, 'item', 'user', { numTraversals: 2, terminationProb: 0.5, numRandomWalks: 10, numNeighbors: 10, seed });
  const itemGraph = walks.sample(allItems);
  const mfItems = new nn.Embedding(numItems, dim);
  nn.init.normal(mfItems.weight, 0, 0.1);
  const pinsage = new nn.PinSAGE(feat.shape[1], dim, { numLayers: 2, dropout: 0 });
  const idEmb = new nn.Embedding(numItems, dim);
  nn.init.normal(idEmb.weight, 0, 0.1);
  const models: [string, TwoTower, dg.nn.Module][] = [
    ['BPR-MF', new TwoTower(numUsers, dim, () => mfItems.weight), mfItems],
    ['PinSAGE', new TwoTower(numUsers, dim, () => dg.add(pinsage.forward(itemGraph, feat), idEmb.weight)), pinsage],
  ];
  for (const [name, model, itemModule] of models) {
    const params = [...model.parameters(), ...itemModule.parameters(), ...(name === 'PinSAGE' ? idEmb.parameters() : [])];
    const opt = new optim.Adam(params, { lr });
    const n = train.users.length;
    const start = Date.now();
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = dg.randperm(n).data as Int32Array;
      let total = 0, batches = 0;
      for (let b = 0; b < n; b += batchSize) {
        const idx = order.subarray(b, Math.min(n, b + batchSize));
        const u = dg.tensor(Int32Array.from(idx, (e) => train.users[e]), { dtype: 'int32' });
        const i = dg.tensor(Int32Array.from(idx, (e) => train.items[e]), { dtype: 'int32' });
        const j = dg.randint(0, numItems, [idx.length]);
        const loss = model.forward(u, i, j);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        total += loss.item();
        batches++;
      }
      if (epoch === epochs) console.log(`${name}: epoch ${epoch} BPR loss ${(total / batches).toFixed(4)} (${((Date.now() - start) / epochs).toFixed(0)} ms / epoch)`);
    }
    model.eval();
    itemModule.eval();
    report(name, rank(dg.dotProductScorer(model.users.weight, dg.noGrad(() => model.items()))));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
