/**
 * The partition service over gRPC (@grpc/grpc-js, proto/partition.proto): every rank serves its
 * own part; other ranks reach it through GrpcPartitionClient, which puts a deadline on every call
 * and names the part and address in the error when the deadline passes or the call fails.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { GatheredRows, PartitionService, SampledNeighbors } from './partition-service.js';

const PROTO = fileURLToPath(new URL('../../../proto/partition.proto', import.meta.url));

/** Default deadline of one partition-service call, ms. */
export const PARTITION_CALL_DEADLINE_MS = 10_000;

/** Rows and ids may exceed gRPC's 4 MB default message size on large batches. */
const MAX_MESSAGE = 1 << 30;

interface PartitionStub extends grpc.Client {
  SampleNeighbors(req: object, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: { src: Buffer; offsets: Buffer; eids: Buffer }) => void): void;
  GatherRows(req: object, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: { data: Buffer; dtype: string; rowShape: number[] }) => void): void;
}

let loaded: grpc.GrpcObject | null = null;
function partitionPackage(): { Partition: grpc.ServiceClientConstructor } {
  loaded ??= grpc.loadPackageDefinition(protoLoader.loadSync(PROTO, { longs: Number, defaults: true }));
  return (loaded.deepgraph as grpc.GrpcObject).partition as unknown as { Partition: grpc.ServiceClientConstructor };
}

/** Bytes of a typed array, without copying. */
function bytesOf(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

const DTYPES = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array } as const;

/** A typed array copied out of `buf` (the copy aligns it); throws when the length is not a whole number of elements. */
function arrayOf<K extends keyof typeof DTYPES>(buf: Buffer, dtype: K, what: string): InstanceType<(typeof DTYPES)[K]> {
  const Ctor = DTYPES[dtype];
  if (buf.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new RangeError(`${what}: ${buf.byteLength} bytes is not a whole number of ${dtype} values`);
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Ctor(copy.buffer) as InstanceType<(typeof DTYPES)[K]>;
}

function dtypeName(a: GatheredRows['data']): keyof typeof DTYPES {
  return a instanceof Float32Array ? 'float32' : a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32' : 'uint8';
}

/** A running partition server (close stops it). */
export interface PartitionServer {
  /** host:port the server listens on. */
  readonly address: string;
  /** Stops the server (calls in flight get a second to finish). */
  close(): Promise<void>;
}

/** Serves `service` over gRPC on host:port (port 0 picks a free one). */
export async function servePartition(service: PartitionService, opts: { host?: string; port?: number } = {}): Promise<PartitionServer> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE, 'grpc.max_send_message_length': MAX_MESSAGE });
  const fail = (cb: grpc.sendUnaryData<unknown>, e: unknown): void => cb({ code: grpc.status.INVALID_ARGUMENT, details: (e as Error).message });
  server.addService(partitionPackage().Partition.service, {
    SampleNeighbors: (call: grpc.ServerUnaryCall<{ seeds: Buffer; fanout: number; rngSeed: number; streams: Buffer }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      Promise.resolve().then(() => {
        const { seeds, fanout, rngSeed, streams } = call.request;
        return service.sampleNeighbors(arrayOf(seeds, 'int32', 'SampleNeighbors seeds'), fanout, rngSeed, streams.byteLength === 0 ? undefined : arrayOf(streams, 'int32', 'SampleNeighbors streams'));
      }).then((r) => cb(null, { src: bytesOf(r.src), offsets: bytesOf(r.offsets), eids: bytesOf(r.eids) }), (e) => fail(cb, e));
    },
    GatherRows: (call: grpc.ServerUnaryCall<{ feature: string; ids: Buffer }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      Promise.resolve().then(() => service.gatherRows(call.request.feature, arrayOf(call.request.ids, 'int32', 'GatherRows ids')))
        .then((r) => cb(null, { data: bytesOf(r.data), dtype: dtypeName(r.data), rowShape: r.rowShape }), (e) => fail(cb, e));
    },
  });
  const host = opts.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${opts.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p)));
  });
  return {
    address: `${host}:${port}`,
    // Calls in flight get a second to finish; a handler that never answers must not hold the shutdown.
    close: () => new Promise<void>((resolve) => {
      const force = setTimeout(() => { server.forceShutdown(); resolve(); }, 1000);
      server.tryShutdown(() => { clearTimeout(force); resolve(); });
    }),
  };
}

/** Another process's partition reached over gRPC, with a deadline on every call (DGL's RPC client). */
export class GrpcPartitionClient implements PartitionService {
  private readonly stub: PartitionStub;

  /** @param deadlineMs time each call may take before it fails with an error naming the part and address */
  constructor(readonly part: number, readonly address: string, readonly deadlineMs = PARTITION_CALL_DEADLINE_MS) {
    const Ctor = partitionPackage().Partition;
    this.stub = new Ctor(address, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': MAX_MESSAGE, 'grpc.max_send_message_length': MAX_MESSAGE,
    }) as unknown as PartitionStub;
  }

  private describe(method: string, e: grpc.ServiceError): Error {
    const who = `partition service of part ${this.part} at ${this.address}`;
    if (e.code === grpc.status.DEADLINE_EXCEEDED) return new Error(`${who} did not answer ${method} within the ${this.deadlineMs} ms deadline (deadline exceeded)`);
    return new Error(`${who}: ${method} failed: ${e.details || e.message}`);
  }

  sampleNeighbors(seeds: Int32Array, fanout: number, rngSeed: number, streams?: Int32Array): Promise<SampledNeighbors> {
    return new Promise((resolve, reject) => {
      const req = { seeds: bytesOf(seeds), fanout, rngSeed, streams: streams === undefined ? Buffer.alloc(0) : bytesOf(streams) };
      this.stub.SampleNeighbors(req, { deadline: Date.now() + this.deadlineMs }, (e, r) => {
        if (e || !r) return reject(this.describe('SampleNeighbors', e!));
        try {
          const offsets = arrayOf(r.offsets, 'int32', 'SampleNeighbors offsets'), src = arrayOf(r.src, 'int32', 'SampleNeighbors src');
          const eids = arrayOf(r.eids, 'int32', 'SampleNeighbors eids');
          if (offsets.length !== seeds.length + 1 || offsets[seeds.length] !== src.length) throw new RangeError(`${offsets.length - 1} offsets for ${seeds.length} seeds`);
          if (eids.length !== src.length) throw new RangeError(`${eids.length} edge ids for ${src.length} neighbours`);
          resolve({ src, offsets, eids });
        } catch (err) {
          reject(new Error(`partition service of part ${this.part} at ${this.address}: malformed SampleNeighbors answer: ${(err as Error).message}`));
        }
      });
    });
  }

  gatherRows(feature: string, ids: Int32Array): Promise<GatheredRows> {
    return new Promise((resolve, reject) => {
      this.stub.GatherRows({ feature, ids: bytesOf(ids) }, { deadline: Date.now() + this.deadlineMs }, (e, r) => {
        if (e || !r) return reject(this.describe('GatherRows', e!));
        if (!(r.dtype in DTYPES)) return reject(new Error(`partition service of part ${this.part} at ${this.address}: GatherRows answered unknown dtype '${r.dtype}'`));
        try {
          resolve({ data: arrayOf(r.data, r.dtype as keyof typeof DTYPES, 'GatherRows data'), rowShape: r.rowShape.map(Number) });
        } catch (err) {
          reject(new Error(`partition service of part ${this.part} at ${this.address}: malformed GatherRows answer: ${(err as Error).message}`));
        }
      });
    });
  }

  close(): Promise<void> {
    this.stub.close();
    return Promise.resolve();
  }
}
