/**
 * The package as a user gets it: `npm pack` of a staged copy of the checkout (the files package.json
 * lists, plus a prebuilt addon), installed into a fresh project outside the repository. Built once
 * per test process and shared by the test files of test/package.
 *
 * The staged prebuilt binary is the real pack-time one (prebuilds/ from `node scripts/prebuild.mjs`)
 * when the checkout has it, else the local build packaged by `prebuild.mjs --from`, so a test run
 * never spends minutes compiling; the pack itself never compiles (scripts are not run).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (compiled tests live in dist/test/package/). */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const NPM_ENV = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

export function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}, timeout = 180_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...NPM_ENV, ...env }, timeout });
}

export function npm(args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return run('npm', args, cwd, env);
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} failed (exit ${r.status}, ${r.error?.message ?? ''}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let tarball: string | undefined;

/** Packs the staged package once; returns the .tgz path. */
export function packTarball(): string {
  if (tarball !== undefined) return tarball;
  const work = mkdtempSync(join(tmpdir(), 'deepgraph-pack-'));
  const stage = join(work, 'stage');
  mkdirSync(stage);
  // What `npm pack` would take from the checkout, without running prepack (no compile here).
  const listed = JSON.parse(ok(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], REPO), 'npm pack --dry-run')) as
    Array<{ files: Array<{ path: string }> }>;
  for (const { path } of listed[0].files) {
    mkdirSync(dirname(join(stage, path)), { recursive: true });
    cpSync(join(REPO, path), join(stage, path));
  }
  const tuple = `${process.platform}-${process.arch}`;
  if (!existsSync(join(stage, 'prebuilds', tuple, 'deepgraph.node'))) {
    const local = join(REPO, 'build', 'Release', 'deepgraph.node');
    assert.ok(existsSync(local), `no prebuilt binary and no local build at ${local} to package`);
    ok(run(process.execPath, [join(stage, 'scripts', 'prebuild.mjs'), '--from', local], stage), 'prebuild --from');
  }
  const out = ok(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage), 'npm pack');
  tarball = join(work, (JSON.parse(out) as Array<{ filename: string }>)[0].filename);
  return tarball;
}

/** A fresh ESM project with the packed tarball installed; returns its folder and the install log. */
export function installProject(opts: { ignoreScripts?: boolean } = {}): { dir: string; log: string } {
  const tgz = packTarball();
  const dir = mkdtempSync(join(tmpdir(), 'deepgraph-user-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2));
  // --prefer-offline: the dependencies come from npm's cache, which the repository's own install filled.
  const args = ['install', tgz, '--prefer-offline', '--foreground-scripts', '--loglevel', 'info'];
  if (opts.ignoreScripts) args.push('--ignore-scripts');
  const r = npm(args, dir);
  ok(r, `npm install ${tgz}`);
  return { dir, log: `${r.stdout}\n${r.stderr}` };
}

/** The compiled examples shipped in an installed package. */
export function installedExamples(projectDir: string): string[] {
  const dir = join(projectDir, 'node_modules', 'deepgraph', 'dist', 'examples');
  return readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
}
