import { parseArgs } from 'node:util';

/** A command-line mistake: main prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * `--name -1,5` as `--name=-1,5` for string options: node:util parseArgs takes a value that
 * starts with a dash for an option and refuses it, but a negative number is never an option.
 */
function joinNegativeValues(argv: string[], spec: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], next = argv[i + 1];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    if (name !== undefined && spec[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** Levenshtein distance (insertions, deletions, substitutions), for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The known option closest to `name` when it is close enough to be a typo (or a prefix of it). */
export function nearestOption(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined, bestDist = Infinity;
  for (const k of known) {
    const d = k.startsWith(name) && name.length >= 3 ? 1 : editDistance(name, k);
    if (d < bestDist) [best, bestDist] = [k, d];
  }
  return bestDist <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Unknown options are reported here rather than by parseArgs, whose message ("Unknown option
 * '--epoch'. To specify a positional argument starting with a '-', place it at the end of the
 * command after '--', as in '-- \"--epoch\"") points the wrong way for a typo.
 */
export function checkUnknownOptions(argv: readonly string[], spec: OptionSpec): void {
  const shorts = new Set(Object.values(spec).map((o) => o.short).filter((s) => s !== undefined));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], prev = argv[i - 1];
    if (a === '--') return;
    // The value of a string option (`--data-dir -odd-name`) is not an option.
    if (prev?.startsWith('--') && !prev.includes('=') && spec[prev.slice(2)]?.type === 'string') continue;
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0];
      if (name in spec) continue;
      const near = nearestOption(name, Object.keys(spec));
      throw new UsageError(`unknown option '--${name}'${near ? `; did you mean '--${near}'?` : ''}`);
    }
    if (/^-[A-Za-z]/.test(a) && ![...a.slice(1)].every((c) => shorts.has(c))) {
      throw new UsageError(`unknown option '${a}'`);
    }
  }
}

/** node:util parseArgs with strict checking; unknown options and stray arguments become UsageErrors. */
export function parseOptions(argv: string[], spec: OptionSpec): Record<string, string | boolean | undefined> {
  try {
    checkUnknownOptions(argv, spec);
    const args = joinNegativeValues(argv, spec);
    const { values, positionals } = parseArgs({ args, options: spec, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    return values as Record<string, string | boolean | undefined>;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
}

/** Parses --name's value as a number; `integer` and `min` (inclusive) are checked. */
export function numberOption(values: Record<string, unknown>, name: string, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  const v = Number(s);
  if (s === '' || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got '${String(raw)}'`);
  if (opts.integer && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got '${String(raw)}'`);
  if (opts.min !== undefined && v < opts.min) throw new UsageError(`--${name} must be at least ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) throw new UsageError(`--${name} must be at most ${opts.max}, got ${v}`);
  return v;
}

/** Parses --name's value as one of `choices` (case-insensitive); the error lists the choices. */
export function choiceOption<T extends string>(values: Record<string, unknown>, name: string, choices: readonly T[]): T | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const s = String(raw).toLowerCase();
  const hit = choices.find((c) => c === s);
  if (hit === undefined) throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got '${String(raw)}'`);
  return hit;
}

/** Runs a command body; a UsageError becomes a one-line message on stderr and exit code 2. */
export async function withUsage(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`deepgraph ${command}: ${e.message} (see deepgraph ${command} --help)\n`);
    return 2;
  }
}
