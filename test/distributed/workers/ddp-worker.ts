/**
 * One rank of ddp.test.ts: a model initialised differently on every rank, wrapped in
 * DistributedDataParallel (small buckets, so several), must start from rank 0's parameters and,
 * after backward on this rank's own inputs and syncGradients, hold the mean of the gradients every
 * rank's inputs give (computed here on a local copy). Exits non-zero with the first mismatch.
 */
import { initProcessGroup, DistributedDataParallel } from '../../../src/distributed/index.js';
import { Linear } from '../../../src/nn/linear.js';
import { Module } from '../../../src/nn/module.js';
import { manualSeed } from '../../../src/tensor/random.js';
import { randn } from '../../../src/tensor/creation.js';
import { relu } from '../../../src/tensor/activation.js';
import { mul } from '../../../src/tensor/elementwise.js';
import { sum } from '../../../src/tensor/reduce.js';
import type { Tensor } from '../../../src/tensor/tensor.js';

class Net extends Module {
  readonly a = this.registerModule('a', new Linear(6, 5));
  readonly b = this.registerModule('b', new Linear(5, 3));
  readonly unused = this.registerModule('unused', new Linear(2, 2));
  forward(x: Tensor): Tensor { return this.b.forward(relu(this.a.forward(x))); }
}

const lossOf = (net: Net, x: Tensor): Tensor => {
  const y = net.forward(x);
  return sum(mul(y, y));
};
const inputOf = (rank: number): Tensor => {
  manualSeed(1000 + rank);
  return randn([4, 6]);
};
const fail = (msg: string): never => {
  process.stderr.write(`rank ${process.env.RANK}: ${msg}\n`);
  process.exit(1);
};

const group = await initProcessGroup();
manualSeed(7 + group.rank);
const net = new Net();
const ddp = new DistributedDataParallel(net, group, { bucketBytes: 16 });
await ddp.ready;
manualSeed(7);
const reference = new Net();
const refParams = reference.parameters();
net.parameters().forEach((p, i) => p.data.forEach((v, j) => { if (v !== refParams[i].data[j]) fail(`parameter ${i}[${j}] is ${v}, rank 0 has ${refParams[i].data[j]}`); }));
if (ddp.numBuckets < 3) fail(`expected several buckets, got ${ddp.numBuckets}`);

lossOf(net, inputOf(group.rank)).backward();
await ddp.syncGradients();

const mean = refParams.map((p) => new Float64Array(p.size));
for (let r = 0; r < group.worldSize; r++) {
  reference.zeroGrad();
  lossOf(reference, inputOf(r)).backward();
  refParams.forEach((p, i) => { if (p.grad) p.grad.data.forEach((v, j) => { mean[i][j] += v / group.worldSize; }); });
}
net.parameters().forEach((p, i) => {
  if (p.grad === null) fail(`parameter ${i} has no gradient after syncGradients`);
  p.grad!.data.forEach((v, j) => { if (Math.abs(v - mean[i][j]) > 1e-5 * (1 + Math.abs(mean[i][j]))) fail(`gradient ${i}[${j}] is ${v}, the mean over ranks is ${mean[i][j]}`); });
});
process.stdout.write(`ddp ok on rank ${group.rank} (${ddp.numBuckets} buckets, ${group.engine})\n`);
await group.close();
