import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/tensor/random.js';
import { parseTrainArgs, runTraining } from '../../src/cli/train.js';
import { createProgress } from '../../src/cli/progress.js';
import { detectDataDir } from '../../src/cli/data-dir.js';
import { UsageError } from '../../src/cli/args.js';
import { hitsAtK, mrr, rocAuc } from '../../src/cli/link-train.js';
import { writeFolder, vec } from '../data/csv/csv-fixtures.js';
import { runCli } from './cli-run.js';

const quiet = createProgress({ silent: true });
const META = 'dataset_name: two_groups\nedge_data:\n- file_name: edges.csv\nnode_data:\n- file_name: nodes.csv\n';

/** Two groups of 60 nodes: dense inside, sparse across; features a noisy hint of the group. */
function twoGroups(withMasks: boolean): string {
  const rng = new Generator(5), n = 120, group = (v: number): number => (v < 60 ? 0 : 1);
  const nodes = [`node_id,label,feat${withMasks ? ',train_mask,val_mask,test_mask' : ''}`];
  for (let v = 0; v < n; v++) {
    const hint = [group(v) + rng.nextNormal() * 0.8, 1 - group(v) + rng.nextNormal() * 0.8];
    const masks = withMasks ? `,${v % 5 === 0 ? 'True' : 'False'},${v % 5 === 1 ? 'True' : 'False'},${v % 5 >= 2 ? 'True' : 'False'}` : '';
    nodes.push(`${v},${group(v)},${vec(hint.map((x) => x.toFixed(3)).map(Number))}${masks}`);
  }
  const edges = ['src_id,dst_id'];
  for (let e = 0; e < 900; e++) {
    const u = rng.nextInt(n), same = rng.nextFloat() < 0.9;
    const v = same ? group(u) * 60 + rng.nextInt(60) : (1 - group(u)) * 60 + rng.nextInt(60);
    edges.push(`${u},${v}`, `${v},${u}`);
  }
  return writeFolder({ 'meta.yaml': META, 'nodes.csv': nodes.join('\n'), 'edges.csv': edges.join('\n') });
}

test('--data: node classification with the data\'s masks, or a seeded --split when there are none', async () => {
  const withMasks = await runTraining(parseTrainArgs(['--data', twoGroups(true), '--epochs', '60']), quiet);
  assert.equal(withMasks.dataset, 'two_groups');
  assert.equal(withMasks.model, 'gcn');
  assert.match(withMasks.protocol, /masks from the data/);
  assert.ok(withMasks.testAccMean >= 0.85, `test accuracy ${withMasks.testAccMean}`);
  const dir = twoGroups(false);
  const a = await runTraining(parseTrainArgs(['--data', dir, '--epochs', '60', '--split', '0.6,0.2,0.2', '--seed', '3']), quiet);
  const b = await runTraining(parseTrainArgs(['--data', dir, '--epochs', '60', '--split', '0.6,0.2,0.2', '--seed', '3']), quiet);
  assert.match(a.protocol, /random split 0\.6\/0\.2\/0\.2/);
  assert.equal(a.testAccMean, b.testAccMean, 'same seed, same split, same result');
  assert.ok(a.testAccMean >= 0.85, `test accuracy ${a.testAccMean}`);
});

test('--data: a typed graph trains R-GCN on the node type with labels', async () => {
  const rng = new Generator(9);
  const papers = ['node_id,label'], authors = ['node_id'], writes = ['src_id,dst_id'], cites = ['src_id,dst_id'];
  for (let a = 0; a < 20; a++) authors.push(`a${a}`);
  for (let p = 0; p < 80; p++) {
    const label = p % 2;
    papers.push(`p${p},${label}`);
    for (let k = 0; k < 3; k++) writes.push(`a${label * 10 + rng.nextInt(10)},p${p}`);
    cites.push(`p${p},p${label + 2 * rng.nextInt(40)}`);
  }
  const dir = writeFolder({
    'meta.yaml': 'dataset_name: typed\nnode_data:\n- file_name: papers.csv\n  ntype: paper\n- file_name: authors.csv\n  ntype: author\n' +
      'edge_data:\n- file_name: writes.csv\n  etype: [author, writes, paper]\n- file_name: cites.csv\n  etype: [paper, cites, paper]\n',
    'papers.csv': papers.join('\n'), 'authors.csv': authors.join('\n'), 'writes.csv': writes.join('\n'), 'cites.csv': cites.join('\n'),
  });
  await assert.rejects(runTraining(parseTrainArgs(['--data', dir, '--task', 'link']), quiet),
    (e: Error) => e instanceof UsageError && /--task link on a typed graph needs --etype to name the relation to predict; edge types are \[author:writes:paper, paper:cites:paper\]/.test(e.message));
  const s = await runTraining(parseTrainArgs(['--data', dir, '--split', '0.5,0.1,0.4']), quiet);
  assert.equal(s.model, 'rgcn');
  assert.ok(s.testAccMean >= 0.7, `R-GCN test accuracy (chance 0.5) ${s.testAccMean}`);
  const out = runCli(['info', '--data', dir]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /nodes paper: 80; label int32/);
  assert.match(out.stdout, /edges author -\[writes\]-> paper: 240/);
});

