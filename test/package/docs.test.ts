/**
 * `npm run docs` (scripts/docs.mjs): the TypeDoc reference builds with every public export
 * documented, and an undocumented export fails the build with its name and file listed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, run } from './packed.js';

const DOCS = join(REPO, 'scripts', 'docs.mjs');

test('the API reference builds with no undocumented export', () => {
  const out = mkdtempSync(join(tmpdir(), 'deepgraph-docs-'));
  const r = run(process.execPath, [DOCS, '--out', out], REPO);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  for (const page of ['index.html', 'classes/Graph.html', 'functions/graph.html', 'modules/nn.html']) {
    assert.ok(existsSync(join(out, page)), `${page} missing from the reference`);
  }
});

test('an undocumented export fails the docs build and is named with its file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-undoc-'));
  writeFileSync(join(dir, 'entry.ts'), '/** Documented. */\nexport const fine = 1;\nexport function forgotten(x: number): number { return x; }\n');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [] }, files: ['entry.ts'] }));
  // The repository's settings, on this one file.
  const settings = JSON.parse(readFileSync(join(REPO, 'typedoc.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'typedoc.json'), JSON.stringify({ ...settings, entryPoints: ['entry.ts'], tsconfig: 'tsconfig.json', name: 'probe' }));
  const r = run(process.execPath, [DOCS, '--options', join(dir, 'typedoc.json'), '--emit', 'none'], dir);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /docs: 1 public export\(s\) without a TSDoc comment/);
  assert.match(r.stderr, /^ {2}forgotten \(CallSignature\) in .*entry\.ts$/m);
  assert.doesNotMatch(r.stderr, /\bfine\b/);
});
