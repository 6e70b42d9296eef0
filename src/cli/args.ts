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

/** node:util parseArgs with strict checking; unknown options and stray arguments become UsageErrors. */
export function parseOptions(argv: string[], spec: OptionSpec): Record<string, string | boolean | undefined> {
  try {
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
