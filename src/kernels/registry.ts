import type { Backend, PartialBackend } from './backend.js';
import { BackendError } from '../errors.js';
import { jsBackend } from './js/index.js';
import { nativeRegistration } from './native/register.js';
import { wasmRegistration } from './wasm/register.js';
import { loadWasm, type WasmSource } from './wasm/module.js';
import { startWasmThreads } from './wasm/threads.js';

/**
 * Backends by priority. A provider returns a (possibly partial) backend or throws why it
 * cannot load; missing kernels fall back to the TypeScript backend one by one.
 */
interface Registration {
  name: string;
  priority: number;
  load: () => PartialBackend;
}

const registrations: Registration[] = [];
const resolved = new Map<string, Backend>();
const failures = new Map<string, string>();
let current: Backend | null = null;
let warned = false;
let chosenByName = false;

/** Registers a backend provider; the highest priority that loads becomes the default. */
export function registerBackend(name: string, load: () => PartialBackend, priority: number): void {
  const existing = registrations.findIndex((r) => r.name === name);
  if (existing >= 0) registrations.splice(existing, 1);
  registrations.push({ name, load, priority });
  registrations.sort((a, b) => b.priority - a.priority);
  resolved.delete(name);
  failures.delete(name);
  if (current?.name === name) current = null;
}

registerBackend('js', () => jsBackend, 0);
registerBackend(nativeRegistration.name, nativeRegistration.load, nativeRegistration.priority);
registerBackend(wasmRegistration.name, wasmRegistration.load, wasmRegistration.priority);

function env(name: string): string | undefined {
  return typeof process !== 'undefined' ? process.env?.[name] : undefined;
}

/** True in Node.js (not in a browser page or worker, where a native addon cannot exist). */
function inNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

function tryResolve(name: string): Backend | null {
  const cached = resolved.get(name);
  if (cached) return cached;
  if (failures.has(name)) return null;
  const reg = registrations.find((r) => r.name === name);
  if (!reg) return null;
  try {
    const partial = reg.load();
    // Per-kernel fallback: what the backend lacks comes from the TypeScript backend.
    const full = { ...jsBackend, ...partial, name } as Backend;
    resolved.set(name, full);
    return full;
  } catch (err) {
    failures.set(name, err instanceof Error ? err.message : String(err));
    return null;
  }
}

function pickDefault(): Backend {
  const fromEnv = env('DEEPGRAPH_BACKEND');
  if (fromEnv) return setBackend(fromEnv);
  for (const reg of registrations) {
    const b = tryResolve(reg.name);
    if (b) {
      // In a browser the native addon is absent by nature: saying so on every page load is noise
      // (so a page on wasm, where only native ranks above it, says nothing).
      const notable = [...failures].filter(([n]) => n !== 'native' || inNode());
      if (b.name !== 'native' && notable.length > 0) {
        const why = notable.map(([n, e]) => `${n}: ${e}`).join('; ');
        // CI sets DEEPGRAPH_REQUIRE_NATIVE=1 so that a missing addon fails loudly instead of running slowly.
        if (env('DEEPGRAPH_REQUIRE_NATIVE') === '1' && failures.has('native')) {
          throw new BackendError(`DEEPGRAPH_REQUIRE_NATIVE=1 but the native backend did not load (${why})`);
        }
        if (!warned) {
          warned = true;
          console.warn(`deepgraph: using the ${b.name === 'wasm' ? 'WebAssembly' : 'TypeScript'} backend (${why})`);
        }
      }
      return b;
    }
  }
  return jsBackend;
}

/** The active backend (resolved on first use). */
export function getBackend(): Backend {
  if (current === null) current = pickDefault();
  return current;
}

/** Selects a backend by name; throws a BackendError saying why when it cannot load. */
export function setBackend(name: string): Backend {
  const b = tryResolve(name);
  if (!b) {
    const known = registrations.map((r) => r.name).join(', ');
    const why = failures.get(name);
    throw new BackendError(why ? `backend '${name}' failed to load: ${why}`
      : `unknown backend '${name}' (registered: ${known})`);
  }
  current = b;
  chosenByName = true;
  return b;
}

/**
 * Loads the backends that load asynchronously (the WebAssembly kernels, which a browser cannot
 * compile synchronously) and resolves to the name of the backend in use afterwards. Unless a
 * backend was chosen by name, the default is picked again, so a page that awaits this runs on wasm.
 * Never rejects: a module that fails to load (or has the wrong version) leaves one warning and the
 * TypeScript backend. Node.js needs no call (the addon or the wasm module load synchronously).
 *
 * @param options.wasm where to read the .wasm file (URL, path, bytes or a compiled module);
 *   default: native/wasm/deepgraph.wasm of the package, next to the compiled code.
 * @param options.wasmThreads the threads build (deepgraph-threads.wasm), read instead of `wasm` where
 *   threads can run (Node.js, a cross-origin-isolated page); its worker threads are started and
 *   awaited here (dg.setNumThreads sets how many).
 */
export async function ready(options: { wasm?: WasmSource; wasmThreads?: WasmSource } = {}): Promise<string> {
  const why = await loadWasm(options.wasm, options.wasmThreads);
  if (why === null) await startWasmThreads();
  resolved.delete('wasm');
  failures.delete('wasm');
  if (why !== null) failures.set('wasm', why);
  if (!chosenByName) {
    // A default picked before the module loaded (and its warning) is picked again now.
    if (current !== null && current.name !== 'wasm') warned = false;
    current = null;
  }
  return getBackend().name;
}

/** Name of the active backend ('native', 'wasm' or 'js'). */
export function backendName(): string {
  return getBackend().name;
}

/** Names of registered backends that load on this machine. */
export function availableBackends(): string[] {
  return registrations.filter((r) => tryResolve(r.name) !== null).map((r) => r.name);
}

/** Why a backend failed to load, if it did. */
export function backendFailure(name: string): string | undefined {
  tryResolve(name);
  return failures.get(name);
}
