/**
 * `deepgraph examples`: lists the example scripts shipped in the package (dist/examples, compiled
 * from examples/*.ts) and runs one by name. The examples import 'deepgraph' like a user's code
 * does (the package resolves its own name), so they run the same from a checkout or an install.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, nearestOption, withUsage } from './args.js';

export const EXAMPLES_HELP = `Usage: deepgraph examples [list]            list the examples with their usage
       deepgraph examples run NAME [ARGS...]   run one (ARGS go to the example)
       deepgraph examples path [NAME]         where the examples (or one) are installed

The sources are in the package's examples/ folder (TypeScript), compiled beside it in dist/examples/.
`;

/** dist/examples beside the compiled CLI (dist/src/cli). */
export function examplesDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
}

export interface ExampleInfo { name: string; file: string; summary: string; usage: string[] }

/** Every example: its name, file, the first sentence of its header comment and its usage lines. */
export function listExamples(dir = examplesDir()): ExampleInfo[] {
  if (!existsSync(dir)) throw new Error(`no examples folder at ${dir} (run npm run build in a checkout)`);
  return readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const header = /\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? '';
    const lines = header.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const prose = lines.filter((l) => !l.startsWith('  ')).join(' ').replace(/\s+/g, ' ').trim();
    const name = f.slice(0, -3);
    const usage = lines.filter((l) => l.includes(`dist/examples/${f}`))
      .map((l) => l.replace(/^.*?node dist\/examples\/[\w-]+\.js/, `npx deepgraph examples run ${name}`).trim());
    return { name, file: join(dir, f), summary: /^(.*?[.:])(\s+(?=[A-Z(])|$)/.exec(prose)?.[1] ?? prose, usage };
  });
}

function find(name: string | undefined): ExampleInfo {
  const all = listExamples();
  if (name === undefined) throw new UsageError('name the example to run; `deepgraph examples` lists them');
  const hit = all.find((e) => e.name === name || `${e.name}.js` === name || `${e.name}.ts` === name);
  if (hit !== undefined) return hit;
  const near = nearestOption(name, all.map((e) => e.name));
  throw new UsageError(`no example '${name}'${near ? `; did you mean '${near}'?` : ''} (examples: ${all.map((e) => e.name).join(', ')})`);
}

function runExample(e: ExampleInfo, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [e.file, ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export function examplesCommand(argv: string[]): Promise<number> {
  return withUsage('examples', async () => {
    const [sub, ...rest] = argv;
    if (sub === '-h' || sub === '--help' || sub === 'help') {
      process.stdout.write(EXAMPLES_HELP);
      return 0;
    }
    if (sub === 'run') return runExample(find(rest[0]), rest.slice(1));
    if (sub === 'path') {
      process.stdout.write(`${rest[0] === undefined ? examplesDir() : find(rest[0]).file}\n`);
      return 0;
    }
    if (sub !== undefined && sub !== 'list') {
      throw new UsageError(`unknown subcommand '${sub}' (list, run NAME, path)`);
    }
    const out = listExamples().map((e) => `${e.name}\n  ${e.summary}\n${e.usage.map((u) => `  ${u}\n`).join('')}`);
    process.stdout.write(`${out.join('\n')}\nsources: ${join(examplesDir(), '..', '..', 'examples')}\n`);
    return 0;
  });
}
