/**
 * Collectives through Gloo in the addon (native/distributed/gloo.cc): the same interface as the
 * TypeScript ring, each call on libuv's thread pool. Gloo meets its peers through its own
 * FileStore (a folder) or RedisStore (a Redis server, or the MASTER_ADDR store that speaks Redis's
 * protocol), under the job's prefix.
 */
import { tryLoadAddon } from '../kernels/native/binding.js';
import type { AnyArray, Collectives, FloatArray } from './collectives.js';

type Handle = object;

/** The addon's Gloo functions (present when it was built against libgloo). */
interface GlooAddon {
  glooAvailable: boolean;
  glooConnect(o: { rank: number; size: number; fileDir?: string; redisHost?: string; redisPort?: number; prefix: string; hostname: string; timeoutMs: number; opTimeoutMs: number }): Promise<Handle>;
  glooAllReduce(h: Handle, data: FloatArray, tag: number): Promise<void>;
  glooBroadcast(h: Handle, data: AnyArray, root: number, tag: number): Promise<void>;
  glooBarrier(h: Handle, tag: number): Promise<void>;
  glooAllGather(h: Handle, input: AnyArray, output: AnyArray, tag: number): Promise<void>;
  glooClose(h: Handle): void;
}

function glooAddon(): GlooAddon | null {
  const addon = tryLoadAddon() as unknown as Partial<GlooAddon> | null;
  return addon?.glooAvailable === true ? (addon as GlooAddon) : null;
}

/** True when the native addon loaded and was built with Gloo. */
export function glooAvailable(): boolean { return glooAddon() !== null; }

/** Where Gloo's own store is. */
export type GlooStoreSpec = { fileDir: string } | { redisHost: string; redisPort: number };

/**
 * Options of GlooCollectives.connect: `timeoutMs` bounds the rendezvous, `opTimeoutMs` (default
 * timeoutMs) each collective.
 */
export interface GlooOptions { rank: number; worldSize: number; host: string; prefix: string; timeoutMs: number; opTimeoutMs?: number; store: GlooStoreSpec }

/** Gloo's collectives over its TCP transport. */
export class GlooCollectives implements Collectives {
  readonly engine = 'gloo';
  private tag = 0;

  private constructor(private readonly addon: GlooAddon, private readonly handle: Handle, private readonly worldSize: number) {}

  /** Connects the full mesh (every rank to every other); throws when the addon has no Gloo. */
  static async connect(o: GlooOptions): Promise<GlooCollectives> {
    const addon = glooAddon();
    if (addon === null) throw new Error('Gloo is not available: the native addon did not load or was built without libgloo (install libgloo-dev and rebuild with `node scripts/install-native.mjs`), use the ring engine instead');
    const handle = await addon.glooConnect({ rank: o.rank, size: o.worldSize, ...o.store, prefix: o.prefix, hostname: o.host, timeoutMs: o.timeoutMs, opTimeoutMs: o.opTimeoutMs ?? o.timeoutMs });
    return new GlooCollectives(addon, handle, o.worldSize);
  }

  private nextTag(): number {
    this.tag = (this.tag + 1) % 0x40000000;
    return this.tag;
  }

  allReduce(data: FloatArray): Promise<void> {
    if (!(data instanceof Float32Array || data instanceof Float64Array)) throw new TypeError('allReduce: data must be a Float32Array or a Float64Array');
    return this.addon.glooAllReduce(this.handle, data, this.nextTag());
  }

  broadcast(data: AnyArray, root: number): Promise<void> {
    if (!(Number.isInteger(root) && root >= 0 && root < this.worldSize)) throw new RangeError(`broadcast: root ${root} is outside a group of size ${this.worldSize}`);
    return this.addon.glooBroadcast(this.handle, data, root, this.nextTag());
  }

  barrier(): Promise<void> { return this.addon.glooBarrier(this.handle, this.nextTag()); }

  allGather(input: AnyArray, output: AnyArray): Promise<void> {
    if (output.byteLength !== input.byteLength * this.worldSize || output.constructor !== input.constructor) {
      throw new RangeError(`allGather: output must be a ${input.constructor.name} of ${input.length * this.worldSize} elements (group size x input), got ${output.constructor.name} of ${output.length}`);
    }
    return this.addon.glooAllGather(this.handle, input, output, this.nextTag());
  }

  close(): void { this.addon.glooClose(this.handle); }
}
