/**
 * A private Redis Cluster for tests: N masters on loopback (cluster-enabled, no persistence, their
 * node files in a fresh folder), joined with `redis-cli --cluster create`, each stoppable alone;
 * stop() kills every server and removes the folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Ports tried for the cluster's servers and their bus ports (this project's share of loopback ports). */
const PORT_RANGE: [number, number] = [42000, 42999];

async function isFree(port: number): Promise<boolean> {
  const s = createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** `count` free loopback ports from PORT_RANGE, starting at a random place in it. */
async function freePorts(count: number): Promise<number[]> {
  const [lo, hi] = PORT_RANGE, span = hi - lo + 1;
  const start = Math.floor(Math.random() * span), out: number[] = [];
  for (let k = 0; k < span && out.length < count; k++) {
    const p = lo + ((start + k) % span);
    if (await isFree(p)) out.push(p);
  }
  if (out.length < count) throw new Error(`only ${out.length} free ports in ${lo}-${hi}, need ${count}`);
  return out;
}

function waitReady(child: ChildProcess, what: string): Promise<void> {
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  return new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => { if (out.includes('Ready to accept connections')) { clearInterval(poll); resolve(); } }, 20);
    const failed = (why: string): void => { clearInterval(poll); reject(new Error(`${what}: ${why}`)); };
    child.once('error', (e) => failed(`redis-server could not start (apt-get install redis-server; .ci/run installs it): ${e.message}`));
    child.once('exit', (code) => failed(`redis-server exited with code ${code}: ${out}`));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await gone;
}

/** A running test cluster. */
export interface TestCluster {
  /** The masters' ports, in the order started. */
  ports: number[];
  /** Kills master i (its slots become unreachable: no replicas). */
  stopMaster(i: number): Promise<void>;
  /** Kills every server and removes the folder. */
  stop(): Promise<void>;
}

/** Starts `masters` (>= 3, as redis-cli --cluster create requires) cluster-enabled servers and joins them into one cluster. */
export async function startRedisCluster(masters = 3): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-rcluster-'));
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(kill));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports = await freePorts(2 * masters);
    const data = ports.slice(0, masters), bus = ports.slice(masters);
    for (let i = 0; i < masters; i++) {
      const child = spawn('redis-server', [
        '--port', String(data[i]), '--cluster-port', String(bus[i]), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
        '--cluster-config-file', join(dir, `nodes-${data[i]}.conf`), '--cluster-node-timeout', '2000',
        '--dir', dir, '--save', '', '--appendonly', 'no',
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
    }
    await Promise.all(children.map((c, i) => waitReady(c, `cluster node ${data[i]}`)));
    const create = spawnSync('redis-cli', ['--cluster', 'create', ...data.map((p) => `127.0.0.1:${p}`), '--cluster-yes'], { encoding: 'utf8', timeout: 30_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed (${create.status}): ${create.stdout}${create.stderr}`);
    // Every node must see every slot served before a client is let in.
    for (const p of data) {
      for (let t = 0; ; t++) {
        const info = spawnSync('redis-cli', ['-p', String(p), 'cluster', 'info'], { encoding: 'utf8' }).stdout;
        if (info.includes('cluster_state:ok')) break;
        if (t > 200) throw new Error(`cluster node ${p} did not reach cluster_state:ok: ${info}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return { ports: data, stopMaster: (i) => kill(children[i]), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
