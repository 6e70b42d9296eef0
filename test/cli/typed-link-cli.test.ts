import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainArgs, runTraining } from '../../src/cli/train.js';
import { createProgress } from '../../src/cli/progress.js';
import { UsageError } from '../../src/cli/args.js';
import { syntheticRecommendation } from '../../src/data/recommendation.js';
import { writeFolder } from '../data/csv/csv-fixtures.js';
import { heterograph } from '../../src/graph/construct.js';
import { HANEncoder, twoHopMetapaths } from '../../src/cli/typed-link-models.js';

const quiet = createProgress({ silent: true });

/** A CSVDataset folder of users buying items (planted communities), optionally with the reverse relation and a noise relation. */
function purchases(withReverse: boolean): string {
  const rec = syntheticRecommendation({ users: 150, items: 80, interactions: 2400, communities: 4, seed: 3 });
  const buys = ['src_id,dst_id'], rev = ['src_id,dst_id'];
  for (const p of [rec.train, rec.heldOut]) p.users.forEach((u, e) => { buys.push(`${u},${p.items[e]}`); rev.push(`${p.items[e]},${u}`); });
  const d = rec.itemFeatures.shape[1];
  const items = ['node_id,feat', ...Array.from({ length: 80 }, (_, i) =>
    `${i},"${Array.from(rec.itemFeatures.data.subarray(i * d, (i + 1) * d), (v) => v.toFixed(3)).join(',')}"`)];
  const follows = ['src_id,dst_id', ...Array.from({ length: 150 }, (_, u) => `${u},${(u * 7) % 150}`)];
  const meta = ['dataset_name: shop', 'node_data:', '- file_name: users.csv', '  ntype: user', '- file_name: items.csv', '  ntype: item',
    'edge_data:', '- file_name: buys.csv', '  etype: [user, buys, item]', '- file_name: follows.csv', '  etype: [user, follows, user]',
    ...(withReverse ? ['- file_name: rev.csv', '  etype: [item, bought-by, user]'] : []), ''].join('\n');
  return writeFolder({ 'meta.yaml': meta, 'users.csv': ['node_id', ...Array.from({ length: 150 }, (_, u) => u)].join('\n'),
    'items.csv': items.join('\n'), 'buys.csv': buys.join('\n'), 'follows.csv': follows.join('\n'), ...(withReverse ? { 'rev.csv': rev.join('\n') } : {}) });
}

test('--task link --etype on a typed graph: rgcn and pinsage beat item popularity on held-out purchases', async () => {
  const dir = purchases(true);
  const r = await runTraining(parseTrainArgs(['--data', dir, '--task', 'link', '--etype', 'buys', '--epochs', '40', '--hidden', '32']), quiet);
  assert.equal(r.model, 'rgcn');
  assert.equal(r.metric, 'auc');
  assert.match(r.protocol, /held-out pairs removed from it and from its reverse item:bought-by:user/);
  const e = r.extra!;
  assert.ok(r.testAccMean > e['popularity auc'] + 0.03, `rgcn AUC ${r.testAccMean} vs popularity ${e['popularity auc']}`);
  assert.ok(e.mrr > e['popularity mrr'], `rgcn MRR ${e.mrr} vs popularity ${e['popularity mrr']}`);
  const p = await runTraining(parseTrainArgs(['--data', dir, '--task', 'link', '--etype', 'user:buys:item', '--model', 'pinsage', '--epochs', '40', '--hidden', '32']), quiet);
  assert.equal(p.model, 'pinsage');
  assert.ok(p.testAccMean > p.extra!['popularity auc'], `pinsage AUC ${p.testAccMean} vs popularity ${p.extra!['popularity auc']}`);
});

test('--task link on a typed graph without a reverse relation adds one; sage trains there', async () => {
  const s = await runTraining(parseTrainArgs(['--data', purchases(false), '--task', 'link', '--etype', 'buys', '--model', 'sage', '--epochs', '30', '--hidden', '32']), quiet);
  assert.match(s.protocol, /reverse relation item:rev-buys:user added from the training pairs/);
  assert.ok(s.testAccMean > s.extra!['popularity auc'], `sage AUC ${s.testAccMean} vs popularity ${s.extra!['popularity auc']}`);
});

