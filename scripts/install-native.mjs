#!/usr/bin/env node
// Builds the native addon at install time. Installation never fails because of the addon:
// when the build is skipped or fails, one line says the TypeScript backend will be used.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeDirArgs, nodeGypCommand, sourceHash } from './node-gyp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fallback = (why) => {
  console.log(`deepgraph: native addon not built (${why}); the TypeScript backend will be used`);
  process.exit(0);
};

if (process.env.DEEPGRAPH_SKIP_NATIVE === '1') fallback('DEEPGRAPH_SKIP_NATIVE=1');
const prebuilt = join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'deepgraph.node');
if (existsSync(prebuilt)) {
  // Loaded in a child process: a binary this system cannot load (an older glibc) means a source build.
  const check = spawnSync(process.execPath, ['-e', 'require(process.argv[1]).buildInfo()', prebuilt], { encoding: 'utf8' });
  if (check.status === 0) {
    console.log(`deepgraph: using the prebuilt native addon ${prebuilt} (nothing to compile)`);
    process.exit(0);
  }
  console.log(`deepgraph: the prebuilt native addon does not load here (${(check.stderr ?? '').trim().split('\n')[0]}); building from source`);
}

// A checkout's later `npm install`s keep the addon they built while its sources are unchanged.
const built = join(root, 'build', 'Release', 'deepgraph.node');
const stamp = join(root, 'build', 'Release', 'source-hash');
const hash = sourceHash(root);
if (existsSync(built) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && process.env.DEEPGRAPH_REBUILD !== '1') {
  console.log('deepgraph: native addon up to date (build/Release/deepgraph.node; DEEPGRAPH_REBUILD=1 rebuilds it)');
  process.exit(0);
}

const args = ['rebuild', '--release', ...nodeDirArgs()];
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
writeFileSync(stamp, hash);
console.log('deepgraph: native addon built (build/Release/deepgraph.node)');
