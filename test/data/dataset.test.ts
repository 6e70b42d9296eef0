import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRawFiles } from '../../src/data/dataset.js';
import { writeFileAtomic } from '../../src/data/atomic-write.js';
import { CoraGraphDataset } from '../../src/data/planetoid.js';
import { DataFormatError } from '../../src/errors.js';

test('writeFileAtomic: creates folders, replaces content, leaves no temporary file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-atomic-'));
  try {
    const p = join(dir, 'a', 'b', 'f.txt');
    writeFileAtomic(p, 'one');
    writeFileAtomic(p, 'two');
    assert.equal(readFileSync(p, 'utf8'), 'two');
    assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['f.txt']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed download names the URL, suggests --data-dir and writes nothing', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'deepgraph-cache-'));
  try {
    const url = 'http://127.0.0.1:9/ind.toy.x';
    await assert.rejects(ensureRawFiles('toy', [{ file: 'ind.toy.x', url }], { cacheDir: cache }),
      (e: unknown) => e instanceof DataFormatError && e.message.includes(url) && e.message.includes('--data-dir'));
    assert.ok(!existsSync(join(cache, 'toy', 'raw', 'ind.toy.x')));
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('with rawDir or download: false, missing files are named instead of downloaded', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'deepgraph-empty-'));
  try {
    await assert.rejects(CoraGraphDataset.load({ rawDir: empty }), /missing raw files .*ind\.cora\.x/);
    await assert.rejects(CoraGraphDataset.load({ cacheDir: empty, download: false }), /ind\.cora\.graph/);
    assert.throws(() => new CoraGraphDataset({ cacheDir: empty }), /rawDir \/ --data-dir/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
