/**
 * How the registry learns about the wasm backend (free of registry imports, as native/register.ts):
 * below the native addon, above the TypeScript backend.
 */
import { loadWasmBackend } from './index.js';

export const WASM_PRIORITY = 50;
export const wasmRegistration = { name: 'wasm', load: loadWasmBackend, priority: WASM_PRIORITY } as const;
