/**
 * Finds, checks and instantiates the prebuilt WebAssembly kernels (native/wasm/deepgraph.wasm,
 * built from native/ by scripts/build-wasm.mjs). In Node.js the file is read and compiled
 * synchronously on first use, so the wasm backend can be picked like the native one; a browser
 * compiles asynchronously, so a page calls `await dg.ready()` (or `loadWasm(url)`) first.
 */

/** The `dg_interface_version()` this loader expects (DG_WASM_INTERFACE in native/wasm/wasm.h). */
export const WASM_INTERFACE_VERSION = 1;

/** The parts of WebAssembly.Memory the backend uses (declared here: no DOM types needed). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmInstance { readonly exports: object }
interface WasmApi {
  Module: (new (bytes: Uint8Array | ArrayBuffer) => object) & { imports(m: object): { module: string; name: string; kind: string }[] };
  Instance: new (module: object, imports: object) => WasmInstance;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  compile(bytes: Uint8Array | ArrayBuffer): Promise<object>;
  instantiate(module: object, imports: object): Promise<WasmInstance>;
}

function wasmApi(): WasmApi {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('this JavaScript engine has no WebAssembly');
  return api;
}

/** The module's exports this backend calls (pointers are byte offsets into `memory`). */
export interface WasmExports {
  memory: WasmMemory;
  __heap_base: { readonly value: number };
  /** Where the call arenas may start: above __heap_base, past the worker stacks of the threads build. */
  heapStart: number;
  dg_interface_version(): number;
  dg_spmm(f64: number, op: number, red: number, numDst: number, numEdges: number, indptr: number, indices: number,
    eids: number, lhs: number, rhs: number, out: number, argU: number, argE: number, F: number, L: number, R: number,
    lo: number, ro: number): void;
  dg_sddmm(f64: number, op: number, numEdges: number, lRow: number, rRow: number, lhs: number, rhs: number, out: number,
    F: number, L: number, R: number, P: number, D: number, lo: number, ro: number): void;
  dg_edge_softmax(f64: number, rows: number, indptr: number, eids: number, x: number, cols: number, out: number): void;
  dg_edge_softmax_backward(f64: number, rows: number, indptr: number, eids: number, y: number, gy: number, cols: number,
    gx: number): void;
  dg_segment_reduce(f64: number, red: number, x: number, offsets: number, S: number, rowLen: number, out: number,
    arg: number): void;
  dg_matmul(f64: number, a: number, b: number, out: number, batch: number, m: number, k: number, n: number, ta: number,
    tb: number, aStride: number, bStride: number, scratchA: number, scratchB: number): void;
  dg_matmul_skip_zeros(f64: number, a: number, b: number, out: number, m: number, k: number, n: number, ta: number): void;
  dg_unary(f64: number, op: number, x: number, out: number, n: number, p0: number, p1: number): void;
  dg_binary(f64: number, op: number, a: number, as: number, aj: number, b: number, bs: number, bj: number, out: number,
    rows: number, cols: number): void;
  dg_reduce(f64: number, red: number, x: number, outer: number, size: number, inner: number, out: number): void;
  dg_softmax(f64: number, x: number, rows: number, cols: number, out: number, log: number): void;
  dg_dropout(f64: number, mask: number, n: number, seed: number, threshold: number, keep: number, input: number): void;
  dg_gather_rows(src: number, rowBytes: number, idx: number, n: number, out: number): void;
  dg_scatter_add_rows(f64: number, src: number, rowLen: number, idx: number, n: number, out: number): void;
}

/**
 * Where the wasm bytes come from: the bytes themselves, or a URL (a `URL` object or a string; a
 * file path in Node.js) to read. (`{ href }` rather than `URL`: the declarations need no DOM types.)
 */
export type WasmSource = ArrayBuffer | Uint8Array | { readonly href: string } | string;

const isUrl = (s: WasmSource): s is { readonly href: string } | string =>
  typeof s === 'string' || (typeof s === 'object' && s !== null && 'href' in s);

let exportsCache: WasmExports | null = null;
let failure: Error | null = null;

