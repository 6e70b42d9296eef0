/**
 * The Planetoid classes from bytes (what a browser page has): fromFiles on a Map of buffers,
 * dropped-file Blobs, a folder-prefixed key, and fromUrl over loopback HTTP all give the graph
 * the folder reader gives; a flipped byte, a missing file and an unknown set are named errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CoraGraphDataset, CiteseerGraphDataset, PlanetoidDataset } from '../../src/data/planetoid.js';
import * as bytesOnly from '../../src/data/planetoid-bytes.js';
import { PLANETOID_PARTS } from '../../src/data/planetoid-parse.js';
import { DataFormatError } from '../../src/errors.js';
import type { Graph } from '../../src/graph/index.js';
import { sharedData } from './shared-data.js';

const RAW = sharedData('planetoid', 'raw');
const filesOf = (name: string): Map<string, Uint8Array> =>
  new Map(PLANETOID_PARTS.map((p) => [`ind.${name}.${p}`, new Uint8Array(readFileSync(join(RAW, `ind.${name}.${p}`)))]));

function assertSameGraph(got: Graph, want: Graph): void {
  assert.equal(got.numNodes(), want.numNodes());
  assert.deepEqual(got.edges()[0], want.edges()[0]);
  assert.deepEqual(got.edges()[1], want.edges()[1]);
  for (const k of ['feat', 'label', 'trainMask', 'valMask', 'testMask']) assert.deepEqual(got.ndata.get(k).data, want.ndata.get(k).data, k);
}

test('CoraGraphDataset.fromFiles: buffers, Blobs and folder-prefixed keys give the folder reader\'s graph', async () => {
  const folder = new CoraGraphDataset({ rawDir: RAW });
  const files = filesOf('cora');
  const fromBytes = await CoraGraphDataset.fromFiles(files);
  assert.equal(fromBytes.name, 'cora');
  assert.equal(fromBytes.numClasses, 7);
  assertSameGraph(fromBytes.get(0), folder.get(0));
  const blobs = Object.fromEntries([...files].map(([k, v]) => [`dropped/${k}`, new Blob([v])]));
  assertSameGraph((await bytesOnly.CoraGraphDataset.fromFiles(blobs)).get(0), folder.get(0));
  const buffers = new Map([...files].map(([k, v]) => [k, v.slice().buffer]));
  const inferred = await PlanetoidDataset.fromFiles(buffers);
  assert.equal(inferred.name, 'cora', 'the base class infers the set from the file names');
});

test('fromFiles: a flipped byte, a missing file and files of no known set are named errors', async () => {
  const files = filesOf('cora');
  const bad = files.get('ind.cora.allx')!.slice();
  bad[100] ^= 1;
  await assert.rejects(CoraGraphDataset.fromFiles(new Map([...files, ['ind.cora.allx', bad]])), (e: Error) =>
    e instanceof DataFormatError && /ind\.cora\.allx: SHA-256 .* differs/.test(e.message));
  const missing = new Map(files);
  missing.delete('ind.cora.ty');
  await assert.rejects(CoraGraphDataset.fromFiles(missing), /cora: missing raw file ind\.cora\.ty/);
  await assert.rejects(PlanetoidDataset.fromFiles(new Map([['notes.txt', new Uint8Array(1)]])), /cannot tell the dataset/);
  await assert.rejects(CiteseerGraphDataset.fromFiles(files), /citeseer: missing raw files ind\.citeseer\.x/);
});

test('CoraGraphDataset.fromUrl fetches the eight files over HTTP; a 404 names the URL', async () => {
  const server = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^\/raw\//, '');
    if (!/^ind\.cora\.[a-z.]+$/.test(name)) { res.writeHead(404).end(); return; }
    res.writeHead(200).end(readFileSync(join(RAW, name)));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ds = await CoraGraphDataset.fromUrl(`${base}/raw/`);
    assertSameGraph(ds.get(0), new CoraGraphDataset({ rawDir: RAW }).get(0));
    await assert.rejects(CoraGraphDataset.fromUrl(`${base}/elsewhere`), /could not download http:.*\/elsewhere\/ind\.cora\.\w+ \(HTTP 404/);
  } finally {
    await new Promise<void>((ok) => server.close(() => ok()));
  }
});
