// How to run node-gyp offline, shared by the install script (source build) and the pack-time
// prebuild: npm's own copy of node-gyp, and the headers installed with this Node when present.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
