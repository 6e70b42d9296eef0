/**
 * Bundles code the way a web application would: a throwaway project whose node_modules/deepgraph
 * links to this repository, built by esbuild for `platform: 'browser'` (conditions browser,
 * import, default; package.json `browser` remaps applied). The build fails on any import of a
 * Node.js built-in; the metafile says which files went in.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

export interface BrowserBundle {
  code: string;
  /** Files in the bundle, relative to the repository root ('/'-separated). */
  inputs: string[];
  /** Imports esbuild left outside the bundle (none is allowed for a browser). */
  external: string[];
}

/** Bundles `entry` (ES module source that may import 'deepgraph' and absolute paths). */
export async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bundle-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'deepgraph'), 'dir');
    writeFileSync(join(dir, 'entry.mjs'), entry);
    const result = await esbuild.build({
      absWorkingDir: dir, entryPoints: ['entry.mjs'], bundle: true, platform: 'browser', format: 'esm',
      target: 'es2022', write: false, metafile: true, logLevel: 'silent',
    }).catch((err: unknown) => {
      const errors = (err as { errors?: esbuild.Message[] }).errors ?? [];
      const lines = errors.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
      throw new Error(`esbuild could not bundle deepgraph for the browser:\n${lines.join('\n') || String(err)}`);
    });
    const abs = (p: string): string => resolve(dir, p);
    const inputs = Object.keys(result.metafile.inputs).map((p) => relative(ROOT, abs(p)).split(sep).join('/'));
    const external = Object.values(result.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path));
    return { code: result.outputFiles[0].text, inputs, external };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
