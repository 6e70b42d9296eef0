// How to run node-gyp offline, shared by the install script (source build) and the pack-time
// prebuild: npm's own copy of node-gyp, and the headers installed with this Node when present.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** [command, leading arguments] that run node-gyp: npm puts it on PATH for lifecycle scripts; otherwise npm's bundled copy. */
export function nodeGypCommand() {
  const bundled = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ].find((p) => p && existsSync(p));
  return bundled ? [process.execPath, [bundled]] : ['node-gyp', []];
}

/** `--nodedir=<prefix>` when this Node ships its headers (e.g. /usr/include/node): no header download. */
export function nodeDirArgs() {
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]);
}

/**
 * Hash of what an addon build is made of: binding.gyp, native/, and what the OpenBLAS probe finds
 * under the given environment (installing libopenblas-dev later must mean a rebuild).
 */
export function sourceHash(root, env = process.env) {
  const h = createHash('sha256');
  for (const f of [join(root, 'binding.gyp'), ...filesUnder(join(root, 'native')).sort()]) {
    h.update(relative(root, f)).update(readFileSync(f));
  }
  for (const what of ['defines', 'libs', 'static']) {
    h.update(execFileSync(process.execPath, [join(root, 'native', 'detect-blas.cjs'), what], { env }).toString());
  }
  // Installing libmetis-dev later makes the next install rebuild the addon with METIS.
  h.update(execFileSync(process.execPath, [join(root, 'native', 'partition', 'detect-metis.cjs'), 'defines'], { env }).toString());
  for (const what of ['defines', 'libs']) {
    h.update(execFileSync(process.execPath, [join(root, 'native', 'detect-gloo.cjs'), what], { env }).toString());
  }
  return h.digest('hex').slice(0, 16);
}
