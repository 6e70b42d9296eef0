/** The collectives both engines (Gloo in the addon, the TypeScript ring) provide to a ProcessGroup. */

/** Float arrays allReduce sums. */
export type FloatArray = Float32Array | Float64Array;

/** A typed array whose bytes broadcast / allGather move. */
export type AnyArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | BigInt64Array | BigUint64Array;

/** One connected group of processes; calls are issued one at a time (ProcessGroup queues them). */
export interface Collectives {
  /** 'gloo' or 'ring'. */
  readonly engine: string;
  /** Sums `data` across ranks, in place. */
  allReduce(data: FloatArray): Promise<void>;
  /** Overwrites `data` on every rank with rank `root`'s. */
  broadcast(data: AnyArray, root: number): Promise<void>;
  /** Resolves once every rank has called it. */
  barrier(): Promise<void>;
  /** `output` (worldSize x input.length, same type) receives every rank's `input` in rank order. */
  allGather(input: AnyArray, output: AnyArray): Promise<void>;
  /** Closes the connections once queued data is sent (peers blocked on this rank then see an error). */
  close(): void | Promise<void>;
}

/** A rank's connection failed or vanished; `rank` is the lost one when known. */
export class PeerError extends Error {
  constructor(message: string, readonly rank?: number) {
    super(message);
    this.name = 'PeerError';
  }
}

/** The bytes of a typed array (a view, not a copy). */
export function bytesOf(a: AnyArray): Uint8Array { return new Uint8Array(a.buffer, a.byteOffset, a.byteLength); }
