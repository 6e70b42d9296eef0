/**
 * `deepgraph bench <workload> [options]`: the benchmarks of bench/ (the same code `npm run bench`
 * runs). They live outside src/ so the library does not ship them; loaded on demand.
 */
export async function benchCommand(argv: readonly string[]): Promise<number> {
  let mod: { runBench(argv: readonly string[]): Promise<number> };
  try {
    mod = await import('../../bench/run.js');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String((err as Error).message).includes('bench/run.js')) throw err;
    throw new Error('the benchmarks are not part of this installation (they run from a source checkout: npm run build, then deepgraph bench)');
  }
  return mod.runBench(argv);
}
