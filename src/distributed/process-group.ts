/**
 * A ProcessGroup: the ranks of one job connected for collectives (torch.distributed's process
 * group; DGL: `dgl.distributed.initialize`). initProcessGroup reads the membership from the
 * environment, opens the job's store (Redis, a folder, or rank 0's MASTER_ADDR store), starts the
 * heartbeats and connects Gloo (or the TypeScript ring). Collectives run one at a time in call
 * order; a lost rank or store rejects the pending and every later collective with an error naming
 * it, so no rank waits forever.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { membershipFromEnv, type Membership } from './env.js';
import { FileStore, type Store } from './store.js';
import { RedisStore } from './redis-store.js';
import { MasterStoreServer } from './master-store.js';
import { Heartbeat } from './heartbeat.js';
import { RingCollectives } from './ring.js';
import { GlooCollectives, glooAvailable, type GlooStoreSpec } from './gloo.js';
import { PeerError, type AnyArray, type Collectives, type FloatArray } from './collectives.js';

/** Options of initProcessGroup. */
export interface ProcessGroupOptions {
  /** Default: membershipFromEnv(). */
  membership?: Membership;
  /** 'gloo', 'ring' or 'auto' (Gloo when the addon has it); default DEEPGRAPH_DIST_ENGINE or 'auto'. */
  engine?: 'auto' | 'gloo' | 'ring';
  /** Called once when a rank or the store is lost (the CLI prints the error and exits). */
  onFailure?: (e: Error) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The ranks of a job, connected (see the file comment). */
export class ProcessGroup {
  private queue: Promise<unknown> = Promise.resolve();
  private failure: Error | null = null;
  private readonly failed: Promise<never>;
  private rejectFailed!: (e: Error) => void;

  /** @internal use initProcessGroup. */
  constructor(readonly membership: Membership, private readonly collectives: Collectives, private readonly store: Store,
    private readonly heartbeat: Heartbeat | null, private readonly master: MasterStoreServer | null,
    private readonly onFailure?: (e: Error) => void) {
    this.failed = new Promise<never>((_, reject) => { this.rejectFailed = reject; });
    this.failed.catch(() => {});
  }

  get rank(): number { return this.membership.rank; }
  get worldSize(): number { return this.membership.worldSize; }
  /** 'gloo' or 'ring'. */
  get engine(): string { return this.collectives.engine; }
  /** The error that ended the group, or null while it is healthy. */
  get error(): Error | null { return this.failure; }

  /** Ends the group with `e` (the heartbeat's verdict, or a peer's closed connection); calls onFailure once. */
  fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.rejectFailed(e);
    this.onFailure?.(e);
  }

  private run<T>(what: string, body: () => Promise<T>): Promise<T> {
    const task = this.queue.then(async () => {
      if (this.failure) throw this.failure;
      try {
        return await Promise.race([body(), this.failed]);
      } catch (e) {
        if (this.failure) throw this.failure;
        if (e instanceof PeerError && e.rank !== undefined && this.heartbeat !== null) {
          const lost = await this.heartbeat.verdict(e.rank, e.message);
          this.fail(lost);
          throw this.failure;
        }
        // Gloo says only that a connection broke: the heartbeats name the rank within the timeout.
        await Promise.race([this.failed, sleep(this.membership.timeoutMs + 1000)]).catch(() => {});
        if (this.failure) throw this.failure;
        throw new Error(`${what} failed on rank ${this.rank}: ${(e as Error).message}`);
      }
    });
    this.queue = task.catch(() => {});
    return task;
  }

  /** Sums `data` over all ranks in place (average: then divides by worldSize). */
  allReduce(data: FloatArray, opts: { average?: boolean } = {}): Promise<void> {
    return this.run('allReduce', async () => {
      await this.collectives.allReduce(data);
      if (opts.average) for (let i = 0; i < data.length; i++) data[i] /= this.worldSize;
    });
  }

  /** Copies rank `root`'s `data` into every rank's `data`. */
  broadcast(data: AnyArray, root = 0): Promise<void> { return this.run('broadcast', () => this.collectives.broadcast(data, root)); }

  /** Resolves when every rank has reached it. */
  barrier(): Promise<void> { return this.run('barrier', () => this.collectives.barrier()); }

  /** Every rank's `input`, concatenated in rank order (same type, worldSize x input.length). */
  allGather<T extends AnyArray>(input: T): Promise<T> {
    const Ctor = input.constructor as new (n: number) => T;
    const out = new Ctor(input.length * this.worldSize);
    return this.run('allGather', async () => {
      await this.collectives.allGather(input, out);
      return out;
    });
  }

