import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanetoid, PLANETOID_PARTS } from '../../src/data/planetoid-raw.js';
import { DataFormatError } from '../../src/errors.js';
import { sharedData } from './shared-data.js';

const RAW = sharedData('planetoid', 'raw');

/** A private copy of Cora's raw files in os.tmpdir(), with one file replaced by `damage` of its bytes. */
function damagedCopy(part: string, damage: (b: Buffer) => Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-cora-'));
  for (const p of PLANETOID_PARTS) copyFileSync(join(RAW, `ind.cora.${p}`), join(dir, `ind.cora.${p}`));
  writeFileSync(join(dir, `ind.cora.${part}`), damage(readFileSync(join(RAW, `ind.cora.${part}`))));
  return dir;
}

function expectNamed(dir: string, part: string): void {
  try {
    assert.throws(() => readPlanetoid(dir, 'cora'),
      (e: unknown) => e instanceof DataFormatError && e.message.includes(`ind.cora.${part}`),
      `expected a DataFormatError naming ind.cora.${part}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const part of ['allx', 'ty', 'graph', 'x']) {
  test(`a truncated ind.cora.${part} is a DataFormatError naming the file`, () => {
    expectNamed(damagedCopy(part, (b) => b.subarray(0, Math.floor(b.length / 2))), part);
  });
}

test('a corrupted ind.cora.tx (garbage in the middle) is a DataFormatError naming the file', () => {
  expectNamed(damagedCopy('tx', (b) => {
    const c = Buffer.from(b);
    c.fill(0xff, 20, 60);
    return c;
  }), 'tx');
});

test('a test.index with a non-numeric line names the file and line', () => {
  const dir = damagedCopy('test.index', (b) => Buffer.concat([Buffer.from('12x\n'), b]));
  try {
    assert.throws(() => readPlanetoid(dir, 'cora', { verifyChecksums: false }), (e: unknown) => e instanceof DataFormatError && /ind\.cora\.test\.index: line 1/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a test.index that does not match tx is rejected', () => {
  const dir = damagedCopy('test.index', (b) => Buffer.from(b.toString('utf8').split('\n').slice(0, 900).join('\n')));
  expectNamed(dir, 'test.index');
});
