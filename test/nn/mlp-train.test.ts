import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { CrossEntropyLoss, Linear, ReLU, Sequential } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';

/** Two interleaved half circles (sklearn's make_moons) with Gaussian noise, from a seeded generator. */
function twoMoons(n: number, noise: number, gen: dg.Generator): { x: dg.Tensor; y: dg.Tensor } {
  const xs = new Float32Array(n * 2), ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2, t = Math.PI * gen.nextFloat();
    const [px, py] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    xs[2 * i] = px + noise * gen.nextNormal();
    xs[2 * i + 1] = py + noise * gen.nextNormal();
    ys[i] = label;
  }
  return { x: dg.tensor(xs, { shape: [n, 2] }), y: dg.tensor(ys) };
}

function accuracy(logits: dg.Tensor, y: dg.Tensor): number {
  const [n, c] = logits.shape;
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (logits.data[i * c + j] > logits.data[i * c + best]) best = j;
    if (best === y.data[i]) right++;
  }
  return right / n;
}

test('an MLP trained with Adam separates two moons on a held-out split', () => {
  const gen = new dg.Generator(2024);
  const train = twoMoons(400, 0.1, gen), held = twoMoons(200, 0.1, gen);
  dg.manualSeed(0);
  const model = new Sequential(new Linear(2, 32), new ReLU(), new Linear(32, 32), new ReLU(), new Linear(32, 2));
  const opt = new Adam(model.parameters(), { lr: 0.02 });
  const lossFn = new CrossEntropyLoss();
  let first = NaN, last = NaN;
  for (let epoch = 0; epoch < 100; epoch++) {
    opt.zeroGrad();
    const loss = lossFn.forward(model.forward(train.x), train.y);
    loss.backward();
    opt.step();
    if (epoch === 0) first = loss.item();
    last = loss.item();
  }
  assert.ok(last < first / 5, `training loss fell from ${first} to ${last}`);
  model.eval();
  const acc = dg.noGrad(() => accuracy(model.forward(held.x), held.y));
  assert.ok(acc >= 0.97, `held-out accuracy ${acc}`);
});
