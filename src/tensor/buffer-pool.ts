/**
 * Reuse of the buffers backward allocates for gradients. A training step allocates the same sizes
 * every time, and fresh typed arrays cost twice: the allocation (an off-heap backing store, zeroed)
 * and the garbage collections their volume triggers. During a backward pass every buffer
 * `allocateUninit` hands out is recorded as owned by the tape; the tape gives a gradient's buffer
 * back once the gradient is consumed and no other gradient it still holds shares that buffer
 * (runBackward in ./tape.ts). A buffer handed to user-visible state (a leaf's .grad, a retained
 * gradient) is disowned first, and whatever is still owned when the pass ends is simply forgotten.
 * So a pooled buffer is never referenced by a live tensor: only gradients the tape consumed go back.
 *
 * Invariant this relies on: a backward closure keeps no reference to its incoming gradient or to
 * the gradients it returns (all closures are library code; `record` is not public).
 */

/** Free buffers by byte length (training steps repeat exact sizes, so no rounding to buckets). */
const free = new Map<number, ArrayBuffer[]>();
let freeBytes = 0;
/** The pool keeps at most this much memory idle; beyond it released buffers are left to the GC. */
const MAX_FREE_BYTES = 128 * 1024 * 1024;
/** Buffers handed out during the running backward pass that the tape still owns; null outside one. */
let owned: Set<ArrayBufferLike> | null = null;

/** A free buffer of exactly `bytes` bytes, or undefined. */
export function takeBuffer(bytes: number): ArrayBuffer | undefined {
  const list = free.get(bytes);
  if (list === undefined || list.length === 0) return undefined;
  freeBytes -= bytes;
  return list.pop();
}

/** Records a buffer just handed out: during backward it belongs to the tape until released or disowned. */
export function noteAllocated(buffer: ArrayBufferLike): void {
  if (owned !== null) owned.add(buffer);
}

/** Starts tape ownership for one backward pass; returns the previous state for endTapeOwnership. */
export function beginTapeOwnership(): Set<ArrayBufferLike> | null {
  const prev = owned;
  owned = new Set();
  return prev;
}

/** Ends a backward pass: buffers still owned stay with the tensors that hold them. */
export function endTapeOwnership(prev: Set<ArrayBufferLike> | null): void {
  owned = prev;
}

/** The tape gives up a buffer it handed out (it now backs user-visible state). */
export function disown(data: ArrayBufferView): void {
  if (owned !== null) owned.delete(data.buffer);
}

/** Whether the running backward pass owns this array's buffer. */
export function isTapeOwned(data: ArrayBufferView): boolean {
  return owned !== null && owned.has(data.buffer);
}

/** Returns a tape-owned buffer to the pool (a no-op for any other buffer). The caller guarantees nothing live shares it. */
export function releaseOwned(data: ArrayBufferView): void {
  const buffer = data.buffer;
  if (owned === null || !owned.delete(buffer) || !(buffer instanceof ArrayBuffer)) return;
  const bytes = buffer.byteLength;
  if (bytes === 0 || freeBytes + bytes > MAX_FREE_BYTES) return;
  let list = free.get(bytes);
  if (list === undefined) free.set(bytes, list = []);
  list.push(buffer);
  freeBytes += bytes;
}

/** Bytes idle in the pool (for tests and benchmarks). */
export function pooledBytes(): number {
  return freeBytes;
}

/** Drops every idle buffer (the memory goes back to the garbage collector). */
export function clearBufferPool(): void {
  free.clear();
  freeBytes = 0;
}
