/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (.ci/run installs it; a missing binary is a failure, not a skip), in a throwaway profile, with
 * every console message and page error collected.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
