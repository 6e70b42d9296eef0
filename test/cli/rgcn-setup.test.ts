import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainArgs, runTraining } from '../../src/cli/train.js';
import { createProgress } from '../../src/cli/progress.js';
import { loadData } from '../../src/cli/datasets.js';
import { entityGraph, type EntityData } from '../../src/cli/entity-train.js';
import { runCli } from './cli-run.js';
import { sharedData } from '../data/shared-data.js';

test("the identity relation adds one self-loop per node, of relation id numRels, with norm 1", async () => {
  const data = await loadData('aifb', sharedData()) as EntityData;
  const plain = entityGraph(data), withId = entityGraph(data, false, true);
  const n = plain.g.numNodes(), E = plain.g.numEdges();
  assert.equal(withId.numRels, plain.numRels + 1);
  assert.equal(withId.g.numEdges(), E + n);
  const { src, dst } = withId.g.sparse().coo();
  const loops = Array.from({ length: E + n }, (_, e) => e).filter((e) => withId.etypes.data[e] === plain.numRels);
  assert.equal(loops.length, n);
  assert.ok(loops.every((e) => src[e] === dst[e] && withId.norm.data[e] === 1));
});

test('predicate relations: one relation id per edge type name, and the norms of each destination and name sum to 1', async () => {
  const data = await loadData('mutag-rdf', sharedData()) as EntityData;
  const canonical = entityGraph(data), byName = entityGraph(data, true, false, true);
  assert.equal(canonical.numRels, data.graph.canonicalEtypes.length);
  assert.equal(byName.numRels, new Set(data.graph.etypes).size);
  assert.ok(byName.numRels < canonical.numRels, `${byName.numRels} names, ${canonical.numRels} canonical types`);
  const { dst } = byName.g.sparse().coo(), sums = new Map<number, number>();
  for (let e = 0; e < dst.length; e++) {
    const k = dst[e] * byName.numRels + byName.etypes.data[e];
    sums.set(k, (sums.get(k) ?? 0) + byName.norm.data[e]);
  }
  assert.ok([...sums.values()].every((v) => Math.abs(v - 1) < 1e-5));
});

test('--rgcn-setup authors trains R-GCN on AIFB with the authors\' settings (identity relation, no bias, first-layer L2 doubled)', async () => {
  const s = await runTraining(parseTrainArgs(['--dataset', 'aifb', '--data-dir', sharedData('rdf'), '--rgcn-setup', 'authors', '--epochs', '20',
    '--weight-decay', '5e-4']), createProgress({ silent: true }));
  assert.match(s.protocol, /"weightDecay":0\.001/);
  assert.match(s.protocol, /"identityRelation":true,"bias":false,"init":"glorot"/);
  assert.match(s.protocol, /"weightDecayScope":"first"/);
  assert.match(s.protocol, /"relations":"predicate"/);
  assert.ok(s.testAccMean >= 0.75, `test accuracy ${s.testAccMean} (4 classes)`);
  const r = runCli(['train', '--dataset', 'cora', '--rgcn-setup', 'authors']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--rgcn-setup applies to R-GCN/);
});
