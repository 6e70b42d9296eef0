import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as dg from '../../src/index.js';
import { AIFBDataset, MUTAGDataset, AIFB_RULES, buildRdfGraph, parseNTriples, readTar, readTarGz } from '../../src/data/index.js';
import { sharedData } from './shared-data.js';

const countBy = (xs: Iterable<string>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
};

/** Class names of the labelled nodes selected by a mask, shortened to the last IRI segment. */
function labelCounts(ds: dg.data.RdfDataset, mask: string): Record<string, number> {
  const f = ds.graph.nodeFrame(ds.predictCategory);
  const label = f.get('label').data, m = f.get(mask).data;
  const names: string[] = [];
  for (let i = 0; i < label.length; i++) if (m[i]) names.push(ds.labelNames[label[i]].split('/').pop()!);
  return countBy(names);
}

test('AIFB from the raw R-GCN files has DGL\'s 7,262 nodes, 48,810 edges, 4 classes and the 140 / 36 split', () => {
  const ds = new AIFBDataset({ rawDir: sharedData('rdf', 'aifb') });
  const g = ds.graph;
  assert.equal(ds.length, 1);
  assert.equal(g.numNodes(), 7262);
  assert.equal(g.numEdges(), 48810);
  assert.deepEqual(g.ntypes, ['Forschungsgebiete', 'Forschungsgruppen', 'Kooperationen', 'Personen', 'Projekte', 'Publikationen', '_Literal']);
  assert.equal(ds.predictCategory, 'Personen');
  assert.equal(ds.numClasses, 4);
  assert.equal(ds.trainIdx.length, 140);
  assert.equal(ds.testIdx.length, 36);
  assert.equal(ds.ignoredLabels, 0);
  // Per-class counts from the dataset README (train 58/22/48/12, test 15/6/12/3 for id1..id4).
  assert.deepEqual(labelCounts(ds, 'trainMask'), { id1instance: 58, id2instance: 22, id3instance: 48, id4instance: 12 });
  assert.deepEqual(labelCounts(ds, 'testMask'), { id1instance: 15, id2instance: 6, id3instance: 12, id4instance: 3 });
  const f = g.nodeFrame('Personen');
  const label = f.get('label').data, train = f.get('trainMask').data, testM = f.get('testMask').data;
  for (let i = 0; i < label.length; i++) {
    assert.equal(label[i] >= 0, Boolean(train[i] || testM[i]), `label and masks disagree at person ${i}`);
    assert.ok(!(train[i] && testM[i]), `person ${i} is in both splits`);
  }
  assert.deepEqual([...ds.trainIdx].every((v) => train[v] === 1), true);
  // Every relation has its reverse with the same edges reversed; the target relations are gone.
  for (const [s, e, d] of g.canonicalEtypes) {
    if (e.startsWith('rev-')) continue;
    assert.equal(g.numEdges([d, `rev-${e}`, s]), g.numEdges([s, e, d]), `rev-${e}`);
    const fwd = g.edges({ etype: [s, e, d] }), rev = g.edges({ etype: [d, `rev-${e}`, s] });
    assert.deepEqual([...rev[0]], [...fwd[1]]);
  }
  assert.ok(!g.etypes.some((e) => /employs|affiliation/.test(e)));
  assert.equal(g.canonicalEtypes.length % 2, 0);
});

test('MUTAG (RDF) gives DGL\'s documented 27,163 nodes and 148,100 edges, 2 classes, 272 / 68 compounds', () => {
  const ds = new MUTAGDataset({ rawDir: sharedData('rdf', 'mutag') });
  const g = ds.graph;
  assert.equal(g.numNodes(), 27163);
  assert.equal(g.numEdges(), 148100);
  assert.equal(ds.predictCategory, 'd');
  assert.equal(ds.numClasses, 2);
  assert.equal(ds.trainIdx.length, 272);
  assert.equal(ds.testIdx.length, 68);
  // README: train 166 x 0, 106 x 1; test 45 x 0, 23 x 1.
  assert.deepEqual(labelCounts(ds, 'trainMask'), { '0.0': 166, '1.0': 106 });
  assert.deepEqual(labelCounts(ds, 'testMask'), { '0.0': 45, '1.0': 23 });
});

test('parseNTriples reads IRIs, blank nodes, literals with escapes, language tags and datatypes; errors name line and column', () => {
  const text = [
    '# a comment',
    '<http://a/x> <http://p/q> "say \\"hi\\"\\n\\u00e9"@en-GB .',
    '_:b1 <http://p/q> "1"^^<http://www.w3.org/2001/XMLSchema#int> .  # trailing comment',
    '',
    '<http://a/\\u0041> <http://p/r> _:b.2 .\r',
  ].join('\n');
  const t = parseNTriples(text, 'tiny.nt');
  assert.equal(t.length, 3);
  assert.deepEqual(t[0][2], { kind: 'literal', value: 'say "hi"\né', lang: 'en-GB' });
  assert.deepEqual(t[1][0], { kind: 'blank', value: 'b1' });
  assert.deepEqual(t[1][2], { kind: 'literal', value: '1', datatype: 'http://www.w3.org/2001/XMLSchema#int' });
  assert.deepEqual(t[2][0], { kind: 'iri', value: 'http://a/A' });
  assert.deepEqual(t[2][2], { kind: 'blank', value: 'b.2' });
  assert.throws(() => parseNTriples('<a> <b> <c>\n', 'x.nt'), (e: Error) => e instanceof dg.DataFormatError && /x\.nt: line 1, column 12: expected '\.'/.test(e.message));
  assert.throws(() => parseNTriples('<a> <b> "open .\n', 'x.nt'), /line 1, column \d+: unterminated string/);
  assert.throws(() => parseNTriples('<a> "lit" <c> .', 'x.nt'), /expected the predicate/);
  assert.throws(() => parseNTriples('<a> <b> "\\q" .', 'x.nt'), /bad escape \\q/);
});

