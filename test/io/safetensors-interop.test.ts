import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as dg from '../../src/index.js';

/** Written by scripts/make-safetensors-fixture.py (numpy + json, tensors in name order, not ours). */
const FIXTURE = new URL('../../../test/fixtures/safetensors/python-written.safetensors', import.meta.url);
const EXPECTED = JSON.parse(readFileSync(new URL('../../../test/fixtures/safetensors/python-written.json', import.meta.url), 'utf8')) as
  Record<string, { dtype: string; shape: number[]; values: number[] }>;

test('safetensors interop: a file from an independent Python writer loads with identical arrays (F16, BF16, I64, I8 converted)', () => {
  const loaded = dg.load(FIXTURE.pathname);
  assert.deepEqual([...loaded.keys()].sort(), Object.keys(EXPECTED).sort());
  assert.deepEqual(loaded.metadata, { writer: 'make-safetensors-fixture.py', note: 'name order' });
  for (const [name, want] of Object.entries(EXPECTED)) {
    const t = loaded.get(name)!;
    assert.equal(t.dtype, want.dtype, `${name} dtype`);
    assert.deepEqual([...t.shape], want.shape, `${name} shape`);
    // Exact: every value is representable in the dtype deepgraph holds it in.
    assert.deepEqual([...t.data].map((v) => (Object.is(v, -0) ? 0 : v)), want.values.map((v) => (Object.is(v, -0) ? 0 : v)), `${name} values`);
  }
  assert.ok(Object.is(loaded.get('half.f16')!.data[5], -0), 'float16 -0 keeps its sign');
  assert.equal(loaded.get('ids.i64')!.data[2], 2147483647);
});

test('safetensors interop: deepgraph re-saves the Python file in the reference layout, and loads that back identically', () => {
  const loaded = dg.load(FIXTURE.pathname);
  const bytes = dg.saveSafetensors(loaded, { metadata: loaded.metadata });
  const again = dg.loadSafetensors(bytes);
  for (const [name, t] of loaded) assert.deepEqual(again.get(name)!.data, t.data, name);
  assert.deepEqual(dg.saveSafetensors(again, { metadata: again.metadata }), bytes, 'save -> load -> save is byte-identical');
});
