/**
 * The job's store in Redis (DEEPGRAPH_REDIS) through ioredis. The client never queues commands
 * while disconnected and never retries on its own: a Redis that stops answering must become a
 * StoreUnavailableError naming it, at the next heartbeat, not a job that waits forever.
 */
import type { Redis } from 'ioredis';
import { StoreUnavailableError, type Store } from './store.js';

/** A Store on a Redis server (or anything speaking its protocol, such as the MASTER_ADDR store). */
export class RedisStore implements Store {
  readonly describe: string;
  private readonly client: Redis;
  private lastError = '';

  private constructor(RedisClass: typeof Redis, host: string, port: number, timeoutMs: number) {
    this.describe = `Redis at ${host}:${port}`;
    this.client = new RedisClass({
      host, port, lazyConnect: true, enableOfflineQueue: false, enableReadyCheck: false, maxRetriesPerRequest: 0,
      connectTimeout: timeoutMs, commandTimeout: timeoutMs, retryStrategy: () => null,
    });
    this.client.on('error', (e: Error) => { this.lastError = e.message; });
  }

  /** Connects; throws a StoreUnavailableError naming host:port when nothing answers. */
  static async connect(host: string, port: number, timeoutMs = 10_000): Promise<RedisStore> {
    // Loaded on first use: `import 'deepgraph'` must not pay for a Redis client it may never need.
    const { Redis: RedisClass } = await import('ioredis');
    const s = new RedisStore(RedisClass, host, port, timeoutMs);
    await s.call(() => s.client.connect());
    return s;
  }

  private async call<T>(body: () => Promise<T>): Promise<T> {
    if (this.client.status === 'end' || this.client.status === 'close') {
      throw new StoreUnavailableError(this.describe, `connection lost${this.lastError ? ` (${this.lastError})` : ''}`);
    }
    try {
      return await body();
    } catch (e) {
      throw new StoreUnavailableError(this.describe, (e as Error).message || this.lastError);
    }
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.call(() => (ttlMs === undefined ? this.client.set(key, value) : this.client.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)))));
  }

  async get(key: string): Promise<string | null> { return this.call(() => this.client.get(key)); }

  async delete(key: string): Promise<void> { await this.call(() => this.client.del(key)); }

  async close(): Promise<void> { this.client.disconnect(); }
}
