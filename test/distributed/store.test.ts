/**
 * The stores in one process: FileStore and the MASTER_ADDR store (through the same ioredis client
 * the ranks use) set, get, expire and delete keys, keep binary values intact, and name themselves
 * in errors; a Redis client on a closed port fails with StoreUnavailableError naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileStore, MasterStoreServer, RedisStore, StoreUnavailableError, waitForKey, type Store } from '../../src/distributed/index.js';
import { Heartbeat } from '../../src/distributed/heartbeat.js';
import { freePort, tempDir } from './job.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function exercise(store: Store): Promise<void> {
  await store.set('a', 'one');
  assert.equal(await store.get('a'), 'one');
  assert.equal(await store.get('missing'), null);
  const binary = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
  await store.set('bin', binary);
  assert.equal(await store.get('bin'), binary, 'every byte value survives');
  // Long enough that a loaded machine's fsync does not expire the key before it is read back.
  await store.set('short', 'x', 1500);
  assert.equal(await store.get('short'), 'x');
  await sleep(1700);
  assert.equal(await store.get('short'), null, 'expired');
  await store.delete('a');
  assert.equal(await store.get('a'), null);
  setTimeout(() => void store.set('later', 'v'), 30);
  assert.equal(await waitForKey(store, 'later', 5000, 'a test key'), 'v');
  await assert.rejects(waitForKey(store, 'never', 50, 'rank 9\'s address'), /timed out after 0\.05 s waiting for rank 9's address \(key 'never' in /);
}

test('FileStore: set, get, expiry, delete, binary values, waitForKey', async () => {
  const d = tempDir('dg-filestore-');
  try {
    await exercise(new FileStore(d.dir));
  } finally {
    d.remove();
  }
});

test('the MASTER_ADDR store serves the Redis client the ranks use', async () => {
  const server = await MasterStoreServer.listen('127.0.0.1', 0);
  const store = await RedisStore.connect('127.0.0.1', server.port);
  try {
    await exercise(store);
  } finally {
    await store.close();
    await server.close();
  }
});

test('a Redis that does not answer is a StoreUnavailableError naming host and port', async () => {
  const port = await freePort();
  await assert.rejects(RedisStore.connect('127.0.0.1', port, 2000), (e: Error) => e instanceof StoreUnavailableError && e.message.includes(`Redis at 127.0.0.1:${port} is unavailable`));
});

test('Heartbeat.silentRanks names the ranks that never started, not a rank that joined and whose heartbeat expired', async () => {
  const d = tempDir('dg-heartbeat-');
  try {
    const store = new FileStore(d.dir);
    const options = (rank: number) => ({ prefix: 'job', rank, worldSize: 3, timeoutMs: 300 });
    const left = new Heartbeat(store, options(1), () => {});
    await left.beat();
    const waiting = new Heartbeat(store, options(0), () => {});
    assert.deepEqual(await waiting.silentRanks(), [2]);
    await sleep(400);  // rank 1's heartbeat (240 ms to live) has expired: it left, as a rank that gave up waiting does
    assert.equal(await store.get('job/hb/1'), null);
    assert.deepEqual(await waiting.silentRanks(), [2]);
  } finally {
    d.remove();
  }
});
