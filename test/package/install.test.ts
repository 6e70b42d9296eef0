/**
 * The packed package installed into a fresh project, as a user meets it: no compile step at
 * install, the native backend from the prebuilt binary (also with --ignore-scripts), declarations
 * that compile without Node.js types, CommonJS require, and every shipped example running.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedData } from '../data/shared-data.js';
import { REPO, installProject, installedExamples, run } from './packed.js';

let project: { dir: string; log: string };

before(() => { project = installProject(); });

const nodeIn = (dir: string, args: string[], env: Record<string, string> = {}) => run(process.execPath, args, dir, env, 120_000);
const BACKEND = "import('deepgraph').then((dg) => { dg.randn([2, 2]).matmul(dg.randn([2, 2])); console.log(dg.backendName()); })";

test('npm install of the packed tarball compiles nothing and loads the prebuilt native addon', () => {
  assert.match(project.log, /using the prebuilt native addon .*nothing to compile/, project.log);
  assert.doesNotMatch(project.log, /gyp info|node-gyp rebuild|CXX\(target\)|g\+\+|cc1plus|make: /, 'the install log shows a compile step');
  const r = nodeIn(project.dir, ['-e', BACKEND], { DEEPGRAPH_REQUIRE_NATIVE: '1' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'native');
  const info = nodeIn(project.dir, [join('node_modules', 'deepgraph', 'bin', 'deepgraph.js'), 'info']);
  assert.match(info.stdout, /native addon: prebuilt binary .*node_modules\/deepgraph\/prebuilds\/linux-x64\/deepgraph\.node/, info.stdout);
});

test('npm install --ignore-scripts still gives the native backend', () => {
  const bare = installProject({ ignoreScripts: true });
  assert.doesNotMatch(bare.log, /prebuilt native addon|gyp info/);
  const r = nodeIn(bare.dir, ['-e', BACKEND], { DEEPGRAPH_REQUIRE_NATIVE: '1' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'native');
});

test('the declarations of both entries compile in a strict project with "types": [] and skipLibCheck false', () => {
  const source = [
    "import * as dg from 'deepgraph';",
    "import * as web from 'deepgraph/browser';",
    'const g: dg.Graph = dg.graph([[0, 1, 2], [1, 2, 0]], { numNodes: 3 });',
    "g.ndata.set('h', web.randn([3, 4]));",
    'const conv = new dg.nn.GraphConv(4, 2);',
    "export const out: web.Tensor = conv.forward(g, g.ndata.get('h'));",
    'export const cora: typeof dg.data.CoraGraphDataset = dg.data.CoraGraphDataset;',
    'export const gen = web.data.stochasticBlockModel;',
  ].join('\n');
  writeFileSync(join(project.dir, 'use.ts'), source);
  const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  // A Node-style project without @types/node, and a browser project resolving like a bundler.
  for (const [name, extra] of [['node', { module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'] }],
    ['browser', { module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'] }]] as const) {
    const config = { compilerOptions: { strict: true, types: [], skipLibCheck: false, noEmit: true, target: 'ES2022', ...extra }, files: ['use.ts'] };
    writeFileSync(join(project.dir, `tsconfig.${name}.json`), JSON.stringify(config));
    const r = nodeIn(project.dir, [tsc, '-p', `tsconfig.${name}.json`]);
    assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
  }
});

test("require('deepgraph') from CommonJS works, or says how to import it", () => {
  writeFileSync(join(project.dir, 'use.cjs'), "const dg = require('deepgraph'); console.log(typeof dg.graph, dg.VERSION);");
  const works = nodeIn(project.dir, ['use.cjs']);
  assert.equal(works.status, 0, works.stderr);
  assert.match(works.stdout, /^function \d+\.\d+\.\d+/);
  // A Node.js that cannot require() an ES module (older 20.x / 22.x; simulated by the flag).
  const old = nodeIn(project.dir, ['--no-experimental-require-module', 'use.cjs']);
  assert.notEqual(old.status, 0);
  assert.match(old.stderr, /deepgraph is an ES module .* Use `import \* as dg from 'deepgraph'`.*await import\('deepgraph'\)/);
  assert.doesNotMatch(old.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
});

/** Arguments that keep each example to a few seconds; a new example must be added here. */
function exampleArgs(name: string): string[] {
  const cora = sharedData('planetoid', 'raw');
  const table: Record<string, string[]> = {
    'gcn-cora': [cora, '--epochs', '3'],
    'gat-cora': [cora, '--epochs', '2'],
    'sage-cora': [cora, '--epochs', '3'],
    'gin-mutag': [sharedData('tu', 'MUTAG'), '--epochs', '1'],
    'link-prediction': ['--data-dir', sharedData(), '--epochs', '1', '--batch-size', '2048'],
    'rgcn-hetero': ['--data-dir', sharedData('rdf', 'aifb'), '--epochs', '2'],
    'rgcn-hetero-api': ['--data-dir', sharedData('rdf', 'aifb'), '--epochs', '2'],
    'hetero-entity': ['--data-dir', sharedData('rdf', 'aifb'), '--epochs', '2'],
    'rgcn-minibatch': ['--data-dir', sharedData('rdf', 'aifb'), '--epochs', '1'],
    'recommender-csv': ['--users', '300', '--items', '150', '--interactions', '3000', '--epochs', '1', '--validation', '0.1', '--threads', '1'],
    serve: [cora, '--epochs', '3', '--check'],
    'subgraph-sampling-cora': [cora, '--sampler', 'labor', '--epochs', '1', '--seeds', '1'],
    'sage-minibatch': ['--nodes', '5000', '--edges', '50000', '--feats', '16', '--hidden', '16', '--epochs', '1', '--workers', '0'],
  };
  const args = table[name];
  assert.ok(args !== undefined, `example '${name}' has no test arguments in test/package/install.test.ts`);
  return args;
}