test('buildRdfGraph follows DGL: duplicates and blank nodes dropped, literals keyed by value, reverse relations added', () => {
  const A = 'http://www.aifb.uni-karlsruhe.de', S = 'http://swrc.ontoware.org/ontology';
  const nt = [
    `<${A}/Personen/viewPersonOWL/p1> <${S}#name> "Ann"@en .`,
    `<${A}/Personen/viewPersonOWL/p1> <${S}#name> "Ann"@de .`,
    `<${A}/Personen/viewPersonOWL/p1> <${S}#name> "Ann"@de .`,
    `<${A}/Personen/viewPersonOWL/p2> <${S}#worksAtProject> <${A}/Projekte/viewProjektOWL/j1> .`,
    `<${A}/Personen/viewPersonOWL/p2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${A}/Personen/viewPersonOWL/p1> .`,
    `_:b <${S}#name> "Ann" .`,
    `<http://elsewhere/x> <${S}#name> "Ann" .`,
    `<${A}/Personen/viewPersonOWL/p2> <${S}#affiliation> <${A}/Forschungsgruppen/viewForschungsgruppeOWL/g1> .`,
  ].join('\n');
  const { graph: g, entities } = buildRdfGraph(parseNTriples(nt), AIFB_RULES);
  // "Ann"@en and "Ann"@de are one _Literal node (DGL keys literals by lexical value) joined by two edges.
  assert.deepEqual(Object.fromEntries(g.ntypes.map((t) => [t, g.numNodes(t)])), { Personen: 2, Projekte: 1, _Literal: 1 });
  assert.equal(g.numEdges(['Personen', 'ontology#name', '_Literal']), 2);
  assert.equal(g.numEdges(['_Literal', 'rev-ontology#name', 'Personen']), 2);
  assert.equal(g.numEdges(['Personen', '22-rdf-syntax-ns#type', 'Personen']), 1);
  assert.equal(g.numEdges(), 8);
  assert.deepEqual(entities.get('Personen/p2'), ['Personen', 1]);
  assert.equal(entities.has('Forschungsgruppen/g1'), false, 'the affiliation target relation is dropped');
});

/** A ustar archive of the given files (what `tar` writes), for the reader test. */
function makeTar(files: [string, string][]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const [name, text] of files) {
    const data = new TextEncoder().encode(text);
    const h = new Uint8Array(512);
    const put = (s: string, at: number): void => { h.set(new TextEncoder().encode(s), at); };
    put(name, 0); put('0000644\0', 100); put('0000000\0', 108); put('0000000\0', 116);
    put(data.length.toString(8).padStart(11, '0') + '\0', 124); put('00000000000\0', 136);
    put('0', 156); put('ustar\0', 257); put('00', 263);
    h.fill(32, 148, 156);
    const sum = h.reduce((a, b) => a + b, 0);
    put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, new Uint8Array(Math.ceil(data.length / 512) * 512));
    blocks[blocks.length - 1].set(data);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((a, b) => a + b.length, 0));
  let o = 0;
  for (const b of blocks) { out.set(b, o); o += b.length; }
  return out;
}

test('readTar / readTarGz return the regular files; bad checksums and truncation are named', () => {
  const tar = makeTar([['aifb/trainingSet.tsv', 'a\tb\n'], ['aifb/big.txt', 'x'.repeat(700)]]);
  const files = readTarGz(gzipSync(tar), 'aifb.tgz');
  assert.deepEqual(files.map(([p, d]) => [p, d.length]), [['aifb/trainingSet.tsv', 4], ['aifb/big.txt', 700]]);
  assert.equal(new TextDecoder().decode(files[0][1]), 'a\tb\n');
  const bad = tar.slice(); bad[0] ^= 1;
  assert.throws(() => readTar(bad, 'x.tar'), /x\.tar: bad tar header checksum at byte 0/);
  assert.throws(() => readTar(tar.slice(0, 600), 'x.tar'), /x\.tar: truncated \(no end-of-archive block after byte 1024\)/);
  assert.throws(() => readTar(tar.slice(0, 1600), 'x.tar'), /x\.tar: 'aifb\/big.txt' is truncated \(700 bytes declared\)/);
  assert.throws(() => readTarGz(Uint8Array.of(1, 2, 3), 'y.tgz'), /y\.tgz: not a gzip file/);
});

test('AIFBDataset names missing raw files and refuses a damaged graph file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-rdf-'));
  try {
    assert.throws(() => new AIFBDataset({ rawDir: dir }), (e: Error) => e instanceof dg.DataFormatError && /aifb_stripped\.nt\.gz/.test(e.message) && /testSet\.tsv/.test(e.message));
    for (const f of ['trainingSet.tsv', 'testSet.tsv']) copyFileSync(join(sharedData('rdf', 'aifb'), f), join(dir, f));
    writeFileSync(join(dir, 'aifb_stripped.nt.gz'), 'not gzip');
    assert.throws(() => new AIFBDataset({ rawDir: dir }), /aifb_stripped\.nt\.gz: not a readable gzip file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
