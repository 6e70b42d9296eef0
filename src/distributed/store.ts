/**
 * The key-value store a job meets in: ranks publish their addresses, heartbeats and exit marks
 * there. Two implementations: files in a folder every rank sees (FileStore, what `deepgraph launch
 * --local` uses) and Redis (redis-store.ts). Gloo reaches the same store through its own
 * FileStore / RedisStore in the addon.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-write.js';

/** What the process group needs from a store. */
export interface Store {
  /** Where the store is, for messages ('Redis at 127.0.0.1:6379', 'file store /tmp/x'). */
  readonly describe: string;
  /** Sets `key`; with `ttlMs` the key disappears that long after the last set. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** The value, or null when the key is absent or expired. */
  get(key: string): Promise<string | null>;
  /** Removes `key` (absent keys are fine). */
  delete(key: string): Promise<void>;
  /** Releases the connection (a no-op for files). */
  close(): Promise<void>;
}

/** The store could not be reached or answered with an error; names the store. */
export class StoreUnavailableError extends Error {
  constructor(store: string, cause: string) {
    super(`${store} is unavailable: ${cause}`);
    this.name = 'StoreUnavailableError';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `key` is set; throws naming the key and `what` after `timeoutMs`. */
export async function waitForKey(store: Store, key: string, timeoutMs: number, what: string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    const v = await store.get(key);
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (key '${key}' in ${store.describe})`);
    await sleep(delay);
  }
}

/** One file per key in `dir` (written atomically); an expiry time travels inside the file. */
export class FileStore implements Store {
  readonly describe: string;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.describe = `file store ${dir}`;
  }

  private path(key: string): string { return join(this.dir, encodeURIComponent(key)); }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    const expires = ttlMs === undefined ? 0 : Date.now() + ttlMs;
    writeFileAtomic(this.path(key), JSON.stringify({ value, expires }));
  }

  async get(key: string): Promise<string | null> {
    let text: string;
    try {
      text = readFileSync(this.path(key), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreUnavailableError(this.describe, (e as Error).message);
    }
    let entry: { value?: unknown; expires?: unknown };
    try {
      entry = JSON.parse(text) as typeof entry;
    } catch {
      throw new StoreUnavailableError(this.describe, `key '${key}' holds a corrupt entry`);
    }
    if (typeof entry.value !== 'string' || typeof entry.expires !== 'number') throw new StoreUnavailableError(this.describe, `key '${key}' holds a corrupt entry`);
    if (entry.expires !== 0 && entry.expires < Date.now()) return null;
    return entry.value;
  }

  async delete(key: string): Promise<void> { rmSync(this.path(key), { force: true }); }

  /** Keys currently present (expired ones included), for tests and cleanup. */
  keys(): string[] { return readdirSync(this.dir).filter((n) => !n.startsWith('.')).map(decodeURIComponent); }

  async close(): Promise<void> {}
}
