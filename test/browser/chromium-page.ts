/**
 * Headless Chromium for the browser tests: serves a few files from localhost, opens the page in a
 * throwaway profile, waits until the bundle has set `globalThis.deepgraphPage`, and hands the page
 * (with every console message and page error collected) to the caller.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

/** Debian's chromium (.ci/run installs it). */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** A file the test server answers with. */
export interface ServedFile { type: string; body: string | Uint8Array }

function serve(files: Record<string, ServedFile>): Promise<Server> {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (file === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  return new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', () => ok(server)); });
}

/**
 * Serves `files` ('/' must be the page), opens it in headless Chromium, waits for
 * `globalThis.deepgraphPage`, then returns `use(page, messages)`. A missing Chromium is a failure.
 */
export async function withChromiumPage<T>(files: Record<string, ServedFile>,
  use: (page: Page, messages: string[]) => Promise<T>): Promise<T> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)`);
  const server = await serve(files);
  const profile = mkdtempSync(join(tmpdir(), 'dg-chromium-'));
  const messages: string[] = [];
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000,
    });
    try {
      const page = context.pages()[0] ?? await context.newPage();
      page.on('console', (m) => messages.push(`console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => messages.push(`page error: ${e.message}`));
      const { port } = server.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 15_000 });
      await page.waitForFunction(() => 'deepgraphPage' in globalThis, undefined, { timeout: 15_000 })
        .catch((e: Error) => { throw new Error(`the bundle did not start in the page (${e.message}); page said:\n${messages.join('\n')}`); });
      return await use(page, messages);
    } finally {
      await context.close();
    }
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(profile, { recursive: true, force: true });
  }
}