test('--data: graph classification and regression from graphs.csv, reported as accuracy and RMSE', async () => {
  const rng = new Generator(11);
  const nodes = ['graph_id,node_id'], edges = ['graph_id,src_id,dst_id'], cls = ['graph_id,label'], reg = ['graph_id,label'];
  for (let g = 0; g < 60; g++) {
    const n = 4 + rng.nextInt(5), star = g % 2 === 1;
    for (let v = 0; v < n; v++) nodes.push(`${g},${v}`);
    for (let v = 1; v < n; v++) { const u = star ? 0 : v - 1; edges.push(`${g},${u},${v}`, `${g},${v},${u}`); }
    cls.push(`${g},${star ? 1 : 0}`); reg.push(`${g},${(n / 2).toFixed(1)}`);
  }
  const meta = 'dataset_name: shapes\nnode_data:\n- file_name: nodes.csv\nedge_data:\n- file_name: edges.csv\ngraph_data:\n  file_name: graphs.csv\n';
  const c = await runTraining(parseTrainArgs(['--data', writeFolder({ 'meta.yaml': meta, 'nodes.csv': nodes.join('\n'), 'edges.csv': edges.join('\n'), 'graphs.csv': cls.join('\n') }), '--epochs', '30']), quiet);
  assert.equal(c.model, 'gin');
  assert.equal(c.metric, 'accuracy');
  assert.ok(c.testAccMean >= 0.8, `stars vs paths: test accuracy ${c.testAccMean}`);
  const r = await runTraining(parseTrainArgs(['--data', writeFolder({ 'meta.yaml': meta, 'nodes.csv': nodes.join('\n'), 'edges.csv': edges.join('\n'), 'graphs.csv': reg.join('\n') }), '--epochs', '30']), quiet);
  assert.equal(r.metric, 'rmse');
  assert.ok(Number.isFinite(r.testAccMean) && r.testAccMean < 1.5, `RMSE ${r.testAccMean} (labels 2..4)`);
});

test('--data --task link: AUC, Hits@K and MRR on held-out edges', async () => {
  const s = await runTraining(parseTrainArgs(['--data', twoGroups(false), '--task', 'link', '--epochs', '40']), quiet);
  assert.equal(s.metric, 'auc');
  assert.ok(s.testAccMean >= 0.65, `test AUC ${s.testAccMean}`);
  assert.ok(s.extra !== undefined && 'hits@50' in s.extra && 'mrr' in s.extra);
});

test('link metrics equal direct computations on hand cases (ties count one half)', () => {
  assert.equal(rocAuc([3, 2], [1, 0]), 1);
  assert.equal(rocAuc([1], [1]), 0.5);
  assert.equal(rocAuc([2, 0], [1, 3]), 0.25);
  assert.equal(hitsAtK([5, 2, 0.5], [4, 1, 0], 1), 1 / 3);
  assert.equal(hitsAtK([5, 2, 0.5], [4, 1, 0], 2), 2 / 3);
  assert.equal(mrr([2, 1], [3, 0, 0, 0], 2), (1 / 2 + 1) / 2);
});

test('--data errors: not a dataset folder, --data with --dataset, a bad --split', () => {
  assert.throws(() => detectDataDir(writeFolder({ 'x.csv': 'a\n' })), (e: Error) => e instanceof UsageError && /meta\.yaml/.test(e.message));
  assert.throws(() => parseTrainArgs(['--data', '/tmp', '--dataset', 'cora']), /either --dataset or --data/);
  assert.throws(() => parseTrainArgs(['--data', '/tmp', '--split', '0.5,0.5']), /three non-negative fractions/);
  const out = runCli(['train', '--data', '/nonexistent/folder']);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /no such folder/);
});
