#!/usr/bin/env node
// Builds the native addon at install time. Installation never fails because of the addon:
// when the build is skipped or fails, one line says the TypeScript backend will be used.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fallback = (why) => {
  console.log(`deepgraph: native addon not built (${why}); the TypeScript backend will be used`);
  process.exit(0);
};

if (process.env.DEEPGRAPH_SKIP_NATIVE === '1') fallback('DEEPGRAPH_SKIP_NATIVE=1');
const prebuilt = join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'deepgraph.node');
if (existsSync(prebuilt)) {
  console.log(`deepgraph: using the prebuilt native addon ${prebuilt}`);
  process.exit(0);
}

// npm puts node-gyp on PATH for lifecycle scripts; otherwise use the copy bundled with npm.
function nodeGypCommand() {
  const bundled = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].find((p) => p && existsSync(p));
  return bundled ? [process.execPath, [bundled]] : ['node-gyp', []];
}

const args = ['rebuild', '--release'];
// Headers shipped with this Node (e.g. /usr/include/node) avoid a download when offline.
const prefix = join(dirname(process.execPath), '..');
if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const [cmd, pre] = nodeGypCommand();
const verbose = process.env.DEEPGRAPH_NATIVE_VERBOSE === '1';
const r = spawnSync(cmd, [...pre, ...args], {
  cwd: root,
  stdio: verbose ? 'inherit' : ['ignore', 'ignore', 'pipe'],
  shell: process.platform === 'win32',
});
if (r.error || r.status !== 0) {
  // The last compiler lines usually say what is missing (headers, g++, node-gyp itself).
  const tail = (r.stderr?.toString() ?? '').trim().split('\n').slice(-12).join('\n');
  if (tail) console.log(tail);
  const detail = r.error ? r.error.message : `node-gyp exited with ${r.status}; DEEPGRAPH_NATIVE_VERBOSE=1 shows the full log`;
  fallback(`build failed: ${detail}`);
}
console.log('deepgraph: native addon built (build/Release/deepgraph.node)');
