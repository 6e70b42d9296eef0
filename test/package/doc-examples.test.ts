/**
 * Every `@example` block of the TSDoc comments in src/ runs: each is compiled with esbuild and run
 * with 'deepgraph' resolved to this checkout, so the reference never shows code that fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { REPO, run } from './packed.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The ```ts blocks after `@example` tags, with the comment's leading ` * ` removed. */
function examples(file: string): Array<{ where: string; code: string }> {
  const text = readFileSync(file, 'utf8');
  const out: Array<{ where: string; code: string }> = [];
  for (const m of text.matchAll(/@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    const code = m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
    out.push({ where: `${relative(REPO, file)}:${line}`, code });
  }
  return out;
}

test('every @example in the API documentation runs', () => {
  const all = sourceFiles(join(REPO, 'src')).flatMap(examples);
  assert.ok(all.length >= 5, `only ${all.length} examples found`);
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-doc-examples-'));
  const entry = pathToFileURL(join(REPO, 'dist', 'src', 'index.js')).href;
  all.forEach(({ where, code }, i) => {
    const js = transformSync(code.replaceAll("from 'deepgraph'", `from '${entry}'`), { loader: 'ts', format: 'esm' }).code;
    const file = join(dir, `example-${i}.mjs`);
    writeFileSync(file, js);
    const r = run(process.execPath, [file], dir);
    assert.equal(r.status, 0, `${where}: the example fails:\n${code}\n${r.stderr}`);
  });
});