  /**
   * Leaves the job: waits for queued collectives, marks this rank done (peers then do not report
   * it lost), closes the connections and, on rank 0 of a MASTER_ADDR job, the store (after a
   * barrier, so that no rank still needs it).
   */
  async close(): Promise<void> {
    await this.queue;
    const clean = this.failure === null;
    if (clean && this.membership.master !== undefined) await this.barrier().catch(() => {});
    await this.heartbeat?.stop(clean).catch(() => {});
    await this.collectives.close();
    await this.store.close();
    await this.master?.close();
  }
}

async function openStore(m: Membership): Promise<{ store: Store; gloo: GlooStoreSpec; master: MasterStoreServer | null }> {
  if (m.redis) return { store: await RedisStore.connect(m.redis.host, m.redis.port, m.timeoutMs), gloo: { redisHost: m.redis.host, redisPort: m.redis.port }, master: null };
  if (m.storeDir) {
    const fileDir = join(m.storeDir, 'gloo');
    mkdirSync(fileDir, { recursive: true });
    return { store: new FileStore(join(m.storeDir, 'kv')), gloo: { fileDir }, master: null };
  }
  const at = m.master!;
  const master = m.rank === 0 ? await MasterStoreServer.listen(at.host, at.port) : null;
  const deadline = Date.now() + m.timeoutMs;
  for (;;) {
    try {
      return { store: await RedisStore.connect(at.host, at.port, m.timeoutMs), gloo: { redisHost: at.host, redisPort: at.port }, master };
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`rank ${m.rank}: the MASTER_ADDR store at ${at.host}:${at.port} (served by rank 0) did not answer within ${m.timeoutMs / 1000} s: ${(e as Error).message}`);
      await sleep(100);
    }
  }
}

/** Joins the job the environment (or opts.membership) describes; see the file comment. */
export async function initProcessGroup(opts: ProcessGroupOptions = {}): Promise<ProcessGroup> {
  const m = opts.membership ?? membershipFromEnv();
  if (m === null) throw new RangeError('initProcessGroup: WORLD_SIZE is unset or 1; start the job with `deepgraph launch` or a scheduler that sets RANK and WORLD_SIZE');
  const engine = opts.engine ?? (process.env.DEEPGRAPH_DIST_ENGINE as ProcessGroupOptions['engine']) ?? 'auto';
  if (!['auto', 'gloo', 'ring'].includes(engine)) throw new RangeError(`engine must be 'auto', 'gloo' or 'ring', got '${engine}'`);
  const useGloo = engine === 'gloo' || (engine === 'auto' && glooAvailable());
  const { store, gloo, master } = await openStore(m);
  let group: ProcessGroup | null = null;
  let early: Error | null = null;
  const heartbeat = new Heartbeat(store, { prefix: m.jobId, rank: m.rank, worldSize: m.worldSize, timeoutMs: m.timeoutMs }, (e) => {
    if (group) group.fail(e);
    else {
      early = e;
      opts.onFailure?.(e);
    }
  });
  await heartbeat.beat();
  heartbeat.start();
  const base = { rank: m.rank, worldSize: m.worldSize, host: m.host, timeoutMs: m.timeoutMs };
  let collectives: Collectives;
  try {
    collectives = useGloo
      // Gloo's own timeout only backs up the heartbeats (which name the lost rank): a peer that is
      // merely slow (loading a large graph) must not fail a collective.
      ? await GlooCollectives.connect({ ...base, opTimeoutMs: Math.max(10 * m.timeoutMs, 300_000), prefix: `${m.jobId}/gloo`, store: gloo })
      : await RingCollectives.connect(store, { ...base, prefix: m.jobId });
  } catch (e) {
    const absent = early === null ? await heartbeat.silentRanks().catch(() => []) : [];
    await heartbeat.stop(false);
    await store.close();
    await master?.close();
    if (early !== null) throw early;
    if (absent.length === 0) throw e;
    throw new Error(`rank ${m.rank}: rank${absent.length > 1 ? 's' : ''} ${absent.join(', ')} of ${m.worldSize} did not join the job ` +
      `within ${m.timeoutMs / 1000} s (no heartbeat in ${store.describe}): ${(e as Error).message}`);
  }
  group = new ProcessGroup(m, collectives, store, heartbeat, master, opts.onFailure);
  if (early) group.fail(early);
  heartbeat.watch();
  return group;
}
