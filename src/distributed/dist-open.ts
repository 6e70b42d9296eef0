/**
 * Opening a partitioned graph as one rank of a job: the rank loads its own part, serves it over
 * gRPC, and learns the other ranks' addresses through the process group (one part per rank).
 * Without a group every part is loaded in this process (a single-process run over a partition).
 */
import { loadPartition } from '../storage/partition/read.js';
import { readPartbook } from '../storage/partition/partbook.js';
import { DistGraph, readAssignment } from './dist-graph.js';
import { GrpcPartitionClient, PARTITION_CALL_DEADLINE_MS, servePartition, type PartitionServer } from './partition-grpc.js';
import { LocalPartitionService, type PartitionService } from './partition-service.js';
import type { ProcessGroup } from './process-group.js';

/** A DistGraph and what must be stopped with it (the rank's own partition server). */
export interface OpenedDistGraph {
  graph: DistGraph;
  /** The partition server of this rank (null without a group). */
  server: PartitionServer | null;
  /** Waits for every rank (so that no rank still asks this one), then closes clients and server. */
  close(): Promise<void>;
}

/** Options of openDistGraph. */
export interface OpenDistGraphOptions {
  /** Address the partition server binds and announces (IPv4; default DEEPGRAPH_PARTITION_HOST or 127.0.0.1). */
  host?: string;
  /** Deadline of each call to another rank's partition, ms. */
  deadlineMs?: number;
}

function ipv4Parts(host: string): number[] {
  const parts = host.split('.').map(Number);
  if (parts.length !== 4 || parts.some((x) => !(Number.isInteger(x) && x >= 0 && x <= 255))) {
    throw new RangeError(`openDistGraph: the partition server address must be an IPv4 address, got '${host}' (set DEEPGRAPH_PARTITION_HOST)`);
  }
  return parts;
}

/** Opens the partition in `dir` for this rank of `group` (or for a single process when group is null). */
export async function openDistGraph(dir: string, group: ProcessGroup | null, opts: OpenDistGraphOptions = {}): Promise<OpenedDistGraph> {
  const book = readPartbook(dir);
  const assignment = readAssignment(dir, book);
  if (group === null) {
    const services = book.parts.map((_, i) => new LocalPartitionService(loadPartition(dir, i)));
    const graph = new DistGraph(book, assignment, services, -1);
    return { graph, server: null, close: () => graph.close() };
  }
  if (book.numParts !== group.worldSize) {
    throw new RangeError(`openDistGraph: ${dir} holds ${book.numParts} parts but the job has ${group.worldSize} ranks; partition with --parts ${group.worldSize}`);
  }
  const host = opts.host ?? process.env.DEEPGRAPH_PARTITION_HOST ?? '127.0.0.1';
  const ip = ipv4Parts(host);
  const own = new LocalPartitionService(loadPartition(dir, group.rank));
  const server = await servePartition(own, { host });
  const port = Number(server.address.slice(server.address.lastIndexOf(':') + 1));
  const table = await group.allGather(Int32Array.from([...ip, port]));
  const services: PartitionService[] = book.parts.map((_, r) => (r === group.rank ? own
    : new GrpcPartitionClient(r, `${table.slice(r * 5, r * 5 + 4).join('.')}:${table[r * 5 + 4]}`, opts.deadlineMs ?? PARTITION_CALL_DEADLINE_MS)));
  const graph = new DistGraph(book, assignment, services, group.rank);
  return {
    graph, server,
    // The server closes even when the barrier fails (a lost peer, Gloo's timeout under load):
    // a listening gRPC server would keep the process alive after the error is reported.
    close: async () => {
      try {
        await group.barrier();
      } finally {
        await graph.close();
        await server.close();
      }
    },
  };
}
