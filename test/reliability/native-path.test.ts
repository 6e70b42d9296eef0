/**
 * DEEPGRAPH_NATIVE_PATH loads only a .node file answering the addon's interface handshake: a
 * JavaScript file (under any name) is never executed, and the library falls back to the
 * TypeScript backend saying why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADDON_INTERFACE_VERSION, loadAddon } from '../../src/kernels/native/binding.js';

const LIB = fileURLToPath(new URL('../../src/index.js', import.meta.url));

function backendWith(path: string): { backend: string; stderr: string } {
  // Without wasm, so that the fallback is the TypeScript backend whatever the machine has.
  const env: Record<string, string | undefined> = { ...process.env, DEEPGRAPH_NATIVE_PATH: path, DEEPGRAPH_DISABLE_WASM: '1' };
  delete env.DEEPGRAPH_REQUIRE_NATIVE;
  delete env.DEEPGRAPH_BACKEND;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const dg = await import(${JSON.stringify(LIB)}); console.log(dg.backendName());`],
    { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { backend: r.stdout.trim(), stderr: r.stderr };
}

test('DEEPGRAPH_NATIVE_PATH never runs a JavaScript file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-native-path-'));
  try {
    const payload = `require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'ran'))}, 'x'); module.exports = { deepgraphAddonInterface: ${ADDON_INTERFACE_VERSION} };`;
    for (const name of ['evil.js', 'evil.cjs', 'evil.node']) {
      writeFileSync(join(dir, name), payload);
      const r = backendWith(join(dir, name));
      assert.equal(r.backend, 'js', name);
      assert.match(r.stderr, name.endsWith('.node') ? /evil\.node/ : /is not a native addon \(\.node file\)/, name);
      assert.equal(existsSync(join(dir, 'ran')), false, `${name} was executed`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the built addon answers the interface handshake', () => {
  const addon = loadAddon() as unknown as { deepgraphAddonInterface: number };
  assert.equal(addon.deepgraphAddonInterface, ADDON_INTERFACE_VERSION);
});
