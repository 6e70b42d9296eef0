/**
 * Finds what a compiled module imports, and which browser-safe modules reach Node.js. Works on
 * the JavaScript tsc emits (type-only imports are gone there, as in any bundle) and parses it with
 * the TypeScript compiler, so a `node:fs` inside a comment or a string is not an import.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportSite {
  /** The module specifier, or a description when it is not a string literal. */
  specifier: string;
  kind: 'import' | 'export' | 'dynamic import' | 'require' | 'getBuiltinModule';
  line: number;
}

/** Every import-like site of a JavaScript module: static and dynamic imports, re-exports, require, getBuiltinModule. */
export function importsOf(fileName: string, text: string): ImportSite[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const out: ImportSite[] = [];
  const lineOf = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const literal = (n: ts.Node | undefined): string =>
    n !== undefined && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text
      : `<computed: ${n === undefined ? 'no argument' : n.getText(sf)}>`;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) out.push({ specifier: literal(node.moduleSpecifier), kind: 'import', line: lineOf(node) });
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      out.push({ specifier: literal(node.moduleSpecifier), kind: 'export', line: lineOf(node) });
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const arg = node.arguments[0];
      if (callee.kind === ts.SyntaxKind.ImportKeyword) out.push({ specifier: literal(arg), kind: 'dynamic import', line: lineOf(node) });
      else if (ts.isIdentifier(callee) && callee.text === 'require') out.push({ specifier: literal(arg), kind: 'require', line: lineOf(node) });
      else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'getBuiltinModule') {
        out.push({ specifier: literal(arg), kind: 'getBuiltinModule', line: lineOf(node) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const NODE_BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]));
/** npm packages whose only purpose is loading native addons. */
const ADDON_PACKAGES = new Set(['bindings', 'node-gyp-build', 'node-addon-api', 'node-gyp']);

/** Why a specifier is Node-only, or null when a browser bundle can take it. */
export function nodeOnlyReason(specifier: string): string | null {
  if (specifier.startsWith('<computed')) return 'an import whose module is computed at run time (a bundler cannot follow it)';
  if (specifier.startsWith('node:')) return 'a Node.js built-in module';
  if (specifier.endsWith('.node')) return 'a native addon file';
  if (specifier.startsWith('.') || specifier.startsWith('/')) return null;
  const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (NODE_BUILTINS.has(pkg)) return 'a Node.js built-in module';
  if (ADDON_PACKAGES.has(pkg)) return 'a native-addon loader package';
  return null;
}

export interface Violation {
  /** The browser-safe module that (maybe indirectly) reaches Node.js, relative to the root. */
  file: string;
  /** Import chain from `file` to the module with the bad import (both included). */
  chain: string[];
  /** The bad import (its line as reported by ScanOptions.lineOf). */
  site: ImportSite;
  reason: string;
}

export interface ScanOptions {
  /** Directory the reported paths are relative to (the repository root). */
  root: string;
  /** Remaps applied by bundlers (package.json `browser` field), absolute path to absolute path. */
  remap?: ReadonlyMap<string, string>;
  /** Files allowed to call getBuiltinModule (the addon loader reaches Node only at run time, only in Node). */
  builtinCallAllowed?: ReadonlySet<string>;
  /** Maps a scanned file to the name shown in messages (e.g. dist/src/a.js -> src/a.ts). */
  displayName?: (absPath: string) => string;
  /** The line to report for a site (e.g. its line in the TypeScript source); default: its line in the scanned file. */
  lineOf?: (absPath: string, site: ImportSite) => number;
}

/**
 * For each start file, the first Node-only import reachable through relative imports, with the
 * chain that reaches it. A relative import of a file that does not exist is a violation too
 * (a stale or missing build would otherwise hide imports).
 */
export function findNodeImports(starts: readonly string[], opts: ScanOptions): Violation[] {
  const show = opts.displayName ?? ((p: string) => relative(opts.root, p).split(sep).join('/'));
  const lineOf = opts.lineOf ?? ((_: string, site: ImportSite) => site.line);
  const sites = new Map<string, ImportSite[]>();
  const sitesOf = (file: string): ImportSite[] => {
    let s = sites.get(file);
    if (s === undefined) { s = importsOf(file, readFileSync(file, 'utf8')); sites.set(file, s); }
    return s;
  };
  // Memo: the first problem reachable from a file (null = clean). Cycles are cut by marking a file clean while it is being visited.
  const memo = new Map<string, { chain: string[]; site: ImportSite; reason: string } | null>();
  const visit = (file: string): { chain: string[]; site: ImportSite; reason: string } | null => {
    if (memo.has(file)) return memo.get(file)!;
    memo.set(file, null);
    let found: { chain: string[]; site: ImportSite; reason: string } | null = null;
    for (const site of sitesOf(file)) {
      if (site.kind === 'getBuiltinModule') {
        if (opts.builtinCallAllowed?.has(file)) continue;
        found = { chain: [show(file)], site: { ...site, line: lineOf(file, site) }, reason: 'process.getBuiltinModule outside the addon loader' };
        break;
      }
      const reason = nodeOnlyReason(site.specifier);
      if (reason !== null) { found = { chain: [show(file)], site: { ...site, line: lineOf(file, site) }, reason }; break; }
      if (!site.specifier.startsWith('.')) continue; // a browser-capable package: the bundle test covers it
      let target = resolve(dirname(file), site.specifier);
      target = opts.remap?.get(target) ?? target;
      if (!existsSync(target)) {
        found = { chain: [show(file)], site: { ...site, line: lineOf(file, site) }, reason: `a module that does not exist (${show(target)}; is the build stale?)` };
        break;
      }
      const inner = visit(target);
      if (inner !== null) { found = { ...inner, chain: [show(file), ...inner.chain] }; break; }
    }
    memo.set(file, found);
    return found;
  };
  const out: Violation[] = [];
  for (const start of starts) {
    const v = visit(start);
    if (v !== null) out.push({ file: show(start), ...v });
  }
  return out;
}

/** One line per violation: the file, the offending import and how it is reached. */
export function describe(v: Violation): string {
  const last = v.chain[v.chain.length - 1];
  const via = v.chain.length > 1 ? ` (reached through ${v.chain.join(' -> ')})` : '';
  return `${v.file}: ${last}:${v.site.line} ${v.site.kind} '${v.site.specifier}' is ${v.reason}${via}`;
}

/** All files under dir (recursively) whose name ends with ext, as absolute paths, sorted. */
export function listFiles(dir: string, ext: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith(ext)).map((name) => join(dir, name)).sort();
}
