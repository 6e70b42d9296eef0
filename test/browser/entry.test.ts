/**
 * The browser entry (src/browser.ts) is the main barrel minus what needs Node.js: the same
 * objects under the same names, and a `data` namespace holding the file-free part of data plus
 * bytes-only twins of the Planetoid classes (no class with a folder or download entry point).
 * Fails when an export is added to src/index.ts and not to src/browser.ts, or when a Node-only
 * class leaks into the browser entry. entry-types.ts checks the same at compile time. The file functions of
 * src/io (dg.save, dg.load, loadGraphs, ...: src/io/index.ts minus src/io/browser.ts) and `onnx`
 * and `storage` (on-disk datasets, memory-mapped files) and `distributed` are Node-only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as main from '../../src/index.js';
import * as browser from '../../src/browser.js';
import * as io from '../../src/io/index.js';
import * as ioBrowser from '../../src/io/browser.js';

const ioNodeOnly = new Set(Object.keys(io).filter((k) => !(k in ioBrowser)));

test('src/browser.ts exports everything src/index.ts does, as the same objects', () => {
  assert.ok(ioNodeOnly.has('save') && ioNodeOnly.has('loadGraphs'), 'the io file functions are found');
  assert.ok([...ioNodeOnly].every((k) => !(k in browser)), 'no Node-only io function in the browser entry');
  assert.ok(!('onnx' in browser), 'no onnx in the browser entry');
  // storage (partitions, on-disk stores) reads and writes files: Node.js only.
  assert.ok(!('storage' in browser), 'no storage in the browser entry');
  const mainNames = Object.keys(main).filter((k) => k !== 'data' && k !== 'onnx' && k !== 'storage' && k !== 'distributed' && !ioNodeOnly.has(k)).sort();
  assert.ok(!('distributed' in browser), 'no distributed in the browser entry');
  const browserNames = Object.keys(browser).filter((k) => k !== 'data').sort();
  assert.deepEqual(browserNames, mainNames, 'src/browser.ts and src/index.ts export different names');
  const m = main as unknown as Record<string, unknown>, b = browser as unknown as Record<string, unknown>;
  const different = mainNames.filter((k) => m[k] !== b[k]);
  assert.deepEqual(different, [], 'exported under the same name but not the same object');
});

test('file-path readers are in the Node entry only, and their bytes twins in both', () => {
  const m = main as unknown as Record<string, unknown>, b = browser as unknown as Record<string, unknown>;
  const twins: Record<string, string> = { loadTorch: 'loadTorchBytes', readTorch: 'readTorchBytes' };
  for (const [name, twin] of Object.entries(twins)) {
    assert.equal(typeof m[name], 'function', `${name} missing from src/index.ts`);
    assert.ok(!(name in b), `${name} reads files and must not be in the browser entry`);
    assert.equal(b[twin], m[twin], `${twin} must be in both entries`);
  }
});

/** Browser twins: bytes-only base classes of the Node classes of the same name (fromFiles / fromUrl, no folder constructor, no load). */
const TWINS = ['PlanetoidDataset', 'CoraGraphDataset', 'CiteseerGraphDataset', 'PubmedGraphDataset'];
type Ctor = { prototype: object; load?: unknown; download?: unknown; process?: unknown; fromFiles?: unknown; fromUrl?: unknown };
const isClass = (v: unknown): v is Ctor => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
/** A Node-only class: a data class with a folder or download entry point (static load / download / process). */
const nodeOnlyClass = (v: unknown): boolean => isClass(v) && ['load', 'download', 'process'].some((k) => k in v);

test('browser data: the file-free part of data as the same objects, plus bytes twins of the Planetoid classes; no Node-only class', () => {
  const m = main.data as unknown as Record<string, unknown>, b = browser.data as unknown as Record<string, unknown>;
  const names = Object.keys(b);
  assert.ok(names.includes('stochasticBlockModel') && names.includes('randomGraph'), `browser data: ${names.join(', ')}`);
  const differ = names.filter((k) => m[k] !== b[k]).sort();
  assert.deepEqual(differ, [...TWINS].sort(), 'browser data exports objects that data does not, other than the bytes twins');
  for (const name of TWINS) {
    const twin = b[name], node = m[name];
    assert.ok(isClass(twin) && isClass(node), `${name} is a class in both entries`);
    assert.ok(node.prototype instanceof (b.PlanetoidDataset as new () => object), `Node's ${name} builds on the browser PlanetoidDataset`);
    assert.equal(typeof twin.fromFiles, 'function', `${name}.fromFiles`);
    assert.equal(typeof twin.fromUrl, 'function', `${name}.fromUrl`);
    assert.ok(nodeOnlyClass(node), `Node's ${name} keeps its folder entry points`);
  }
  // The rule that catches a leak: no class in the browser entry has a folder or download entry point.
  const leaks = names.filter((k) => nodeOnlyClass(b[k]));
  assert.deepEqual(leaks, [], 'Node-only dataset classes in the browser entry');
  const nodeOnly = Object.keys(m).filter((k) => nodeOnlyClass(m[k]));
  assert.ok(['TUDataset', 'CoraGraphDataset', 'AIFBDataset', 'CSVDataset'].every((k) => nodeOnly.includes(k)),
    `the Node-only rule finds Node's dataset classes: ${nodeOnly.join(', ')}`);
  for (const name of ['readNpy', 'writeFileAtomic', 'readZip', 'TUDataset', 'CSVDataset', 'RdfDataset']) {
    assert.ok(!(name in b), `${name} reads or writes files and must not be in the browser entry`);
  }
});

test('onnx is Node.js only: protobufjs is CommonJS with dynamic requires, which the browser bundle must not hold', () => {
  assert.ok(!('onnx' in browser), 'the browser entry exports onnx');
  assert.equal(typeof main.onnx.exportModelBytes, 'function');
});
