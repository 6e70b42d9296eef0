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
  Module: new (bytes: Uint8Array | ArrayBuffer) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
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

function imports(): object {
  // JavaScript's own Math functions: the kernels that need exp / log then equal the TypeScript backend.
  return { env: { exp: Math.exp, log: Math.log } };
}

function check(instance: WasmInstance, from: string): WasmExports {
  const ex = instance.exports as unknown as WasmExports;
  const version = typeof ex.dg_interface_version === 'function' ? ex.dg_interface_version() : undefined;
  if (version !== WASM_INTERFACE_VERSION) {
    throw new Error(`${from} is not deepgraph's wasm kernels of interface ${WASM_INTERFACE_VERSION} ` +
      `(it reports ${String(version)}); rebuild it with \`node scripts/build-wasm.mjs\``);
  }
  return ex;
}

function fail(err: unknown, from: string): Error {
  const msg = err instanceof Error ? err.message : String(err);
  return new Error(msg.startsWith(from) ? msg : `${from} did not load: ${msg}`);
}

function nodeBuiltin<T>(id: string): T | null {
  const get = typeof process !== 'undefined' ? process.getBuiltinModule : undefined;
  return typeof get === 'function' ? (get(id) as T) : null;
}

/** The default location (URL) of the .wasm file (DEEPGRAPH_WASM_PATH overrides it in Node.js). */
export function defaultWasmUrl(): string {
  // Compiled layout: <root>/dist/src/kernels/wasm/module.js; the file ships in <root>/native/wasm/.
  return new URL('../../../../native/wasm/deepgraph.wasm', import.meta.url).href;
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
    const bytes = fs.readFileSync(path);
    const api = wasmApi();
    exportsCache = check(new api.Instance(new api.Module(bytes), imports()), path);
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
 * package). Resolves to null when they loaded, or to the reason they did not: a page keeps working
 * on the TypeScript backend either way.
 */
export async function loadWasm(source?: WasmSource): Promise<string | null> {
  if (exportsCache) return null;
  const from = source === undefined ? (nodePath() ?? defaultWasmUrl())
    : isUrl(source) ? (typeof source === 'string' ? source : source.href) : 'the given wasm bytes';
  try {
    if (typeof process !== 'undefined' && process.env?.DEEPGRAPH_DISABLE_WASM === '1') {
      throw new Error('disabled by DEEPGRAPH_DISABLE_WASM=1');
    }
    const api = wasmApi();
    const bytes = source === undefined || isUrl(source) ? await fetchBytes(source ?? (nodePath() ?? defaultWasmUrl())) : source;
    exportsCache = check(await api.instantiate(await api.compile(bytes), imports()), from);
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
