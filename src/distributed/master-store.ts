/**
 * The store of a job started with MASTER_ADDR / MASTER_PORT and no Redis (as torchrun's TCPStore):
 * rank 0 serves a small in-memory key-value table on that address, speaking the subset of Redis's
 * protocol (RESP) the clients use, so the ranks' RedisStore (ioredis) and Gloo's RedisStore
 * (hiredis) reach it unchanged: PING, SET (PX, NX), SETNX, GET, EXISTS, DEL.
 */
import { createServer, type Server, type Socket } from 'node:net';

// Values are binary (Gloo's addresses): held as latin1 strings, one character per byte, both ways.
const bulk = (s: string | null): string => (s === null ? '$-1\r\n' : `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`);
const int = (n: number): string => `:${n}\r\n`;

/** Parses one RESP array of bulk strings at `at`; null when more bytes are needed. */
function parseCommand(buf: Buffer, at: number): { args: string[]; end: number } | null {
  const line = (from: number): { text: string; next: number } | null => {
    const nl = buf.indexOf('\r\n', from);
    return nl < 0 ? null : { text: buf.toString('latin1', from, nl), next: nl + 2 };
  };
  const head = line(at);
  if (head === null) return null;
  if (head.text[0] !== '*') throw new Error(`expected a RESP array, got '${head.text.slice(0, 20)}'`);
  const count = Number(head.text.slice(1));
  if (!Number.isInteger(count) || count < 0 || count > 64) throw new Error(`bad RESP array length '${head.text}'`);
  const args: string[] = [];
  let pos = head.next;
  for (let i = 0; i < count; i++) {
    const h = line(pos);
    if (h === null) return null;
    const len = Number(h.text.slice(1));
    if (h.text[0] !== '$' || !Number.isInteger(len) || len < 0 || len > 1 << 24) throw new Error(`bad RESP bulk header '${h.text}'`);
    if (buf.length < h.next + len + 2) return null;
    args.push(buf.toString('latin1', h.next, h.next + len));
    pos = h.next + len + 2;
  }
  return { args, end: pos };
}

/** A running MASTER_ADDR store; close() stops it. */
export class MasterStoreServer {
  private readonly table = new Map<string, { value: string; expires: number }>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  /** Listens on host:port (port 0 picks one; see `port`). */
  static async listen(host: string, port: number): Promise<MasterStoreServer> {
    const server = createServer();
    const store = new MasterStoreServer(server);
    server.on('connection', (s) => store.serve(s));
    await new Promise<void>((resolve, reject) => server.listen(port, host, resolve).once('error', reject));
    return store;
  }

  /** The port it listens on. */
  get port(): number { return (this.server.address() as { port: number }).port; }

  private lookup(key: string): string | null {
    const e = this.table.get(key);
    if (e === undefined) return null;
    if (e.expires !== 0 && e.expires < Date.now()) {
      this.table.delete(key);
      return null;
    }
    return e.value;
  }

  private execute(args: string[]): string {
    const [name = '', ...rest] = args;
    const cmd = name.toUpperCase();
    if (cmd === 'PING') return '+PONG\r\n';
    if (cmd === 'GET' && rest.length === 1) return bulk(this.lookup(rest[0]));
    if (cmd === 'EXISTS') return int(rest.filter((k) => this.lookup(k) !== null).length);
    if (cmd === 'DEL') return int(rest.filter((k) => this.lookup(k) !== null && this.table.delete(k)).length);
    if (cmd === 'SETNX' && rest.length === 2) {
      if (this.lookup(rest[0]) !== null) return int(0);
      this.table.set(rest[0], { value: rest[1], expires: 0 });
      return int(1);
    }
    if (cmd === 'SET' && rest.length >= 2) {
      let expires = 0, nx = false;
      for (let i = 2; i < rest.length; i++) {
        const opt = rest[i].toUpperCase();
        if (opt === 'NX') nx = true;
        else if (opt === 'PX' && i + 1 < rest.length) expires = Date.now() + Number(rest[++i]);
        else return `-ERR unsupported SET option '${rest[i]}'\r\n`;
      }
      if (nx && this.lookup(rest[0]) !== null) return bulk(null);
      this.table.set(rest[0], { value: rest[1], expires });
      return '+OK\r\n';
    }
    return `-ERR the MASTER_ADDR store does not support '${name}' with ${rest.length} arguments\r\n`;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      try {
        for (let cmd = parseCommand(pending, at); cmd !== null; cmd = parseCommand(pending, at)) {
          socket.write(this.execute(cmd.args), 'latin1');
          at = cmd.end;
        }
      } catch (e) {
        socket.end(`-ERR ${(e as Error).message}\r\n`);
        return;
      }
      pending = pending.subarray(at);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Disconnects every client and stops listening. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
