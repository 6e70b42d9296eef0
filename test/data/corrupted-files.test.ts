/**
 * Corrupted copies of Cora's and MUTAG's / PROTEINS' raw files (truncations, bit flips in the
 * structure, wrong dtypes, out-of-range ids, non-finite features): over 100 variants. With the
 * checksums skipped, each one either loads exactly the clean data or throws a DataFormatError
 * naming the corrupted file; with checksums (the default), every variant that changed the file is
 * refused naming it, which also covers flips inside feature values that parse as other values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanetoid, PLANETOID_PARTS } from '../../src/data/planetoid-raw.js';
import { readTu } from '../../src/data/tu-raw.js';
import { DataFormatError } from '../../src/errors.js';
import { sharedData } from './shared-data.js';

interface Variant { file: string; kind: string; bytes: Buffer }

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return (s >>> 0) / 2 ** 32; };
}

const TEXT_LIKE = (f: string): boolean => f.endsWith('.txt') || f.endsWith('test.index');

/** The variants of one file: truncations, bit flips in the structure, and per-format damage. */
function variantsOf(file: string, clean: Buffer, seed: number): Variant[] {
  const out: Variant[] = [];
  const r = rng(seed);
  for (const frac of [0, 0.1, 0.5, 0.9]) out.push({ file, kind: `truncated to ${frac}`, bytes: clean.subarray(0, Math.floor(clean.length * frac)) });
  out.push({ file, kind: 'last byte dropped', bytes: clean.subarray(0, clean.length - 1) });
  if (!TEXT_LIKE(file)) {
    // Pickles: flips in the header (opcodes, class names, shape fields).
    for (let k = 0; k < 3; k++) {
      const b = Buffer.from(clean);
      const at = Math.floor(r() * Math.min(96, b.length));
      b[at] ^= 1 << Math.floor(r() * 8);
      out.push({ file, kind: `bit flip at byte ${at}`, bytes: b });
    }
    return out;
  }
  const text = clean.toString('utf8');
  const lines = text.split('\n');
  const line = Math.floor(r() * (lines.length - 1));
  const edit = (kind: string, f: (l: string) => string, at = line): void => {
    const copy = lines.slice();
    copy[at] = f(copy[at]);
    out.push({ file, kind: `${kind} (line ${at + 1})`, bytes: Buffer.from(copy.join('\n')) });
  };
  edit('separator removed', (l) => l.replace(/[,\s]+/, ''));
  edit('newline removed', (l) => l + (lines[line + 1] ?? ''));
  edit('wrong dtype (a fraction)', (l) => l.replace(/\d+/, '1.5'));
  edit('wrong dtype (text)', (l) => l.replace(/\d+/, 'x'));
  edit('out-of-range id', (l) => l.replace(/\d+/, '99999999'));
  edit('negative id', (l) => l.replace(/\d+/, '-3'));
  edit('NaN value', (l) => l.replace(/\d+(\.\d+)?/, 'NaN'));
  return out;
}

/** Cora's x with float32 values replaced by NaN / Infinity (features inside the pickle). */
function nonFiniteFeatures(clean: Buffer): Variant[] {
  const one = Buffer.from([0x00, 0x00, 0x80, 0x3f]);
  const at = clean.indexOf(one);
  assert.ok(at > 0, 'ind.cora.x holds float32 ones');
  return [[0x00, 0x00, 0xc0, 0x7f], [0x00, 0x00, 0x80, 0x7f]].map((bits, k) => {
    const b = Buffer.from(clean);
    Buffer.from(bits).copy(b, at);
    return { file: 'ind.cora.x', kind: k === 0 ? 'NaN feature' : 'infinite feature', bytes: b };
  });
}

/**
 * What no structural check can see, so only the checksum catches it: a changed value inside the
 * feature columns (PROTEINS' node attributes), and PROTEINS_A.txt cut at a line boundary or inside
 * its last number (no per-edge file to count its lines against, unlike MUTAG's edge labels).
 */
