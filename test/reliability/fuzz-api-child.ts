/**
 * Child of fuzz-api.test.ts: runs cases [from, to) of batch `seed` on one backend and prints one
 * JSON line per case ({ i, fn, valid, outcome: 'ok' or the error's class, ms }) as it goes, so a
 * crash or hang points at the case.
 */
import * as dg from '../../src/index.js';
import { makeCase } from './fuzz-api-cases.js';

const [backend, seedS, fromS, toS] = process.argv.slice(2);
dg.setBackend(backend);
for (let i = Number(fromS); i < Number(toS); i++) {
  const c = makeCase(Number(seedS), i);
  const t0 = performance.now();
  let outcome = 'ok', message = '';
  try {
    c.call();
  } catch (err) {
    outcome = err instanceof Error ? err.constructor.name : `non-Error ${typeof err}`;
    message = err instanceof Error ? err.message.slice(0, 200) : '';
  }
  process.stdout.write(`${JSON.stringify({ i, fn: c.fn, args: c.args, valid: c.valid, outcome, message, ms: Math.round(performance.now() - t0) })}\n`);
}
