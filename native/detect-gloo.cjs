// Build-time probe for Gloo (Debian libgloo-dev), called by binding.gyp:
//   node native/detect-gloo.cjs defines|libs
// Prints gyp list items; nothing when the headers or the library are missing, so the addon builds
// without the collectives and src/distributed uses its TypeScript ring instead.
// DEEPGRAPH_NO_GLOO=1 forces that; so does the prebuilt binary (DEEPGRAPH_BLAS_STATIC=1), which must
// load on machines without libgloo.
'use strict';
const { existsSync } = require('node:fs');

function detect() {
  if (process.env.DEEPGRAPH_NO_GLOO === '1' || process.env.DEEPGRAPH_BLAS_STATIC === '1') return null;
  if (process.platform !== 'linux') return null;
  const header = ['/usr/include', '/usr/local/include'].find((d) => existsSync(`${d}/gloo/rendezvous/redis_store.h`) && existsSync(`${d}/hiredis/hiredis.h`));
  if (header === undefined) return null;
  const lib = ['/usr/lib', '/usr/local/lib', '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu'].find((d) => existsSync(`${d}/libgloo.so`));
  if (lib === undefined) return null;
  return { lib };
}

const found = detect();
const what = process.argv[2];
if (found === null) process.stdout.write('');
else if (what === 'defines') process.stdout.write('DG_HAVE_GLOO HIREDIS_NESTED_INCLUDE');
else if (what === 'libs') process.stdout.write(`-L${found.lib} -lgloo -Wl,-rpath,${found.lib}`);
