/**
 * How the registry learns about the wasm backend (free of registry imports, as native/register.ts):
 * below the native addon, above the TypeScript backend.
 */
import { loadWasmBackend } from './index.js';

/** Between the native addon (100) and the TypeScript backend (0). */
export const WASM_PRIORITY = 50;
/** The wasm backend's entry in the registry (src/kernels/registry.ts). */
export const wasmRegistration = { name: 'wasm', load: loadWasmBackend, priority: WASM_PRIORITY } as const;
