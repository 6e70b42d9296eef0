/**
 * How the registry learns about the native backend. Kept free of registry imports so that
 * registry.ts can import it without an import cycle.
 */
import { loadNativeBackend } from './index.js';

export const NATIVE_PRIORITY = 100;
export const nativeRegistration = { name: 'native', load: loadNativeBackend, priority: NATIVE_PRIORITY } as const;
