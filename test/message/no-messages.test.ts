// Builtin message + builtin reduce must not materialise per-edge messages: the forward pass runs
// no g-SDDMM and no row gather (a counting backend wraps the active one), except dot with max/min,
// which has no fused form and materialises the messages with exactly one g-SDDMM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import type { Target } from '../../src/kernels/backend.js';
import { seededData } from '../helpers.js';

const { fn } = dg;
const cap = (s: string): string => s[0].toUpperCase() + s.slice(1);

test('updateAll with builtins: no per-edge message tensor for any pair but dot with max/min', () => {
  const base = dg.getBackend();
  const calls = { gsddmm: 0, gatherRows: 0 };
  dg.registerBackend('counting', () => ({
    ...base,
    gsddmm: (a) => { calls.gsddmm++; base.gsddmm(a); },
    gatherRows: (...args) => { calls.gatherRows++; base.gatherRows(...args); },
  }), -100);
  const previous = base.name;
  dg.setBackend('counting');
  try {
    const g = dg.graph([[0, 1, 2, 2, 3, 0], [1, 2, 0, 3, 1, 1]], { numNodes: 5 });
    const feat = (rows: number, seed: number): dg.Tensor => dg.tensor(seededData(rows * 6, seed, 0.5, 2), { shape: [rows, 2, 3], dtype: 'float64' });
    g.ndata.set('a', feat(5, 1)); g.ndata.set('b', feat(5, 2));
    g.edata.set('a', feat(6, 3)); g.edata.set('b', feat(6, 4));
    const table = fn as unknown as Record<string, (a: string, b: string, o: string) => dg.MessageFn>;
    const targets: Target[] = ['u', 'v', 'e'];
    let checked = 0;
    for (const l of targets) for (const r of targets) {
      if (l === r) continue;
      for (const op of ['add', 'sub', 'mul', 'div', 'dot']) {
        for (const reduce of ['sum', 'mean', 'max', 'min'] as const) {
          calls.gsddmm = 0; calls.gatherRows = 0;
          g.updateAll(table[`${l}${cap(op)}${cap(r)}`]('a', 'b', 'm'), fn[reduce]('m', 'h'));
          const materialised = op === 'dot' && (reduce === 'max' || reduce === 'min');
          const what = `${l}${cap(op)}${cap(r)}/${reduce}`;
          assert.equal(calls.gsddmm, materialised ? 1 : 0, `${what}: g-SDDMM calls`);
          assert.equal(calls.gatherRows, 0, `${what}: row gathers`);
          checked++;
        }
      }
    }
    for (const m of [fn.copyU('a', 'm'), fn.copyE('a', 'm')]) {
      calls.gsddmm = 0;
      g.updateAll(m, fn.max('m', 'h'));
      assert.equal(calls.gsddmm, 0);
    }
    assert.equal(checked, 120);
  } finally {
    dg.setBackend(previous);
  }
});
