/**
 * Child process of crash.test.ts (not a test itself): writes checkpoints to DIR/ckpt forever,
 * checkpoint k holding a 4 MB tensor filled with k, and prints "saved k" after each one, until
 * its parent kills it.
 */
import { join } from 'node:path';
import { saveCheckpoint } from '../../src/io/node-files.js';
import { Tensor } from '../../src/tensor/tensor.js';

const dir = process.argv[2];
const values = new Float32Array(1 << 20);
for (let k = 1; ; k++) {
  values.fill(k);
  saveCheckpoint(join(dir, 'ckpt'), { epoch: k, extra: { weights: new Tensor(values, [values.length]), k } });
  process.stdout.write(`saved ${k}\n`);
}