test('npx deepgraph examples lists every shipped example, and each runs from the installed package', () => {
  const files = installedExamples(project.dir);
  assert.ok(files.length >= 8, files.join(', '));
  const list = nodeIn(project.dir, [join('node_modules', '.bin', 'deepgraph'), 'examples']);
  assert.equal(list.status, 0, list.stderr);
  for (const f of files) assert.match(list.stdout, new RegExp(`^${f.slice(0, -3)}$`, 'm'));
  // As user code: the compiled examples copied into the project import 'deepgraph' from node_modules.
  cpSync(join(project.dir, 'node_modules', 'deepgraph', 'dist', 'examples'), join(project.dir, 'examples'), { recursive: true });
  for (const f of files) {
    const r = nodeIn(project.dir, [join('examples', f), ...exampleArgs(f.slice(0, -3))]);
    assert.equal(r.status, 0, `${f}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
    assert.match(`${r.stdout}${r.stderr}`, /acc|auc|AUC|loss/i, `${f} printed no result:\n${r.stdout}`);
  }
  // And through the command, from inside the package.
  const viaCli = nodeIn(project.dir, [join('node_modules', '.bin', 'deepgraph'), 'examples', 'run', 'gcn-cora', ...exampleArgs('gcn-cora')]);
  assert.equal(viaCli.status, 0, viaCli.stderr);
  assert.match(viaCli.stdout, /test accuracy 0\.\d+/);
});

// Last: it breaks the project's prebuilt binary.
test('a prebuilt binary that does not load gives way to a local build, then to the packaged WebAssembly kernels, each saying why', () => {
  const pkg = join(project.dir, 'node_modules', 'deepgraph');
  const prebuilt = join(pkg, 'prebuilds', `${process.platform}-${process.arch}`, 'deepgraph.node');
  writeFileSync(prebuilt, 'not an ELF file');
  mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
  cpSync(join(REPO, 'build', 'Release', 'deepgraph.node'), join(pkg, 'build', 'Release', 'deepgraph.node'));
  const local = nodeIn(project.dir, [join(pkg, 'bin', 'deepgraph.js'), 'info']);
  assert.equal(local.status, 0, local.stderr);
  assert.match(local.stdout, /backend: native/);
  assert.match(local.stdout, /native addon: local build .*build\/Release\/deepgraph\.node, because the prebuilt binary .*deepgraph\.node did not load/);
  assert.equal(local.stderr.match(/deepgraph: native backend from the local build/g)?.length, 1, local.stderr);
  rmSync(join(pkg, 'build'), { recursive: true });
  const js = nodeIn(project.dir, ['-e', BACKEND], { DEEPGRAPH_REQUIRE_NATIVE: '0' });  // CI sets it to 1
  assert.equal(js.status, 0, js.stderr);
  // The installed package's native/wasm/deepgraph.wasm loads: wasm, not TypeScript, is the fallback.
  assert.equal(js.stdout.trim(), 'wasm');
  assert.match(js.stderr, /deepgraph: using the WebAssembly backend \(native: .*prebuilt binary .*did not load/);
});
