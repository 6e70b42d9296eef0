import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import * as dg from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { withTempDir } from './util.js';

const CHILD = new URL('./resume-child.js', import.meta.url).pathname;
const run = (mode: string, dir: string): void => { execFileSync(process.execPath, [CHILD, mode, dir], { stdio: 'inherit' }); };

test('checkpoint: 10 epochs + save + load in a new process + 10 epochs = 20 uninterrupted epochs, bit for bit (GCN, dropout, Adam, StepLR)', async () => {
  await withTempDir('resume', (dir) => {
    run('full', dir);
    run('first', dir);
    run('resume', dir);
    const full = readFileSync(join(dir, 'full.safetensors')), resumed = readFileSync(join(dir, 'resumed.safetensors'));
    assert.ok(full.length > 1000);
    assert.ok(full.equals(resumed), 'the resumed run ends with exactly the uninterrupted run\'s weights');
    const ck = dg.loadCheckpoint(join(dir, 'ckpt.safetensors'), { restoreRandomState: false });
    assert.equal(ck.epoch, 9);
    assert.deepEqual(ck.extra, { note: 'half' });
    const halfway = ck.modelState!.get('conv1.weight')!.data, end = dg.load(join(dir, 'full.safetensors')).get('conv1.weight')!.data;
    assert.notDeepEqual([...halfway], [...end], 'the second half of training changed the weights');
  });
});

test('Generator getState / setState continue the same stream, including the cached normal', () => {
  const g = new dg.Generator(3);
  g.nextNormal();
  const state = g.getState();
  const a = [g.nextNormal(), g.nextUint32(), g.nextFloat()];
  const h = new dg.Generator(99);
  h.setState(JSON.parse(JSON.stringify(state)));
  assert.deepEqual([h.nextNormal(), h.nextUint32(), h.nextFloat()], a);
  assert.throws(() => h.setState({ words: [0, 0, 0, 0], spareNormal: null }), /all-zero state/);
  assert.throws(() => h.setState({ words: [1, 2, 3], spareNormal: null }), /four unsigned 32-bit integers/);
});

test('checkpoint bytes keep ReduceLROnPlateau infinities, -0, Maps, tensors and typed arrays in extra', () => {
  const lin = new dg.nn.Linear(2, 2);
  const opt = new dg.optim.SGD(lin.parameters(), { lr: 0.1, momentum: 0.9 });
  const plateau = new dg.optim.ReduceLROnPlateau(opt, { patience: 1 });
  const extra = { best: -Infinity, zero: -0, nan: NaN, ids: new Int32Array([4, 5]), t: new Tensor(new Float64Array([1.5]), [1], 'float64'),
    history: new Map([['a', [1, 2]]]), nested: { ok: true, s: 'x' } };
  const bytes = dg.encodeCheckpoint({ model: lin, optimizer: opt, scheduler: plateau, epoch: 0, extra });
  const plateau2 = new dg.optim.ReduceLROnPlateau(opt, { patience: 1 });
  plateau2.best = 5;
  const ck = dg.decodeCheckpoint(bytes, { scheduler: plateau2 });
  assert.equal(plateau2.best, Infinity);
  assert.equal(ck.extra.best, -Infinity);
  assert.ok(Object.is(ck.extra.zero, -0));
  assert.ok(Number.isNaN(ck.extra.nan));
  assert.deepEqual(ck.extra.ids, new Int32Array([4, 5]));
  assert.deepEqual((ck.extra.t as Tensor).data, new Float64Array([1.5]));
  assert.deepEqual(ck.extra.history, new Map([['a', [1, 2]]]));
  assert.deepEqual(ck.extra.nested, { ok: true, s: 'x' });
  assert.deepEqual(dg.encodeCheckpoint({ model: lin, optimizer: opt, scheduler: plateau, epoch: 0, extra }), bytes, 'deterministic bytes');
});

test('checkpoint errors: not a checkpoint, a part the file lacks, unsavable extras', async () => {
  await withTempDir('ckpt-bad', (dir) => {
    const lin = new dg.nn.Linear(2, 2);
    dg.save(lin, join(dir, 'w.safetensors'));
    assert.throws(() => dg.loadCheckpoint(join(dir, 'w.safetensors')), /w\.safetensors: not a deepgraph checkpoint/);
    dg.saveCheckpoint(join(dir, 'c.ckpt'), { model: lin, epoch: 1 });
    const opt = new dg.optim.Adam(lin.parameters());
    assert.throws(() => dg.loadCheckpoint(join(dir, 'c.ckpt'), { optimizer: opt }), /c\.ckpt: loadCheckpoint was asked to restore the optimizer, but the checkpoint has no optimizer state/);
    assert.throws(() => dg.loadCheckpoint(join(dir, 'c.ckpt'), { model: new dg.nn.Linear(3, 2) }), /shape mismatch for 'weight'/);
    assert.throws(() => dg.saveCheckpoint(join(dir, 'x.ckpt'), { extra: { f: () => 1 } }), /'extra\/f' holds a function, which cannot be saved/);
  });
});