test('--task link on a typed graph: a missing, unknown or wrong edge type is named', async () => {
  const dir = purchases(true), bad = async (args: string[], re: RegExp): Promise<void> => {
    await assert.rejects(runTraining(parseTrainArgs(['--data', dir, '--task', 'link', '--epochs', '1', ...args]), quiet),
      (e: Error) => e instanceof UsageError && re.test(e.message), `${args.join(' ')} should fail with ${re}`);
  };
  await bad([], /needs --etype .*edge types are \[item:bought-by:user, user:buys:item, user:follows:user\]/);
  await bad(['--etype', 'sells'], /--etype 'sells' is not an edge type of this graph/);
  await bad(['--etype', 'buys', '--reverse-etype', 'returns'], /--reverse-etype 'returns' is not an edge type/);
  await bad(['--etype', 'buys', '--reverse-etype', 'follows'], /runs user → user; the reverse of user:buys:item must run item → user/);
  await bad(['--etype', 'follows', '--reverse-etype', 'follows'], /lacks the reverse of user:follows:user edge/);
  await bad(['--etype', 'buys', '--model', 'gat'], /--task link trains rgcn, sage, hgt, rgat, han, pinsage, not gat/);
  await bad(['--etype', 'follows', '--model', 'pinsage'], /must join two node types/);
  await assert.rejects(runTraining(parseTrainArgs(['--data', dir, '--etype', 'buys']), quiet), /--etype and --reverse-etype apply to --task link/);
  await assert.rejects(runTraining(parseTrainArgs(['--dataset', 'cora', '--etype', 'buys']), quiet), /--etype and --reverse-etype apply to --data folders/);
  await assert.rejects(runTraining(parseTrainArgs(['--dataset', 'cora', '--model', 'pinsage']), quiet), /pinsage predicts links of a typed --data graph/);
  for (const m of ['hgt', 'rgat', 'han']) {
    await assert.rejects(runTraining(parseTrainArgs(['--dataset', 'cora', '--model', m]), quiet), new RegExp(`${m} predicts links of a typed --data graph`));
  }
});

test('--task link on a typed graph: hgt, rgat and han (user-item-user metapaths) beat item popularity', async () => {
  const dir = purchases(true);
  for (const model of ['hgt', 'rgat', 'han']) {
    const r = await runTraining(parseTrainArgs(['--data', dir, '--task', 'link', '--etype', 'buys', '--model', model, '--epochs', '40', '--hidden', '32']), quiet);
    assert.equal(r.model, model);
    const e = r.extra!;
    assert.ok(r.testAccMean > e['popularity auc'] + 0.03, `${model} AUC ${r.testAccMean} vs popularity ${e['popularity auc']}`);
    assert.ok(e.mrr > e['popularity mrr'], `${model} MRR ${e.mrr} vs popularity ${e['popularity mrr']}`);
  }
});

test('han on a typed graph: the two-hop metapaths of each end; a type with none is named', () => {
  const g = heterograph({
    'user:buys:item': [new Int32Array([0, 1]), new Int32Array([0, 0])], 'item:bought-by:user': [new Int32Array([0]), new Int32Array([1])],
    'user:follows:user': [new Int32Array([0]), new Int32Array([1])], 'item:made-by:brand': [new Int32Array([0]), new Int32Array([0])],
  });
  assert.deepEqual(twoHopMetapaths(g, 'user'), [['user:buys:item', 'item:bought-by:user'], ['user:follows:user', 'user:follows:user']]);
  assert.deepEqual(twoHopMetapaths(g, 'item'), [['item:bought-by:user', 'user:buys:item']]);
  assert.deepEqual(twoHopMetapaths(g, 'brand'), []);
  const features = { user: undefined, item: undefined, brand: undefined };
  assert.throws(() => new HANEncoder(g, features, 8, ['item', 'made-by', 'brand']),
    (e: Error) => e instanceof UsageError && /--model han: no metapath leaves 'brand' and returns to it in two hops/.test(e.message));
  const out = new HANEncoder(g, features, 8, ['user', 'buys', 'item']).forward();
  assert.deepEqual(Object.keys(out).sort(), ['item', 'user']);
  assert.deepEqual(out.user.shape, [2, 8]);
});
