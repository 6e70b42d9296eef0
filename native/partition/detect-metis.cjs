// Build-time probe for METIS (Debian's libmetis-dev), called by binding.gyp:
//   node native/partition/detect-metis.cjs defines|libs
// Prints nothing when metis.h or the library is missing, so the addon builds without it and
// metisPartition throws a clear error. DEEPGRAPH_NO_METIS=1 forces that.
'use strict';
const { existsSync } = require('node:fs');

function detect() {
  if (process.env.DEEPGRAPH_NO_METIS === '1') return false;
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch;
  const incs = ['/usr/include', '/usr/local/include', `/usr/include/${arch}-linux-gnu`, '/opt/homebrew/include'];
  const libs = [`/usr/lib/${arch}-linux-gnu`, '/usr/lib', '/usr/local/lib', '/opt/homebrew/lib'];
  const header = incs.some((d) => existsSync(`${d}/metis.h`));
  const lib = libs.some((d) => ['libmetis.so', 'libmetis.a', 'libmetis.dylib'].some((f) => existsSync(`${d}/${f}`)));
  return header && lib;
}

const found = detect();
const what = process.argv[2];
if (!found) process.stdout.write('');
else if (what === 'defines') process.stdout.write('DG_HAVE_METIS');
else if (what === 'libs') process.stdout.write('-lmetis');
