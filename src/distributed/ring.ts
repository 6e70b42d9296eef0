/**
 * Collectives over a ring of TCP sockets in TypeScript, used where the addon was built without
 * Gloo (or on request): rank r sends to r+1 and receives from r-1. allReduce is the
 * bandwidth-optimal ring (reduce-scatter, then all-gather: each rank sends 2(n-1)/n of the data),
 * as Gloo's ring algorithm; broadcast passes the buffer along the ring; allGather circulates
 * each rank's block. Addresses are exchanged through the job's store.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { waitForKey, type Store } from './store.js';
import { PeerError, bytesOf, type AnyArray, type Collectives, type FloatArray } from './collectives.js';

/** Reads exact byte counts from a socket; a closed socket fails every pending and later read. */
class ExactReader {
  private chunks: Buffer[] = [];
  private have = 0;
  private waiting: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(socket: Socket, private readonly peer: number) {
    socket.on('data', (b: Buffer) => {
      this.chunks.push(b);
      this.have += b.length;
      this.pump();
    });
    const fail = (why: string): void => {
      if (this.failure) return;
      this.failure = new PeerError(`rank ${peer} ${why}`, peer);
      if (this.waiting) this.waiting.reject(this.failure);
      this.waiting = null;
    };
    socket.on('error', (e) => fail(`connection failed: ${e.message}`));
    socket.on('close', () => fail('closed its connection (process ended or lost)'));
  }

  read(n: number): Promise<Buffer> {
    if (this.waiting) throw new Error('ring: overlapping reads');
    return new Promise((resolve, reject) => {
      this.waiting = { n, resolve, reject };
      this.pump();
    });
  }

  private pump(): void {
    const w = this.waiting;
    if (w === null) return;
    if (this.have >= w.n) {
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.have);
      this.chunks = all.length > w.n ? [all.subarray(w.n)] : [];
      this.have -= w.n;
      this.waiting = null;
      w.resolve(all.subarray(0, w.n));
    } else if (this.failure) {
      this.waiting = null;
      w.reject(this.failure);
    }
  }
}

/** Element range [lo, hi) of chunk `i` when `len` elements are cut in `n`. */
const chunkRange = (i: number, len: number, n: number): [number, number] => [Math.floor((i * len) / n), Math.floor(((i + 1) * len) / n)];

/** Options of RingCollectives.connect. */
export interface RingOptions {
  rank: number;
  worldSize: number;
  /** Address this rank listens on. */
  host: string;
  /** Prefix of this job's keys in the store. */
  prefix: string;
  timeoutMs: number;
}

/** The TypeScript ring (see the file comment). */
export class RingCollectives implements Collectives {
  readonly engine = 'ring';

  private constructor(private readonly o: RingOptions, private readonly server: Server | null,
    private readonly next: Socket | null, private readonly prev: ExactReader | null, private readonly prevSocket: Socket | null) {}

