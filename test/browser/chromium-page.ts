/**
 * A served bundle page in headless Chromium: serves a few files from localhost, opens '/' in the
 * launcher of ./launch.ts, waits until the bundle has set `globalThis.deepgraphPage`, and hands the
 * page (with every console message and page error collected) to the caller.
 */
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { closeServer, serveFiles, withChromiumPage as withPage } from './launch.js';

export { CHROMIUM } from './launch.js';

/** A file the test server answers with. */
export interface ServedFile { type: string; body: string | Uint8Array }

/**
 * Serves `files` ('/' must be the page), opens it in headless Chromium, waits for
 * `globalThis.deepgraphPage`, then returns `use(page, messages)`; `headers` go with every answer
 * (ISOLATION_HEADERS for a cross-origin-isolated page). A missing Chromium is a failure.
 */
export async function withChromiumPage<T>(files: Record<string, ServedFile>,
  use: (page: Page, messages: string[]) => Promise<T>, headers: Record<string, string> = {}): Promise<T> {
  const server = await serveFiles(files, headers);
  try {
    return await withPage(async (page, messages) => {
      const { port } = server.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 15_000 });
      await page.waitForFunction(() => 'deepgraphPage' in globalThis, undefined, { timeout: 15_000 })
        .catch((e: Error) => { throw new Error(`the bundle did not start in the page (${e.message}); page said:\n${messages.join('\n')}`); });
      return await use(page, messages);
    });
  } finally {
    await closeServer(server);
  }
}
