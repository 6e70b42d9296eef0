/** The 10,000-call fuzz (./fuzz-run.ts) on the native addon. */
import { test } from 'node:test';
import { fuzzBackend } from './fuzz-run.js';
import { nativeOrSkip } from './native-util.js';

test('10,000 random calls: no crash, invalid ones throw naming the kernel, valid ones equal the TypeScript backend', (t) => {
  const native = nativeOrSkip(t);
  if (native === null) return;
  fuzzBackend(native);
});
