/**
 * Arrays promised never to change again. A backend that keeps its own copy of its inputs (the wasm
 * backend keeps them inside the module's memory) may reuse the copy across calls for these, and
 * only these: JavaScript cannot see a write into a typed array, so the promise is the only safe
 * key. The graph marks the CSR/CSC arrays it builds itself; `freeze(tensor)` marks a tensor's data.
 */

const readOnly = new WeakSet<ArrayBufferView>();

/** Marks `arr` as never written again (returns it). Writing into it afterwards gives stale results on the wasm backend. */
export function markReadOnly<T extends ArrayBufferView>(arr: T): T {
  readOnly.add(arr);
  return arr;
}

/** True when `arr` was marked by markReadOnly. */
export function isReadOnly(arr: ArrayBufferView): boolean {
  return readOnly.has(arr);
}
