#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { adoptRelaunch, relaunch, wantedNodeFlags } from '../dist/src/cli/relaunch.js';

const argv = process.argv.slice(2);
const runHere = () => import('../dist/src/cli/main.js').then(({ main }) => main(argv));
if (!adoptRelaunch()) {
  // Re-executed by a parent that is already gone: nobody waits for this run.
  process.exitCode = 1;
} else {
  const flags = wantedNodeFlags(argv);
  const child = flags.length > 0 ? relaunch(fileURLToPath(import.meta.url), argv, flags) : null;
  (child ?? runHere()).then(
    (code) => { process.exitCode = code; },
    (err) => {
      console.error(`deepgraph: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
