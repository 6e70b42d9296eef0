/**
 * The typed surface of the C++ addon (native/) and its loader. The addon reads and writes the
 * typed arrays in place and validates every length and index before touching memory, throwing
 * RangeError / TypeError naming the argument.
 *
 * Node-only: the loader reaches `node:module` and `node:fs` through process.getBuiltinModule,
 * so importing this file in a browser bundle is harmless (loading just fails).
 */
import type { Backend } from '../backend.js';

export interface NativeBuildInfo {
  /** Matmul calls CBLAS (OpenBLAS) rather than the addon's own kernel. */
  cblas: boolean;
  openmp: boolean;
  /** The instruction set of the float32 message-passing kernels in use: 'avx512', 'avx2' or 'base'. */
  simd: string;
  /** Levels this CPU and build support, best first. */
  simdLevels: string[];
}

/** The Backend kernels the addon implements (the registry takes the rest from the TypeScript backend). */
export const NATIVE_KERNELS = [
  'gspmm', 'gsddmm', 'edgeSoftmax', 'edgeSoftmaxBackward', 'segmentReduce', 'gatherRows', 'scatterAddRows',
  'matmul', 'unary', 'binary', 'reduce', 'softmax', 'dropoutMask', 'adamStep', 'reluBackward',
  'sampleNeighbors', 'selectTopk', 'randomWalk', 'node2vecWalk', 'globalUniformNegative',
] as const satisfies readonly (keyof Backend)[];

type NativeKernels = Pick<Backend, (typeof NATIVE_KERNELS)[number]>;

export interface NativeAddon extends NativeKernels {
  /** Threads for every parallel kernel (and OpenBLAS); default = the number of cores. Process-wide: worker threads share it. */
  setNumThreads(n: number): void;
  /** The calling thread's count: its own (setThreadNumThreads) when set, else the process-wide one. */
  getNumThreads(): number;
  /** Threads for the calling thread's kernels only (a DataLoader worker's), over setNumThreads; 0 clears it. */
  setThreadNumThreads(n: number): void;
  /** Selects the float32 kernels' instruction set ('auto' or a level from buildInfo().simdLevels); returns it. Process-wide, like setNumThreads. */
  setSimd(level: string): string;
  buildInfo(): NativeBuildInfo;
  /**
   * Test hook: how matmul treats a mostly-zero left operand: 'auto' (skip zeros when the sampled
   * density is low enough), 'never' (always dense), 'always' (skip zeros whenever that is exact).
   */
  setSparseMatmul(mode: 'auto' | 'never' | 'always'): void;
  /** Test hook: replaces each x[i] by the addon's port of V8's Math.log (the sampling kernels use it). */
  fdlibmLog(x: Float64Array): void;
}

const ADDON_FILE = 'deepgraph.node';
/** The addon's `deepgraphAddonInterface` export this loader expects (native/addon.cc). */
export const ADDON_INTERFACE_VERSION = 2;
let addon: NativeAddon | null = null;
let failure: Error | null = null;

/**
 * The part of node:path the loader uses, declared here so that the published declarations need
 * no Node.js types (a browser project compiles against them with `"types": []`).
 */
export interface PathFunctions {
  resolve(...paths: string[]): string;
  join(...paths: string[]): string;
  dirname(path: string): string;
  basename(path: string): string;
  readonly sep: string;
}

/**
 * Candidate addon paths, most specific first: an explicit path (DEEPGRAPH_NATIVE_PATH), else a
 * prebuild for this platform, then a local build.
 */
export function addonCandidates(pathMod: PathFunctions, fromDir: string): string[] {
  const explicit = typeof process !== 'undefined' ? process.env?.DEEPGRAPH_NATIVE_PATH : undefined;
  // An explicit path is the only candidate: silently loading another build would hide a mistake.
  if (explicit) return [pathMod.resolve(explicit)];
  // Compiled layout: <root>/dist/src/kernels/native/binding.js; source layout: <root>/src/kernels/native.
  const roots = [pathMod.resolve(fromDir, '../../../..'), pathMod.resolve(fromDir, '../../..')];
  const prebuilds: string[] = [], builds: string[] = [];
  for (const root of roots) {
    prebuilds.push(pathMod.join(root, 'prebuilds', `${process.platform}-${process.arch}`, ADDON_FILE));
    builds.push(pathMod.join(root, 'build', 'Release', ADDON_FILE));
  }
  return [...prebuilds, ...builds];
}

function builtin<T>(id: string): T {
  const get = typeof process !== 'undefined' ? process.getBuiltinModule : undefined;
  if (typeof get !== 'function') throw new Error('the native backend needs Node.js >= 20.16');
  return get(id) as T;
}

let source: string | undefined;

