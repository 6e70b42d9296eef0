import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { parseFanouts, trainNodeMinibatch, type MinibatchConfig } from '../../src/cli/minibatch.js';

function task(): Parameters<typeof trainNodeMinibatch>[0] {
  const t = dg.powerLawNodeTask({ nodes: 2000, edges: 16000, feats: 12, classes: 3, numTrain: 600, numVal: 200, numTest: 300, seed: 5 });
  return { graph: t.graph, features: t.graph.ndata.get('feat'), labels: t.graph.ndata.get('label'), numClasses: 3, trainIdx: t.trainIds, valIdx: t.valIds, testIdx: t.testIds };
}

const cfg: MinibatchConfig = { fanouts: [5, 10], batchSize: 128, numWorkers: 0, epochs: 4, lr: 0.01, weightDecay: 0, hidden: 32, dropout: 0, seed: 1 };

test('train --minibatch: learns the neighbourhood rule; worker threads change nothing but the wall time', async () => {
  const data = task();
  const losses: number[][] = [[], []];
  const here = await trainNodeMinibatch(data, cfg, (r) => losses[0].push(r.loss));
  const threaded = await trainNodeMinibatch(data, { ...cfg, numWorkers: 1 }, (r) => losses[1].push(r.loss));
  assert.ok(here.testAcc > 0.6, `test accuracy ${here.testAcc} is barely above chance (1/3)`);
  assert.ok(losses[0][3] < losses[0][0], 'the loss falls');
  assert.deepEqual(losses[1], losses[0]);
  assert.equal(threaded.testAcc, here.testAcc);
  assert.equal(here.epochsRun, 4);
  assert.ok(data.graph.ndata.keys().every((k) => k === 'feat' || k === 'label'), 'the caller graph is not written to');
});

test('--fanouts is parsed and checked against the layer count', async () => {
  assert.deepEqual(parseFanouts('10,25'), [10, 25]);
  assert.deepEqual(parseFanouts('-1, 5, 3'), [-1, 5, 3]);
  assert.throws(() => parseFanouts('10,x'), /--fanouts must be comma-separated integers/);
  assert.throws(() => parseFanouts('10,,25'), /--fanouts/);
  assert.throws(() => parseFanouts('10,25', 3), /--fanouts has 2 entries \(10,25\) but the model has 3 layers/);
  await assert.rejects(trainNodeMinibatch(task(), { ...cfg, evalFanouts: [-1] }), /the sampler has 1 fanouts \(\[-1\]\) but the model has 2 layers/);
});
