/** DistEmbedding in a Redis Cluster of 3 masters on loopback, against NodeEmbedding in memory and a naive reference. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import * as dg from '../../src/index.js';
import { startRedisCluster } from './redis-cluster.js';

const N = 120, DIM = 4, PARTS = 4, STEPS = 4;
const rand = (seed: number): (() => number) => dg.distributed.seededRandom(seed);
const init = (ids: Int32Array, dim: number): Float32Array => Float32Array.from({ length: ids.length * dim }, (_, q) => Math.sin(ids[Math.floor(q / dim)] * 7 + (q % dim)));

/** Per step: two lookups (ids with repeats) and the coefficients that make their gradient. */
function batches(): { ids: Int32Array; coef: Float32Array }[][] {
  const r = rand(5);
  return Array.from({ length: STEPS }, () => [0, 1].map(() => {
    const ids = Int32Array.from({ length: 25 }, () => Math.floor(r() * N / 2));  // rows N/2.. are never touched
    return { ids, coef: Float32Array.from({ length: ids.length * DIM }, () => r() * 2 - 1) };
  }));
}

/** loss = sum(rows * coef) over the step's lookups, so d loss / d rows = coef. */
async function train(emb: { lookup(ids: Int32Array): dg.Tensor | Promise<dg.Tensor> }, opt: dg.optim.SparseAdagrad | dg.optim.SparseAdam): Promise<void> {
  for (const step of batches()) {
    let loss: dg.Tensor | null = null;
    for (const { ids, coef } of step) {
      const term = dg.sum(dg.mul(await emb.lookup(ids), new dg.Tensor(coef, [ids.length, DIM])));
      loss = loss === null ? term : dg.add(loss, term);
    }
    loss!.backward();
    await opt.step();
  }
}

/** DGL's update rules written out per element, state rounded to float32 where it is stored. */
function reference(kind: 'adagrad' | 'adam', lr: number): Float32Array {
  const w = init(Int32Array.from({ length: N }, (_, i) => i), DIM);
  const s1 = new Float32Array(N * DIM), s2 = new Float32Array(N * DIM), t = new Float32Array(N);
  for (const step of batches()) {
    const sum = new Map<number, number[]>(), cnt = new Map<number, number>();
    for (const { ids, coef } of step) {
      ids.forEach((v, i) => {
        const acc = sum.get(v) ?? new Array<number>(DIM).fill(0);
        for (let j = 0; j < DIM; j++) acc[j] += coef[i * DIM + j];
        sum.set(v, acc);
        cnt.set(v, (cnt.get(v) ?? 0) + 1);
      });
    }
    for (const [v, acc] of sum) {
      t[v]++;
      for (let j = 0; j < DIM; j++) {
        const q = v * DIM + j, g = acc[j] / cnt.get(v)!;
        if (kind === 'adagrad') {
          s1[q] += g * g;
          w[q] -= lr * g / Math.sqrt(s1[q] + 1e-10);
        } else {
          s1[q] = 0.9 * s1[q] + 0.1 * g;
          s2[q] = 0.999 * s2[q] + 0.001 * g * g;
          w[q] -= lr * (s1[q] / (1 - 0.9 ** t[v])) / (Math.sqrt(s2[q] / (1 - 0.999 ** t[v])) + 1e-8);
        }
      }
    }
  }
  return w;
}