/** The threads build's compiled module and shared memory, which worker instances share (./threads.ts). */
export interface WasmThreadShare {
  readonly module: object;
  readonly memory: WasmMemory;
  /** Worker i's stack is [stackBase + i * WORKER_STACK_BYTES, + WORKER_STACK_BYTES). */
  readonly stackBase: number;
}

/** Most worker instances a module can have (each gets a stack region below the arenas). */
export const MAX_WASM_WORKERS = 7;
/** One worker instance's stack (the kernels keep no large locals). */
export const WORKER_STACK_BYTES = 256 * 1024;
const PAGE = 65536;
let threadShare: WasmThreadShare | null = null;

/** The loaded module's shared memory and compiled code when it is the threads build, else null. */
export function wasmThreadShare(): WasmThreadShare | null {
  return exportsCache ? threadShare : null;
}

/** The imports of an instance; `memory` for the threads build, which imports its (shared) memory. */
export function wasmImports(memory?: WasmMemory): object {
  // JavaScript's own Math functions: the kernels that need exp / log then equal the TypeScript backend.
  return { env: { exp: Math.exp, log: Math.log, ...(memory ? { memory } : {}) } };
}

/** A module that imports its memory is the threads build: it gets a new shared memory. */
function sharedMemoryFor(api: WasmApi, module: object): WasmMemory | null {
  if (!api.Module.imports(module).some((i) => i.kind === 'memory')) return null;
  if (typeof SharedArrayBuffer === 'undefined') throw new Error('needs SharedArrayBuffer (a cross-origin-isolated page)');
  // 2 MB of data and main stack (the link's --initial-memory) plus the worker stacks.
  const initial = Math.ceil((2 * 2 ** 20 + MAX_WASM_WORKERS * WORKER_STACK_BYTES) / PAGE) + 1;
  return new api.Memory({ initial, maximum: 65536, shared: true });
}

function check(instance: WasmInstance, from: string, module: object, memory: WasmMemory | null): WasmExports {
  const raw = instance.exports as unknown as WasmExports;
  const version = typeof raw.dg_interface_version === 'function' ? raw.dg_interface_version() : undefined;
  if (version !== WASM_INTERFACE_VERSION) {
    throw new Error(`${from} is not deepgraph's wasm kernels of interface ${WASM_INTERFACE_VERSION} ` +
      `(it reports ${String(version)}); rebuild it with \`node scripts/build-wasm.mjs\``);
  }
  const heapBase = (Number(raw.__heap_base.value) + 15) & ~15;
  if (memory === null) {
    threadShare = null;
    return Object.assign(Object.create(null) as object, raw, { heapStart: heapBase });
  }
  threadShare = { module, memory, stackBase: heapBase };
  return Object.assign(Object.create(null) as object, raw, { memory, heapStart: heapBase + MAX_WASM_WORKERS * WORKER_STACK_BYTES });
}

function instantiateSync(api: WasmApi, bytes: Uint8Array | ArrayBuffer, from: string): WasmExports {
  const module = new api.Module(bytes);
  const memory = sharedMemoryFor(api, module);
  return check(new api.Instance(module, wasmImports(memory ?? undefined)), from, module, memory);
}

function fail(err: unknown, from: string): Error {
  const msg = err instanceof Error ? err.message : String(err);
  return new Error(msg.startsWith(from) ? msg : `${from} did not load: ${msg}`);
}

function nodeBuiltin<T>(id: string): T | null {
  const get = typeof process !== 'undefined' ? process.getBuiltinModule : undefined;
  return typeof get === 'function' ? (get(id) as T) : null;
}

/**
 * Whether wasm threads can run here: always in Node.js; in a browser only when the page (or worker)
 * is cross-origin isolated, the condition for SharedArrayBuffer.
 */
export function wasmThreadsAllowed(): boolean {
  if (typeof process !== 'undefined' && typeof process.versions?.node === 'string') return true;
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
}

let saidSingle = false;
/** A page that cannot have threads says so once (console.info), however often it loads or asks for threads. */
export function saySingleThreadedOnce(): void {
  if (saidSingle || wasmThreadsAllowed()) return;
  saidSingle = true;
  console.info('deepgraph: this page is not cross-origin isolated (no COOP/COEP headers), so SharedArrayBuffer is ' +
    'unavailable: the WebAssembly kernels run single-threaded');
}