  /** Listens, publishes the address, connects to rank+1 and accepts rank-1. */
  static async connect(store: Store, o: RingOptions): Promise<RingCollectives> {
    if (o.worldSize === 1) return new RingCollectives(o, null, null, null, null);
    const n = o.worldSize, nextRank = (o.rank + 1) % n, prevRank = (o.rank + n - 1) % n;
    const server = createServer();
    const accepted = new Promise<[Socket, ExactReader]>((resolve, reject) => {
      server.on('connection', (s) => {
        s.setNoDelay(true);
        // The reader listens from the first byte: data that arrived with no listener would be lost.
        const reader = new ExactReader(s, prevRank);
        reader.read(4).then((hello) => {
          if (hello.readUInt32LE(0) === prevRank) resolve([s, reader]);
          else s.destroy();
        }, () => s.destroy());
      });
      server.on('error', reject);
    });
    await new Promise<void>((resolve, reject) => server.listen(0, o.host, resolve).once('error', reject));
    const port = (server.address() as { port: number }).port;
    await store.set(`${o.prefix}/ring/${o.rank}`, `${o.host}:${port}`);
    const addr = await waitForKey(store, `${o.prefix}/ring/${nextRank}`, o.timeoutMs, `rank ${nextRank}'s ring address`);
    const at = addr.lastIndexOf(':');
    const next = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection({ host: addr.slice(0, at), port: Number(addr.slice(at + 1)) }, () => resolve(s));
      s.once('error', (e) => reject(new PeerError(`rank ${nextRank} at ${addr} refused the ring connection: ${e.message}`, nextRank)));
    });
    next.setNoDelay(true);
    next.on('error', () => { /* surfaced through the reader of the ring's other side or the heartbeat */ });
    const hello = Buffer.alloc(4);
    hello.writeUInt32LE(o.rank, 0);
    next.write(hello);
    let timer: NodeJS.Timeout | undefined;
    const [prevSocket, reader] = await Promise.race([accepted, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PeerError(`rank ${prevRank} did not connect within ${o.timeoutMs / 1000} s`, prevRank)), o.timeoutMs);
    })]).finally(() => clearTimeout(timer));
    return new RingCollectives(o, server, next, reader, prevSocket);
  }

  private send(bytes: Uint8Array): void {
    // A copy: the caller's array is written again before the kernel may have taken these bytes.
    this.next!.write(Buffer.from(bytes));
  }

  async allReduce(data: FloatArray): Promise<void> {
    const n = this.o.worldSize, r = this.o.rank;
    if (n === 1 || data.length === 0) return;
    const Ctor = data.constructor as Float32ArrayConstructor | Float64ArrayConstructor;
    const size = data.BYTES_PER_ELEMENT;
    for (let s = 0; s < n - 1; s++) {
      const [slo, shi] = chunkRange((r - s + n) % n, data.length, n);
      this.send(bytesOf(data.subarray(slo, shi)));
      const [lo, hi] = chunkRange((r - s - 1 + 2 * n) % n, data.length, n);
      const got = await this.prev!.read((hi - lo) * size);
      const add = new Ctor(new Uint8Array(got).buffer);
      for (let i = 0; i < add.length; i++) data[lo + i] += add[i];
    }
    for (let s = 0; s < n - 1; s++) {
      const [slo, shi] = chunkRange((r - s + 1 + n) % n, data.length, n);
      this.send(bytesOf(data.subarray(slo, shi)));
      const [lo, hi] = chunkRange((r - s + n) % n, data.length, n);
      bytesOf(data.subarray(lo, hi)).set(await this.prev!.read((hi - lo) * size));
    }
  }

  async broadcast(data: AnyArray, root: number): Promise<void> {
    const n = this.o.worldSize, r = this.o.rank;
    if (!(Number.isInteger(root) && root >= 0 && root < n)) throw new RangeError(`broadcast: root ${root} is outside a group of size ${n}`);
    if (n === 1 || data.byteLength === 0) return;
    const bytes = bytesOf(data);
    if (r !== root) bytes.set(await this.prev!.read(bytes.length));
    if ((r + 1) % n !== root) this.send(bytes);
  }

  async barrier(): Promise<void> {
    const one = new Float64Array([1]);
    await this.allReduce(one);
    if (one[0] !== this.o.worldSize) throw new Error(`barrier: counted ${one[0]} ranks, expected ${this.o.worldSize}`);
  }

  async allGather(input: AnyArray, output: AnyArray): Promise<void> {
    const n = this.o.worldSize, r = this.o.rank, b = input.byteLength;
    if (output.byteLength !== b * n || output.constructor !== input.constructor) {
      throw new RangeError(`allGather: output must be a ${input.constructor.name} of ${input.length * n} elements (group size x input), got ${output.constructor.name} of ${output.length}`);
    }
    const out = bytesOf(output);
    out.set(bytesOf(input), r * b);
    for (let s = 0; s < n - 1; s++) {
      const sendBlock = (r - s + n) % n, recvBlock = (r - s - 1 + 2 * n) % n;
      this.send(out.subarray(sendBlock * b, (sendBlock + 1) * b));
      out.set(await this.prev!.read(b), recvBlock * b);
    }
  }

  /** Flushes what is still queued for rank+1 (its last block of a collective may be), then closes. */
  async close(): Promise<void> {
    const next = this.next;
    if (next !== null && !next.destroyed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.o.timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        next.once('close', done);
        next.once('error', done);
        next.end(done);
      });
      next.destroy();
    }
    this.prevSocket?.destroy();
    this.server?.close();
  }
}