test('DistEmbedding rows live on their partition\'s master as raw float32; sparse Adagrad and Adam equal NodeEmbedding\'s and DGL\'s rules', async () => {
  const cluster = await startRedisCluster(3);
  const nodes = cluster.ports.map((p) => `127.0.0.1:${p}`);
  const r = rand(9);
  const assignment = Int32Array.from({ length: N }, () => Math.floor(r() * PARTS));
  const opened: dg.distributed.DistEmbedding[] = [];
  try {
    for (const kind of ['adagrad', 'adam'] as const) {
      const lr = kind === 'adagrad' ? 0.1 : 0.05;
      const dist = await dg.distributed.DistEmbedding.connect(nodes, `emb-${kind}`, N, DIM, { assignment, init });
      opened.push(dist);
      const local = new dg.nn.NodeEmbedding(N, DIM, `emb-${kind}`, { init });
      const make = (e: dg.optim.SparseRowTable): dg.optim.SparseAdagrad | dg.optim.SparseAdam =>
        (kind === 'adagrad' ? new dg.optim.SparseAdagrad([e], { lr }) : new dg.optim.SparseAdam([e], { lr }));
      await train(dist, make(dist));
      await train(local, make(local));
      const all = Int32Array.from({ length: N }, (_, i) => i);
      const got = await dist.pullRows('weight', DIM, all);
      assert.deepEqual([...got], [...local.weight], `${kind}: Redis Cluster rows equal the in-memory embedding's`);
      const want = reference(kind, lr);
      for (let q = 0; q < want.length; q++) assert.ok(Math.abs(got[q] - want[q]) <= 1e-6, `${kind}: row ${Math.floor(q / DIM)} col ${q % DIM}: ${got[q]} vs ${want[q]}`);
      assert.deepEqual([...got.subarray(N / 2 * DIM)], [...init(all.subarray(N / 2), DIM)], `${kind}: untouched rows keep their initial values`);
      assert.notDeepEqual([...got.subarray(0, N / 2 * DIM)], [...init(all.subarray(0, N / 2), DIM)], `${kind}: touched rows moved`);
      // Each master holds exactly the rows of the partitions mapped to it, as DIM raw float32.
      let seen = 0;
      for (const address of nodes) {
        const direct = new Redis({ host: '127.0.0.1', port: Number(address.split(':')[1]), lazyConnect: true });
        await direct.connect();
        try {
          for (const key of await direct.keys(`*emb-${kind}:weight:*`)) {
            const v = Number(key.slice(key.lastIndexOf(':') + 1));
            assert.equal(dist.masterOf(assignment[v]), address, `row ${v} (partition ${assignment[v]}) is on ${address}`);
            const raw = await direct.getBuffer(key);
            assert.equal(raw!.byteLength, DIM * 4);
            assert.deepEqual([...new Float32Array(raw!.buffer.slice(raw!.byteOffset, raw!.byteOffset + DIM * 4))], [...got.subarray(v * DIM, (v + 1) * DIM)]);
            assert.ok(v < N / 2, `only touched rows are written (row ${v})`);
            seen++;
          }
        } finally {
          direct.disconnect();
        }
      }
      assert.equal(seen, new Set(batches().flat().flatMap(({ ids }) => [...ids])).size, `${kind}: one key per touched row`);
    }
  } finally {
    await Promise.all(opened.map((e) => e.close()));
    await cluster.stop();
  }
});

test('a stopped Redis Cluster master gives an error naming it and the partition whose rows it held', async () => {
  const cluster = await startRedisCluster(3);
  const nodes = cluster.ports.map((p) => `127.0.0.1:${p}`);
  const emb = await dg.distributed.DistEmbedding.connect(nodes, 'emb', 30, 2, { timeoutMs: 1000 });
  try {
    const opt = new dg.optim.SparseAdam([emb], { lr: 0.1 });
    dg.sum(await emb.lookup(Int32Array.from([0, 1, 2, 3, 4, 5]))).backward();
    await opt.step();
    const lost = nodes.indexOf(emb.masterOf(1));
    await cluster.stopMaster(lost);
    const t0 = Date.now();
    await assert.rejects(emb.lookup(Int32Array.from([1, 4])), (e: Error) => {
      assert.equal(e.name, 'StoreUnavailableError');
      assert.match(e.message, new RegExp(`^Redis Cluster master ${nodes[lost]} \\(partition 1's rows of 'emb'\\) is unavailable: `));
      return true;
    });
    assert.ok(Date.now() - t0 < 5000, 'the error comes without a long wait');
    await assert.rejects(dg.distributed.DistEmbedding.connect([nodes[lost]], 'emb', 30, 2, { timeoutMs: 500 }), new RegExp(`Redis Cluster at ${nodes[lost]} is unavailable`));
  } finally {
    await emb.close();
    await cluster.stop();
  }
});

test('NodeEmbedding and the sparse optimizers reject bad arguments by name', () => {
  assert.throws(() => new dg.nn.NodeEmbedding(0, 2, 'e'), /numEmbeddings must be a positive int32/);
  const e = new dg.nn.NodeEmbedding(5, 2, 'e');
  assert.throws(() => e.lookup(Int32Array.from([5])), /id 5 at 0 is outside \[0, 5\)/);
  assert.throws(() => new dg.optim.SparseAdam([e], { lr: 0 }), /lr must be positive/);
  assert.throws(() => new dg.optim.SparseAdam([e], { lr: 1, betas: [1, 0.5] }), /betas must lie in \[0, 1\)/);
  assert.throws(() => new dg.nn.NodeEmbedding(3, 2, 'e', { init: () => new Float32Array(2) }), /init must return a Float32Array of 6 values/);
});