/**
 * The default location (URL) of the .wasm file (DEEPGRAPH_WASM_PATH overrides it in Node.js): the
 * threads build (deepgraph-threads.wasm) where threads can run, else deepgraph.wasm.
 */
export function defaultWasmUrl(): string {
  // Compiled layout: <root>/dist/src/kernels/wasm/module.js; the files ship in <root>/native/wasm/.
  const file = wasmThreadsAllowed() ? 'deepgraph-threads.wasm' : 'deepgraph.wasm';
  return new URL(`../../../../native/wasm/${file}`, import.meta.url).href;
}

function nodePath(): string | null {
  const explicit = typeof process !== 'undefined' ? process.env?.DEEPGRAPH_WASM_PATH : undefined;
  if (explicit) return explicit;
  const url = nodeBuiltin<typeof import('node:url')>('node:url');
  return url ? url.fileURLToPath(defaultWasmUrl()) : null;
}

/**
 * The kernels when already loaded; in Node.js loads them synchronously now. Throws why they
 * cannot load (disabled, file missing or corrupt, wrong interface version, or a browser page that
 * has not awaited `ready()` yet).
 */
export function wasmExports(): WasmExports {
  if (exportsCache) return exportsCache;
  if (failure) throw failure;
  if (typeof process !== 'undefined' && process.env?.DEEPGRAPH_DISABLE_WASM === '1') {
    failure = new Error('disabled by DEEPGRAPH_DISABLE_WASM=1');
    throw failure;
  }
  const fs = nodeBuiltin<typeof import('node:fs')>('node:fs');
  const path = nodePath();
  if (!fs || !path) throw new Error('the WebAssembly kernels load asynchronously here: call `await dg.ready()` first');
  try {
    exportsCache = instantiateSync(wasmApi(), fs.readFileSync(path), path);
    return exportsCache;
  } catch (err) {
    failure = fail(err, path);
    throw failure;
  }
}

async function fetchBytes(source: { readonly href: string } | string): Promise<ArrayBuffer> {
  const url = typeof source === 'string' ? source : source.href;
  const fs = nodeBuiltin<typeof import('node:fs')>('node:fs');
  if (fs && (typeof source === 'string' && !/^[a-z]+:\/\//i.test(source) || url.startsWith('file:'))) {
    const nodeUrl = nodeBuiltin<typeof import('node:url')>('node:url');
    const file = url.startsWith('file:') && nodeUrl ? nodeUrl.fileURLToPath(url) : url;
    const buf = await fs.promises.readFile(file);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  return res.arrayBuffer();
}

/**
 * Loads the WebAssembly kernels asynchronously (from `source`, else the file shipped with the
 * package; from `threadsSource` instead where threads can run, see wasmThreadsAllowed). Resolves to
 * null when they loaded, or to the reason they did not: a page keeps working on the TypeScript
 * backend either way. A page that is not cross-origin isolated says once that it runs single-threaded.
 */
export async function loadWasm(source?: WasmSource, threadsSource?: WasmSource): Promise<string | null> {
  saySingleThreadedOnce();
  if (exportsCache) return null;
  if (threadsSource !== undefined && wasmThreadsAllowed()) source = threadsSource;
  const from = source === undefined ? (nodePath() ?? defaultWasmUrl())
    : isUrl(source) ? (typeof source === 'string' ? source : source.href) : 'the given wasm bytes';
  try {
    if (typeof process !== 'undefined' && process.env?.DEEPGRAPH_DISABLE_WASM === '1') {
      throw new Error('disabled by DEEPGRAPH_DISABLE_WASM=1');
    }
    const api = wasmApi();
    const bytes = source === undefined || isUrl(source) ? await fetchBytes(source ?? (nodePath() ?? defaultWasmUrl())) : source;
    const module = await api.compile(bytes);
    const memory = sharedMemoryFor(api, module);
    exportsCache = check(await api.instantiate(module, wasmImports(memory ?? undefined)), from, module, memory);
    failure = null;
    return null;
  } catch (err) {
    failure = fail(err, from);
    return failure.message;
  }
}

/** Test hook: forgets the loaded module and any failure, so that the next use loads again. */
export function resetWasmForTests(): void {
  exportsCache = null;
  failure = null;
}
