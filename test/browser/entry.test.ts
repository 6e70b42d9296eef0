/**
 * The browser entry (src/browser.ts) is the main barrel minus what needs Node.js: the same
 * objects under the same names, and a `data` namespace holding only the file-free part of data.
 * Fails when an export is added to src/index.ts and not to src/browser.ts. The file functions of
 * src/io (dg.save, dg.load, loadGraphs, ...: src/io/index.ts minus src/io/browser.ts) and `onnx`
 * and `distributed` are Node-only.
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
  assert.ok(!('distributed' in browser), 'no distributed in the browser entry');
  const mainNames = Object.keys(main).filter((k) => k !== 'data' && k !== 'onnx' && k !== 'distributed' && !ioNodeOnly.has(k)).sort();
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

test('browser data is the part of data that reads no files, as the same objects', () => {
  const m = main.data as unknown as Record<string, unknown>, b = browser.data as unknown as Record<string, unknown>;
  const names = Object.keys(b);
  assert.ok(names.includes('stochasticBlockModel') && names.includes('randomGraph'), `browser data: ${names.join(', ')}`);
  assert.deepEqual(names.filter((k) => m[k] !== b[k]), [], 'browser data exports what data does not (or other objects)');
  for (const nodeOnly of ['Dataset', 'CoraGraphDataset', 'readNpy', 'writeFileAtomic', 'readZip']) {
    assert.ok(!(nodeOnly in b), `${nodeOnly} reads or writes files and must not be in the browser entry`);
  }
});

test('onnx is Node.js only: protobufjs is CommonJS with dynamic requires, which the browser bundle must not hold', () => {
  assert.ok(!('onnx' in browser), 'the browser entry exports onnx');
  assert.equal(typeof main.onnx.exportModelBytes, 'function');
});
