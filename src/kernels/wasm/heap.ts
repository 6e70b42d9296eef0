/**
 * The wasm module's memory as a per-call arena: a kernel call reserves room for its arrays (all
 * reservations first, because growing the memory detaches earlier views), copies its inputs in,
 * runs, and copies its outputs back; the next call starts again from the bottom.
 */
import type { WasmExports } from './module.js';

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;

const PAGE = 65536;

/** One call's arena over the module's memory. */
export class Heap {
  private top: number;

  constructor(private readonly ex: WasmExports, private readonly kernel: string) {
    this.top = (Number(ex.__heap_base.value) + 15) & ~15;
  }

  /** Reserves `bytes` (16-byte aligned), growing the memory when needed; never returns 0 (= null). */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = ptr + ((bytes + 15) & ~15);
    const mem = this.ex.memory;
    if (end > mem.buffer.byteLength) {
      try {
        mem.grow(Math.ceil((end - mem.buffer.byteLength) / PAGE));
      } catch {
        throw new RangeError(`${this.kernel}: needs ${end} bytes of WebAssembly memory, more than it can grow to`);
      }
    }
    this.top = end;
    return ptr;
  }

  /** alloc() for an array's bytes (0 for null). */
  allocFor(arr: Typed | null): number {
    return arr === null ? 0 : this.alloc(arr.byteLength);
  }

  /** Copies `arr` to `ptr` (after every alloc of the call). */
  write(ptr: number, arr: Typed | null): void {
    if (arr === null || arr.byteLength === 0) return;
    new Uint8Array(this.ex.memory.buffer, ptr, arr.byteLength).set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
  }

  /** Copies the bytes at `ptr` back into `dest`. */
  read(ptr: number, dest: Typed | null): void {
    if (dest === null || dest.byteLength === 0) return;
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
