/**
 * Compile-time half of entry.test.ts: what needs Node.js is absent from the browser entry's
 * types, so using it is a tsc error (the build fails) rather than a run-time "is not a
 * constructor". Each @ts-expect-error line fails the build if the line starts to compile, i.e.
 * if a Node-only class or function leaks into src/browser.ts. Never run, only type-checked.
 */
import type * as browser from '../../src/browser.js';
import type * as main from '../../src/index.js';

type BrowserData = typeof browser.data;

/** Type-level uses of the browser entry; the function is never called. */
export function browserEntryTypes(b: typeof browser, files: Map<string, Uint8Array>): unknown[] {
  return [
    // The bytes constructors exist in the browser.
    b.data.CoraGraphDataset.fromFiles(files),
    b.data.PubmedGraphDataset.fromUrl('data/pubmed'),
    b.decodeGraphs(new ArrayBuffer(8)),
    b.loadSafetensors(new ArrayBuffer(8)),
    // @ts-expect-error the folder constructor reads node:fs and is Node-only
    new b.data.CoraGraphDataset(),
    // @ts-expect-error load() downloads into a cache folder and is Node-only
    b.data.CoraGraphDataset.load(),
    // @ts-expect-error TUDataset reads files and is Node-only
    b.data.TUDataset,
    // @ts-expect-error readNpy reads a file path and is Node-only
    b.data.readNpy,
    // @ts-expect-error dg.save writes files and is Node-only
    b.save,
    // @ts-expect-error onnx needs protobufjs's CommonJS build and is Node-only
    b.onnx,
  ];
}

/** The Node entry keeps the folder constructors (the twin is its base class). */
export function nodeEntryTypes(m: typeof main): unknown[] {
  const base: BrowserData['CoraGraphDataset']['prototype'] = new m.data.CoraGraphDataset({ rawDir: 'x' });
  return [base, m.data.CoraGraphDataset.load(), m.data.CoraGraphDataset.fromFiles(new Map())];
}
