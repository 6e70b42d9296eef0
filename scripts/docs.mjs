#!/usr/bin/env node
// `npm run docs`: the API reference with TypeDoc into docs/api (typedoc.json). Every public
// export must carry a TSDoc comment: TypeDoc's notDocumented warnings fail the build, and this
// script lists the undocumented names (with their files) in one block so they are easy to fix.
//   node scripts/docs.mjs [--out DIR] [--emit none] [--options OTHER.json]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const typedoc = join(dirname(createRequire(import.meta.url).resolve('typedoc/package.json')), 'bin', 'typedoc');
const args = process.argv.slice(2);
const options = args.includes('--options') ? [] : ['--options', join(root, 'typedoc.json')];
const r = spawnSync(process.execPath, [typedoc, ...options, ...args],
  { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
const output = `${r.stdout}${r.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
const undocumented = [...output.matchAll(/^\[warning\] (\S+) \((\w+)\), defined in [^/\s]+\/(\S+?),? does not have any documentation/gm)]
  .map((m) => `  ${m[1]} (${m[2]}) in ${m[3]}`);
if (undocumented.length > 0) {
  console.error(`docs: ${undocumented.length} public export(s) without a TSDoc comment; add /** what it does (DGL's name) */ to each:\n` +
    [...new Set(undocumented)].join('\n'));
}
const other = output.split('\n').filter((l) => /^\[(warning|error)\]/.test(l) && !l.includes('does not have any documentation') && !/^\[warning\] Found /.test(l));
if (other.length > 0) console.error(other.join('\n'));
if (r.status !== 0 || undocumented.length > 0 || other.length > 0) {
  console.error(`docs: typedoc failed (exit ${r.status})`);
  process.exit(1);
}
console.log(output.split('\n').filter((l) => l.startsWith('[info]')).join('\n'));
