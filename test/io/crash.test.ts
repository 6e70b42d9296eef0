import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpoint } from '../../src/io/node-files.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { withTempDir } from './util.js';

const CHILD = new URL('./crash-child.js', import.meta.url).pathname;
const KILLS = 50, PARALLEL = 5;

/** Starts a writer, waits for its first complete checkpoint, then SIGKILLs it after a random delay. */
function killWhileWriting(dir: string, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lastSaved = 0, armed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (const m of chunk.matchAll(/saved (\d+)/g)) lastSaved = Math.max(lastSaved, Number(m[1]));
      if (!armed && lastSaved > 0) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with code ${code} before it was killed`));
      else resolve(lastSaved);
    });
  });
}

test(`crash safety: a checkpoint writer SIGKILLed at random moments (${KILLS} times) always leaves the previous checkpoint intact`, async (t) => {
  await withTempDir('crash', async (root) => {
    const rng = new Generator(2024);
    let interrupted = 0;
    for (let round = 0; round < KILLS / PARALLEL; round++) {
      const dirs = Array.from({ length: PARALLEL }, (_, i) => join(root, `r${round}-${i}`));
      dirs.forEach((d) => mkdirSync(d));
      const confirmed = await Promise.all(dirs.map((d) => killWhileWriting(d, rng.nextFloat() * 40)));
      dirs.forEach((d, i) => {
        const ck = loadCheckpoint(join(d, 'ckpt'), { restoreRandomState: false });
        const k = ck.extra.k as number;
        assert.equal(ck.epoch, k);
        assert.ok(k >= confirmed[i], `the file holds checkpoint ${k}, older than the last confirmed one (${confirmed[i]})`);
        assert.ok(k <= confirmed[i] + 1, `checkpoint ${k} cannot be newer than the one being written`);
        const w = (ck.extra.weights as Tensor).data;
        assert.equal(w.length, 1 << 20);
        assert.ok(w.every((v) => v === k), `every value of checkpoint ${k} is ${k}`);
        if (readdirSync(d).some((f) => f.endsWith('.tmp'))) interrupted++;
      });
    }
    // Informational: how many kills landed while a temporary file was being written.
    t.diagnostic(`${interrupted} of ${KILLS} kills interrupted a write in progress`);
    assert.ok(interrupted > 0, 'at least one kill must land mid-write, or the test proves nothing');
  });
});
