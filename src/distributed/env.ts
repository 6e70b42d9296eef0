/**
 * Who this process is in a data-parallel job, read from the variables schedulers already set:
 * torchrun / `deepgraph launch` (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT), Open MPI's
 * mpirun (OMPI_COMM_WORLD_RANK / _SIZE / _LOCAL_RANK) and Slurm's srun (SLURM_PROCID, SLURM_NTASKS,
 * SLURM_LOCALID), plus deepgraph's own rendezvous variables.
 */
import { hostname } from 'node:os';

/** One process's place in the job and where the job meets. */
export interface Membership {
  rank: number;
  worldSize: number;
  /** Rank among the processes of this machine. */
  localRank: number;
  /** DEEPGRAPH_REDIS (`redis://host:port` or `host:port`): rendezvous and heartbeats in Redis. */
  redis?: { host: string; port: number };
  /** DEEPGRAPH_STORE_DIR: rendezvous through files in a folder every rank can reach. */
  storeDir?: string;
  /** MASTER_ADDR / MASTER_PORT: rank 0 serves the store on that address (no Redis, no shared folder). */
  master?: { host: string; port: number };
  /** DEEPGRAPH_JOB_ID: keys of this job in the store start with it (default 'deepgraph'). */
  jobId: string;
  /** DEEPGRAPH_DIST_TIMEOUT (seconds, default 30): how long a silent rank is waited for. */
  timeoutMs: number;
  /** The address peers reach this process on: DEEPGRAPH_HOST, else the host name when MASTER_ADDR is not loopback, else 127.0.0.1. */
  host: string;
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, names: readonly string[]): { name: string; value: number } | undefined {
  for (const name of names) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got '${text}'`);
    return { name, value };
  }
  return undefined;
}

/** Parses `redis://host:port`, `host:port` or `host` (port 6379). */
export function parseHostPort(text: string, what: string, defaultPort?: number): { host: string; port: number } {
  const bare = text.replace(/^redis:\/\//, '').replace(/\/.*$/, '');
  const at = bare.lastIndexOf(':');
  const host = at < 0 ? bare : bare.slice(0, at);
  const port = at < 0 ? defaultPort : Number(bare.slice(at + 1));
  if (host === '' || port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`${what} must be host:port, got '${text}'`);
  }
  return { host, port };
}

/**
 * The membership the environment describes, or null when it describes a single process
 * (WORLD_SIZE unset or 1). Throws a RangeError naming the variable when one is malformed, or
 * when a multi-process job names no rendezvous (DEEPGRAPH_REDIS, DEEPGRAPH_STORE_DIR or
 * MASTER_ADDR + MASTER_PORT).
 */
export function membershipFromEnv(env: Env = process.env): Membership | null {
  const size = intVar(env, ['WORLD_SIZE', 'OMPI_COMM_WORLD_SIZE', 'SLURM_NTASKS']);
  if (size === undefined || size.value <= 1) return null;
  const rank = intVar(env, ['RANK', 'OMPI_COMM_WORLD_RANK', 'SLURM_PROCID']);
  if (rank === undefined) throw new RangeError(`${size.name}=${size.value} but no rank is set (RANK, OMPI_COMM_WORLD_RANK or SLURM_PROCID)`);
  if (rank.value >= size.value) throw new RangeError(`${rank.name}=${rank.value} is outside a job of ${size.name}=${size.value}`);
  const localRank = intVar(env, ['LOCAL_RANK', 'OMPI_COMM_WORLD_LOCAL_RANK', 'SLURM_LOCALID'])?.value ?? rank.value;
  const timeoutText = env.DEEPGRAPH_DIST_TIMEOUT ?? '30';
  const timeoutS = Number(timeoutText);
  if (!(timeoutS > 0 && Number.isFinite(timeoutS))) throw new RangeError(`DEEPGRAPH_DIST_TIMEOUT must be a positive number of seconds, got '${timeoutText}'`);
  const m: Membership = {
    rank: rank.value, worldSize: size.value, localRank, jobId: env.DEEPGRAPH_JOB_ID || 'deepgraph',
    timeoutMs: Math.round(timeoutS * 1000), host: env.DEEPGRAPH_HOST || '127.0.0.1',
  };
  if (env.DEEPGRAPH_REDIS) m.redis = parseHostPort(env.DEEPGRAPH_REDIS, 'DEEPGRAPH_REDIS', 6379);
  else if (env.DEEPGRAPH_STORE_DIR) m.storeDir = env.DEEPGRAPH_STORE_DIR;
  else if (env.MASTER_ADDR && env.MASTER_PORT) m.master = parseHostPort(`${env.MASTER_ADDR}:${env.MASTER_PORT}`, 'MASTER_ADDR:MASTER_PORT');
  else throw new RangeError(`${size.name}=${size.value} but no rendezvous is given: set DEEPGRAPH_REDIS, DEEPGRAPH_STORE_DIR or MASTER_ADDR and MASTER_PORT`);
  // Peers on other machines must reach this one: by its host name (set DEEPGRAPH_HOST to choose an interface).
  if (env.MASTER_ADDR && !env.DEEPGRAPH_HOST && !/^(127\.|localhost$|::1$)/.test(env.MASTER_ADDR)) m.host = hostname();
  return m;
}