function onlyChecksumCatches(v: Variant): boolean {
  if (v.file.endsWith('_node_attributes.txt')) return /out-of-range|negative/.test(v.kind);
  return v.file === 'PROTEINS_A.txt' && v.kind.startsWith('truncated');
}

/** Copies `files` into a scratch folder and loads each variant of the `targets` among them (all by default). */
function runVariants(srcDir: string, files: string[], load: (dir: string, verify: boolean) => unknown, extra: Variant[] = [],
  targets: string[] = files): number {
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-corrupt-'));
  try {
    for (const f of files) copyFileSync(join(srcDir, f), join(dir, f));
    const baseline = JSON.stringify(load(dir, true), (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v));
    const variants = targets.flatMap((f, i) => variantsOf(f, readFileSync(join(srcDir, f)), i + 7)).concat(extra);
    const problems: string[] = [];
    for (const v of variants) {
      writeFileSync(join(dir, v.file), v.bytes);
      const changed = !v.bytes.equals(readFileSync(join(srcDir, v.file)));
      for (const verify of [false, true]) {
        try {
          const got = JSON.stringify(load(dir, verify), (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as Uint8Array) : x));
          if (got !== baseline && (verify || !onlyChecksumCatches(v))) {
            problems.push(`${v.file} ${v.kind} (checksums ${verify ? 'on' : 'off'}): loaded different data without an error`);
          }
          else if (verify && changed) problems.push(`${v.file} ${v.kind}: a modified file passed the checksum`);
        } catch (e) {
          if (!(e instanceof DataFormatError) || !e.message.includes(v.file)) {
            problems.push(`${v.file} ${v.kind} (checksums ${verify ? 'on' : 'off'}): ${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 200)}`);
          }
        }
      }
      copyFileSync(join(srcDir, v.file), join(dir, v.file));
    }
    assert.deepEqual(problems, []);
    return variants.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('corrupted Planetoid and TU files load the same data or fail naming the file (over 100 variants)', () => {
  const cora = sharedData('planetoid', 'raw');
  const coraFiles = PLANETOID_PARTS.map((p) => `ind.cora.${p}`);
  let n = runVariants(cora, coraFiles, (dir, verify) => readPlanetoid(dir, 'cora', { verifyChecksums: verify }),
    nonFiniteFeatures(readFileSync(join(cora, 'ind.cora.x'))));
  for (const name of ['MUTAG', 'PROTEINS']) {
    const src = sharedData('tu', name);
    // PROTEINS adds node attributes (features) to what MUTAG covers; its other files repeat MUTAG's kinds.
    const files = readdirSync(src).filter((f) => f.startsWith(`${name}_`) && f.endsWith('.txt'));
    const targets = files.filter((f) => name === 'MUTAG' || /_(A|node_attributes|graph_indicator)\.txt$/.test(f));
    n += runVariants(src, files, (dir, verify) => readTu(dir, name, { verifyChecksums: verify }), [], targets);
  }
  assert.ok(n >= 100, `${n} variants`);
});

test('NaN features are refused naming the file unless allowNonFinite', () => {
  const cora = sharedData('planetoid', 'raw');
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-nan-'));
  try {
    for (const p of PLANETOID_PARTS) copyFileSync(join(cora, `ind.cora.${p}`), join(dir, `ind.cora.${p}`));
    const [nan] = nonFiniteFeatures(readFileSync(join(cora, 'ind.cora.x')));
    writeFileSync(join(dir, 'ind.cora.x'), nan.bytes);
    assert.throws(() => readPlanetoid(dir, 'cora', { verifyChecksums: false }), /ind\.cora\.x: feature value \d+ is NaN/);
    // x's rows are the first rows of allx (the features come from allx and tx): the file loads.
    assert.equal(readPlanetoid(dir, 'cora', { verifyChecksums: false, allowNonFinite: true }).numNodes, 2708);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
