/**
 * The wasm module's memory: a resident region at the bottom keeps copies of read-only inputs
 * (kernels/read-only.ts: graph CSR/CSC arrays, frozen feature tensors) across calls, and above it
 * each kernel call gets an arena: it reserves room for its arrays (all reservations first, because
 * growing the memory detaches earlier views), copies its inputs in, runs, and copies its outputs
 * back; the next call starts again from the top of the resident region.
 */
import { isReadOnly } from '../read-only.js';
import type { WasmExports } from './module.js';

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;

const PAGE = 65536;
/** The resident region's budget; past it the region is emptied and refilled by later calls. */
const RESIDENT_BYTES = 512 * 2 ** 20;

const align = (n: number): number => (n + 15) & ~15;

/** Copies of read-only arrays kept in one module's memory. */
interface Resident {
  readonly base: number;
  top: number;
  /** Bumped when the region is emptied: an entry of an older generation is gone. */
  generation: number;
  entries: WeakMap<Typed, { ptr: number; generation: number; checked?: Set<string> }>;
}

const residents = new WeakMap<WasmExports, Resident>();

function residentOf(ex: WasmExports): Resident {
  let r = residents.get(ex);
  if (r === undefined) {
    const base = align(ex.heapStart);
    r = { base, top: base, generation: 0, entries: new WeakMap() };
    residents.set(ex, r);
  }
  return r;
}

function grow(ex: WasmExports, end: number, kernel: string): void {
  const mem = ex.memory;
  if (end <= mem.buffer.byteLength) return;
  try {
    mem.grow(Math.ceil((end - mem.buffer.byteLength) / PAGE));
  } catch {
    throw new RangeError(`${kernel}: needs ${end} bytes of WebAssembly memory, more than it can grow to`);
  }
}

/** The resident copy of `arr` in the current generation, or undefined. */
function residentPtr(r: Resident, arr: Typed): number | undefined {
  const e = r.entries.get(arr);
  return e !== undefined && e.generation === r.generation ? e.ptr : undefined;
}

/** Test hook: empties the resident region of `ex` (the next calls copy their read-only inputs again). */
export function clearResident(ex: WasmExports): void {
  const r = residentOf(ex);
  r.generation++;
  r.top = r.base;
}

/** One call's arena over the module's memory. */
export class Heap {
  private top: number;
  private readonly resident: Resident;

  /**
   * `inputs`: the call's input arrays; the read-only ones are made resident first (copied once,
   * then reused by later calls), so that they lie below this call's arena.
   */
  constructor(private readonly ex: WasmExports, private readonly kernel: string, inputs: readonly (Typed | null)[] = []) {
    const r = this.resident = residentOf(ex);
    const fresh = inputs.filter((a): a is Typed => a !== null && a.byteLength > 0 && isReadOnly(a) && residentPtr(r, a) === undefined);
    const unique = [...new Set(fresh)];
    const need = unique.reduce((s, a) => s + align(a.byteLength), 0);
    if (need > 0 && r.top + need > r.base + RESIDENT_BYTES) {
      // Empty the region rather than evict one by one; arrays still in use come back on their next call.
      if (need <= RESIDENT_BYTES) clearResident(ex);
    }
    if (need > 0 && r.top + need <= r.base + RESIDENT_BYTES) {
      grow(ex, r.top + need, kernel);
      for (const a of unique) {
        r.entries.set(a, { ptr: r.top, generation: r.generation });
        new Uint8Array(ex.memory.buffer, r.top, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
        r.top += align(a.byteLength);
      }
    }
    this.top = r.top;
  }

  /** Reserves `bytes` (16-byte aligned), growing the memory when needed; never returns 0 (= null). */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = ptr + align(bytes);
    grow(this.ex, end, this.kernel);
    this.top = end;
    return ptr;
  }

  /** alloc() for an array's bytes (0 for null); a resident array's copy instead, when it has one. */
  allocFor(arr: Typed | null): number {
    if (arr === null) return 0;
    return residentPtr(this.resident, arr) ?? this.alloc(arr.byteLength);
  }

  /**
   * Runs `check` (a validation of `arr`'s copy in the module) unless it already passed for the same
   * resident copy under the same `key` (a read-only array's copy is never written after it is made,
   * so a second pass over a million ids would find what the first found).
   */
  checkOnce(arr: Typed | null, key: string, check: () => void): void {
    const e = arr === null ? undefined : this.resident.entries.get(arr);
    const resident = e !== undefined && e.generation === this.resident.generation;
    if (resident && e.checked?.has(key)) return;
    check();
    if (resident) (e.checked ??= new Set()).add(key);
  }

  /** Copies `arr` to `ptr` (after every alloc of the call); nothing to do for a resident copy. */
  write(ptr: number, arr: Typed | null): void {
    if (arr === null || arr.byteLength === 0 || residentPtr(this.resident, arr) === ptr) return;
    new Uint8Array(this.ex.memory.buffer, ptr, arr.byteLength).set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
  }

  /** Copies the bytes at `ptr` back into `dest`. */
  read(ptr: number, dest: Typed | null): void {
    if (dest === null || dest.byteLength === 0) return;
    if (residentPtr(this.resident, dest) !== undefined) {
      // The kernel may have written over the copy: drop it, so later calls copy the array afresh.
      this.resident.entries.delete(dest);
      throw new Error(`${this.kernel}: writes into an array marked read-only (kernels/read-only.ts)`);
    }
    new Uint8Array(dest.buffer, dest.byteOffset, dest.byteLength).set(new Uint8Array(this.ex.memory.buffer, ptr, dest.byteLength));
  }

  /** The Int32Array at `ptr` inside the memory (valid until the next alloc). */
  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.ex.memory.buffer, ptr, n);
  }
}

/** 1 for float64 arrays, 0 for float32: the dtype flag every float kernel takes first. */
export function f64Flag(a: ArrayBufferView): number {
  return a instanceof Float64Array ? 1 : 0;
}