/** Which addon file loaded and why that one (for `deepgraph info`); undefined until one has loaded. */
export function nativeAddonSource(): string | undefined {
  return source;
}

function describeCandidate(pathMod: PathFunctions, file: string): string {
  const explicit = typeof process !== 'undefined' ? process.env?.DEEPGRAPH_NATIVE_PATH : undefined;
  if (explicit) return `${file} (DEEPGRAPH_NATIVE_PATH)`;
  const dir = pathMod.basename(pathMod.dirname(file));
  return dir === 'Release' ? `local build ${file}` : `prebuilt binary ${file}`;
}

/**
 * Loads the addon once; throws a descriptive Error when it is disabled, missing or broken
 * (the registry turns that into a single warning and the TypeScript backend). Candidates are
 * tried in order (prebuilt binary, then local build): a prebuilt binary that does not load on
 * this system (an older glibc, say) gives way to a local build, with one warning saying why.
 */
export function loadAddon(): NativeAddon {
  if (addon) return addon;
  if (failure) throw failure;
  try {
    if (typeof process !== 'undefined' && process.env?.DEEPGRAPH_DISABLE_NATIVE === '1') {
      throw new Error('disabled by DEEPGRAPH_DISABLE_NATIVE=1');
    }
    const { createRequire } = builtin<typeof import('node:module')>('node:module');
    const { existsSync } = builtin<typeof import('node:fs')>('node:fs');
    const pathMod = builtin<typeof import('node:path')>('node:path');
    const { fileURLToPath } = builtin<typeof import('node:url')>('node:url');
    const here = pathMod.dirname(fileURLToPath(import.meta.url));
    const candidates = addonCandidates(pathMod, here);
    const present = candidates.filter((p) => existsSync(p));
    if (present.length === 0) {
      throw new Error(`native addon not found (looked for ${candidates.join(', ')}; build it with ` +
        '`node scripts/install-native.mjs`, which needs a C++ toolchain)');
    }
    const req = createRequire(import.meta.url);
    passiveOpenMpByDefault();
    const errors: string[] = [];
    for (const file of present) {
      // require() would run a .js/.json file (or any extension it knows) as code: only a .node
      // file is loaded, and only when it answers the interface handshake.
      if (pathMod.extname(file) !== '.node') {
        errors.push(`${file} is not a native addon (.node file); refusing to load it`);
        continue;
      }
      let loaded: Partial<NativeAddon> & { deepgraphAddonInterface?: unknown };
      try {
        loaded = req(file) as Partial<NativeAddon> & { deepgraphAddonInterface?: unknown };
      } catch (err) {
        errors.push(`${describeCandidate(pathMod, file)} did not load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        continue;
      }
      if (loaded?.deepgraphAddonInterface !== ADDON_INTERFACE_VERSION) {
        errors.push(`${file} is not a deepgraph addon of interface ${ADDON_INTERFACE_VERSION} ` +
          `(it exports deepgraphAddonInterface = ${String(loaded?.deepgraphAddonInterface)}); rebuild it with ` +
          '`node scripts/install-native.mjs`');
        continue;
      }
      addon = loaded as NativeAddon;
      const why = errors.length > 0 ? `, because the ${errors.join('; the ')}`
        : file.includes(`${pathMod.sep}Release${pathMod.sep}`) && !process.env.DEEPGRAPH_NATIVE_PATH
          ? ` (no prebuilt binary for ${process.platform}-${process.arch} in this installation)` : '';
      source = describeCandidate(pathMod, file) + why;
      if (errors.length > 0) console.warn(`deepgraph: native backend from the ${source}`);
      return addon;
    }
    throw new Error(errors.join('; '));
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    throw failure;
  }
}

/**
 * OpenMP threads that finish a parallel region spin for a while before sleeping (libgomp: 300,000
 * pause loops, several milliseconds on current CPUs). Between the many short kernels of a GNN
 * epoch that keeps a core busy for nothing, and on a machine with more runnable threads than
 * cores the spinning worker takes the core the main thread needs: GraphConv(16, 16) forward +
 * backward on Cora took 18 ms instead of 1 ms. So unless the user chose a policy, idle threads
 * sleep at once (OMP_WAIT_POLICY=passive). libgomp reads the variable when it is loaded, i.e.
 * when the addon is, so it is set just before (process.env writes reach the C environment).
 */
function passiveOpenMpByDefault(): void {
  const e = process.env;
  if (e.OMP_WAIT_POLICY === undefined && e.GOMP_SPINCOUNT === undefined) e.OMP_WAIT_POLICY = 'passive';
}

/** The addon when it loads, else null (never throws). */
export function tryLoadAddon(): NativeAddon | null {
  try {
    return loadAddon();
  } catch {
    return null;
  }
}
