/**
 * One partition's service in a process of its own for `bench distributed`: loads part argv[3] of
 * the partition in argv[2], serves it over gRPC on loopback, prints its address as one JSON line
 * and stops when its stdin closes (when the parent ends, however it ends).
 */
import { loadPartition } from '../../src/storage/partition/read.js';
import { LocalPartitionService } from '../../src/distributed/partition-service.js';
import { servePartition } from '../../src/distributed/partition-grpc.js';

const [dir, part] = [process.argv[2], Number(process.argv[3])];
const server = await servePartition(new LocalPartitionService(loadPartition(dir, part)));
process.stdout.write(`${JSON.stringify({ address: server.address })}\n`);
process.stdin.resume();
process.stdin.on('end', () => { void server.close().then(() => process.exit(0)); });
