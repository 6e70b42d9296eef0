/**
 * Liveness through the store: every rank sets `<job>/hb/<rank>` with a time-to-live a little under
 * the job's timeout, several times per timeout, and reads everyone else's. A key that expired
 * (and no `<job>/done/<rank>` mark of a clean exit) means that rank is gone: killed, hung, or cut
 * off. A store that stops answering is a failure too. Either is reported once, naming the rank or
 * the store. The first rank to find a rank lost records it under `<job>/abort`, so that ranks
 * which only see a neighbour leave (the ring, Gloo's broken connections) name the rank that was
 * lost first, not the neighbour that left because of it.
 */
import type { Store } from './store.js';

/** A rank stopped answering; `rank` names it. */
export class RankLostError extends Error {
  constructor(readonly rank: number, detail: string) {
    super(`rank ${rank} lost: ${detail}`);
    this.name = 'RankLostError';
  }
}

/** Options of Heartbeat. */
export interface HeartbeatOptions { prefix: string; rank: number; worldSize: number; timeoutMs: number }

/** Writes this rank's heartbeat and watches the others' (see the file comment). */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private stopped = false;
  private watching = false;
  private joined = false;
  readonly intervalMs: number;

  constructor(private readonly store: Store, private readonly o: HeartbeatOptions, private readonly onFailure: (e: Error) => void) {
    this.intervalMs = Math.max(20, Math.min(1000, Math.floor(o.timeoutMs / 5)));
  }

  private key(kind: 'hb' | 'done' | 'joined', rank: number): string { return `${this.o.prefix}/${kind}/${rank}`; }

  private get abortKey(): string { return `${this.o.prefix}/abort`; }

  /** The loss another rank already recorded, if any. */
  async recorded(): Promise<RankLostError | null> {
    const text = await this.store.get(this.abortKey);
    if (text === null) return null;
    const { rank, detail } = JSON.parse(text) as { rank: number; detail: string };
    return new RankLostError(rank, detail);
  }

  /**
   * The verdict on a peer that closed its connection: the loss recorded earlier by any rank, else
   * this one (recorded for the others).
   */
  async verdict(rank: number, detail: string): Promise<RankLostError> {
    const prior = await this.recorded().catch(() => null);
    if (prior !== null) return prior;
    const lost = new RankLostError(rank, detail);
    await this.store.set(this.abortKey, JSON.stringify({ rank, detail }), 10 * 60_000).catch(() => {});
    return lost;
  }

  /** Sets this rank's heartbeat now (call before rendezvous, so peers never see it missing). */
  async beat(): Promise<void> {
    await this.store.set(this.key('hb', this.o.rank), String(Date.now()), this.o.timeoutMs - this.intervalMs);
    if (this.joined) return;
    // Outlives the heartbeat: a rank that started and then left (its heartbeat expired) is not one that never started.
    await this.store.set(this.key('joined', this.o.rank), String(Date.now()), 10 * 60_000);
    this.joined = true;
  }

  /**
   * Ranks other than this one that never beat (at rendezvous: the ones that never started). A rank
   * that joined and already left, its heartbeat expired, is not among them.
   */
  async silentRanks(): Promise<number[]> {
    const silent: number[] = [];
    for (let r = 0; r < this.o.worldSize; r++) {
      if (r === this.o.rank || (await this.store.get(this.key('hb', r))) !== null) continue;
      if ((await this.store.get(this.key('joined', r))) === null) silent.push(r);
    }
    return silent;
  }

  /** Starts beating (before rendezvous, which may wait long for the last rank to start). */
  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Starts watching every other rank (once all have connected, so all have beaten). */
  watch(): void { this.watching = true; }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      await this.beat();
      if (!this.watching) return;
      const prior = await this.recorded();
      if (prior !== null) {
        this.fail(prior);
        return;
      }
      for (let r = 0; r < this.o.worldSize && !this.stopped; r++) {
        if (r === this.o.rank || (await this.store.get(this.key('hb', r))) !== null) continue;
        if ((await this.store.get(this.key('done', r))) !== null) continue;
        this.fail(await this.verdict(r, `no heartbeat for ${this.o.timeoutMs / 1000} s (killed, hung or unreachable)`));
        return;
      }
    } catch (e) {
      if (!this.stopped) this.fail(e as Error);
    } finally {
      this.busy = false;
    }
  }

  private fail(e: Error): void {
    this.halt();
    this.onFailure(e);
  }

  private halt(): void {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops; a clean stop marks this rank done so that peers still running do not report it lost. */
  async stop(clean: boolean): Promise<void> {
    this.halt();
    if (!clean) return;
    await this.store.set(this.key('done', this.o.rank), String(Date.now()), 10 * 60_000);
    await this.store.delete(this.key('hb', this.o.rank));
  }
}
