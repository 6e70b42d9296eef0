/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (.ci/run installs it; a missing binary is a failure, not a skip), in a throwaway profile, with
 * every console message and page error collected.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
/** WebGPU on SwiftShader (a CPU adapter): Chromium exposes navigator.gpu with it on secure origins such as 127.0.0.1. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

/** Runs `fn` with a fresh page; `messages` collects `console.<type>: text` and `page error: ...` lines. */
export async function withChromiumPage<T>(fn: (page: Page, messages: string[], context: BrowserContext) => Promise<T>,
  opts: { args?: string[] } = {}): Promise<T> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)`);
  const profile = mkdtempSync(join(tmpdir(), 'dg-chromium-'));
  const messages: string[] = [];
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...(opts.args ?? [])], timeout: 30_000,
    });
    try {
      const page = context.pages()[0] ?? await context.newPage();
      page.on('console', (m) => messages.push(`console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => messages.push(`page error: ${e.message}`));
      return await fn(page, messages, context);
    } finally {
      await context.close();
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The messages that are errors (console.error and uncaught page errors). */
export const errorsIn = (messages: readonly string[]): string[] => messages.filter((m) => m.startsWith('page error') || m.startsWith('console.error'));

/** A loopback HTTP server answering exactly `files` (path -> content type and body); 404 otherwise. */
export function serveFiles(files: Record<string, { type: string; body: string | Uint8Array }>,
  headers: Record<string, string> = {}): Promise<Server> {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (file === undefined) { res.writeHead(404, headers).end(); return; }
    res.writeHead(200, { ...headers, 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  return new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', () => ok(server)); });
}

/** The headers that make a page cross-origin isolated (SharedArrayBuffer, so wasm threads). */
export const ISOLATION_HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Closes a server from serveFiles. */
export const closeServer = (server: Server): Promise<void> => new Promise((ok) => server.close(() => ok()));

/** A page that runs one bundled module (served as /deepgraph.js). */
export const MODULE_PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/deepgraph.js"></script>';
