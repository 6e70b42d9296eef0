/**
 * R-GCN entity-classification datasets (AIFB, MUTAG) built from their raw RDF files exactly as
 * DGL's RDFGraphDataset does: N-Triples -> entities "class/id" and relation classes by per-dataset
 * rules -> a homogeneous graph with reverse edges ("rev-" relations) -> a heterograph.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataFormatError } from '../errors.js';
import { graph, toHeterogeneous, NTYPE, ETYPE, type Graph } from '../graph/index.js';
import { tensor } from '../tensor/creation.js';
import { Dataset, fetchBytes, rawFolder, requireFiles, type DatasetOptions } from './dataset.js';
import { parseNTriples, termKey, type RdfTerm, type Triple } from './ntriples.js';
import { readTarGz } from './tar.js';
import { writeFileAtomic } from './atomic-write.js';

/** An entity as DGL names it: node type `cls`, key `${cls}/${id}`; cls may be settled by processTuple. */
export interface RdfEntity { id: string; cls: string | null }

/** How one dataset maps RDF terms to typed nodes and relations (DGL's parse_entity / parse_relation / process_tuple). */
export interface RdfRules {
  readonly name: string;
  /** The node type whose nodes are classified. */
  readonly predictCategory: string;
  /** The entity a term names (with its type), or null when the term is not an entity of this dataset. */
  parseEntity(t: RdfTerm): RdfEntity | null;
  /** The relation name of a predicate, or null to drop the triple. */
  parseRelation(t: RdfTerm): string | null;
  /** May fill in missing classes; returns false to drop the triple. */
  processTuple(triple: Triple, sbj: RdfEntity, rel: string, obj: RdfEntity): boolean;
}

/** The graph and the entity index of a construction. */
export interface RdfGraph {
  graph: Graph;
  /** Entity key "cls/id" -> [node type, id within the type]. */
  entities: Map<string, [string, number]>;
}

/** Where DGL publishes the raw R-GCN archives (<name>.tgz, the files PyG's Entities reads too). */
export const RDF_URL = 'https://data.dgl.ai/dataset';

const RDF_TYPE_LAST = (iri: string): string => iri.split('/').pop()!;
const literalEntity = (t: RdfTerm): RdfEntity | null => (t.kind === 'literal' ? { id: t.value, cls: '_Literal' } : null);

/** AIFB (DGL's AIFBDataset): entities under www.aifb.uni-karlsruhe.de/<Type>/<view>/<id>, persons classified. */
export const AIFB_RULES: RdfRules = {
  name: 'aifb',
  predictCategory: 'Personen',
  parseEntity(t) {
    if (t.kind !== 'iri') return literalEntity(t);
    if (!t.value.startsWith('http://www.aifb.uni-karlsruhe.de/')) return null;
    const sp = t.value.split('/');
    if (sp.length < 6) throw new DataFormatError(`aifb: entity IRI <${t.value}> has fewer than 6 '/'-separated parts`);
    return { id: sp[5], cls: sp[3] };
  },
  parseRelation(t) {
    const iri = t.value;
    // The target relations; the stripped file has none, but a full file would leak labels.
    if (iri === 'http://swrc.ontoware.org/ontology#employs' || iri === 'http://swrc.ontoware.org/ontology#affiliation') return null;
    return iri.startsWith('http://swrc.ontoware.org/') ? iri.split('/')[3] : RDF_TYPE_LAST(iri);
  },
  processTuple: () => true,
};

const MUTAG_PREFIX = 'http://dl-learner.org/carcinogenesis#';

/** MUTAG, RDF version (DGL's MUTAGDataset): compounds "d..." classified; schema objects typed SCHEMA. */
export const MUTAG_RULES: RdfRules = {
  name: 'mutag',
  predictCategory: 'd',
  parseEntity(t) {
    if (t.kind !== 'iri') return literalEntity(t);
    if (!t.value.startsWith(MUTAG_PREFIX)) return null;
    const inst = t.value.slice(MUTAG_PREFIX.length);
    // As DGL: a match at the start, so atoms "d1_1" fall in class d with the compounds.
    return { id: inst, cls: /^d[0-9]/.test(inst) ? 'd' : /^bond[0-9]/.test(inst) ? 'bond' : null };
  },
  parseRelation(t) {
    if (t.value === `${MUTAG_PREFIX}isMutagenic`) return null;
    return t.value.startsWith(MUTAG_PREFIX) ? t.value.slice(MUTAG_PREFIX.length) : RDF_TYPE_LAST(t.value);
  },
  processTuple(triple, sbj, rel, obj) {
    if (!triple[1].value.startsWith(MUTAG_PREFIX)) {
      obj.cls = 'SCHEMA';
      if (sbj.cls === null) sbj.cls = 'SCHEMA';
    }
    if (obj.cls === null) obj.cls = rel;
    if (sbj.cls === null) throw new DataFormatError(`mutag: subject ${termKey(triple[0])} has no class`);
    return true;
  },
};

function idOf(map: Map<string, number>, key: string): number {
  let id = map.get(key);
  if (id === undefined) { id = map.size; map.set(key, id); }
  return id;
}

/**
 * The distinct triples in (subject, predicate, object) order, terms compared by their N-Triples
 * text. Terms are interned and ranked once, so triples sort by three numbers, not by long strings.
 */
function sortedDistinct(triples: readonly Triple[]): Triple[] {
  const ids = new Map<string, number>(), keys: string[] = [], terms: RdfTerm[] = [];
  const intern = (t: RdfTerm): number => {
    const k = termKey(t);
    let id = ids.get(k);
    if (id === undefined) { id = keys.length; ids.set(k, id); keys.push(k); terms.push(t); }
    return id;
  };
  const coded = triples.map((t) => [intern(t[0]), intern(t[1]), intern(t[2])]);
  const byRank = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  const rank = new Int32Array(keys.length);
  byRank.forEach((id, r) => { rank[id] = r; });
  const order = coded.map(([a, b, c]) => [rank[a], rank[b], rank[c]] as const)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const out: Triple[] = [];
  order.forEach(([a, b, c], i) => {
    const prev = order[i - 1];
    if (prev !== undefined && prev[0] === a && prev[1] === b && prev[2] === c) return;
    out.push([terms[byRank[a]], terms[byRank[b]], terms[byRank[c]]]);
  });
  return out;
}

/**
 * DGL's construction: distinct triples in sorted order, each kept triple an edge sbj -rel-> obj (and
 * obj -rev-rel-> sbj when insertReverse), node and relation classes numbered by first appearance.
 * Sorting is by the N-Triples text of (s, p, o), so ids within a type may differ from DGL's (rdflib
 * orders terms its own way); the graph is the same up to that renumbering.
 */
export function buildRdfGraph(triples: readonly Triple[], rules: RdfRules, insertReverse = true): RdfGraph {
  const sorted = sortedDistinct(triples);
  const classes = new Map<string, number>(), relations = new Map<string, number>(), entities = new Map<string, number>();
  const ntid: number[] = [], src: number[] = [], dst: number[] = [], etid: number[] = [];
  const node = (e: RdfEntity): number => {
    const cls = idOf(classes, e.cls!);
    const id = idOf(entities, `${e.cls}/${e.id}`);
    if (id === ntid.length) ntid.push(cls);
    return id;
  };
  for (const t of sorted) {
    const sbj = rules.parseEntity(t[0]), rel = rules.parseRelation(t[1]), obj = rules.parseEntity(t[2]);
    if (sbj === null || rel === null || obj === null || !rules.processTuple(t, sbj, rel, obj)) continue;
    idOf(classes, sbj.cls!); idOf(classes, obj.cls!);
    const r = idOf(relations, rel);
    src.push(node(sbj)); dst.push(node(obj)); etid.push(r);
  }
  const ntypes = [...classes.keys()], etypes = [...relations.keys()];
  let s = Int32Array.from(src), d = Int32Array.from(dst), et = Int32Array.from(etid);
  if (insertReverse) {
    const E = s.length;
    const s2 = new Int32Array(2 * E), d2 = new Int32Array(2 * E), et2 = new Int32Array(2 * E);
    s2.set(s); s2.set(d, E); d2.set(d); d2.set(s, E); et2.set(et); et2.set(et.map((x) => x + etypes.length), E);
    [s, d, et] = [s2, d2, et2];
    etypes.push(...etypes.map((x) => `rev-${x}`));
  }
  const homo = graph([s, d], { numNodes: ntid.length });
  homo.ndata.set(NTYPE, tensor(Int32Array.from(ntid)));
  homo.edata.set(ETYPE, tensor(et));
  const hg = toHeterogeneous(homo, ntypes, etypes);
  const local = new Int32Array(ntid.length), counts = new Array<number>(ntypes.length).fill(0);
  for (let v = 0; v < ntid.length; v++) local[v] = counts[ntid[v]]++;
  const index = new Map<string, [string, number]>();
  for (const [key, v] of entities) index.set(key, [ntypes[ntid[v]], local[v]]);
  return { graph: hg, entities: index };
}

/** Reads a split file (header line, then sample \t id \t label); returns local ids and label strings. */
function readSplit(path: string, rules: RdfRules, index: RdfGraph['entities']): { ids: number[]; labels: string[]; ignored: number } {
  const ids: number[] = [], labels: string[] = [];
  let ignored = 0;
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const cols = line.split('\t');
    if (cols.length !== 3) throw new DataFormatError(`${path}: line ${i + 1} has ${cols.length} tab-separated columns, expected 3`);
    const ent = rules.parseEntity({ kind: 'iri', value: cols[0] });
    const found = ent === null ? undefined : index.get(`${ent.cls}/${ent.id}`);
    // As DGL: an entity without any kept link is ignored.
    if (found === undefined) { ignored++; continue; }
    if (found[0] !== rules.predictCategory) {
      throw new DataFormatError(`${path}: line ${i + 1}: ${cols[0]} is a '${found[0]}' node, not '${rules.predictCategory}'`);
    }
    ids.push(found[1]); labels.push(cols[2]);
  }
  return { ids, labels, ignored };
}

/**
 * An R-GCN entity-classification dataset: one heterograph whose predictCategory nodes carry
 * label (int32, -1 when unlabelled), trainMask and testMask (bool), as DGL. Classes are numbered in
 * the order labels first appear in trainingSet.tsv then testSet.tsv (labelNames).
 */
export class RdfDataset extends Dataset<Graph> {
  readonly name: string;
  readonly graph: Graph;
  readonly predictCategory: string;
  readonly numClasses: number;
  readonly labelNames: readonly string[];
  /** Ids within predictCategory. */
  readonly trainIdx: Int32Array;
  readonly testIdx: Int32Array;
  /** Split rows whose entity has no kept link (DGL warns and skips them). */
  readonly ignoredLabels: number;

  constructor(readonly rules: RdfRules, opts: DatasetOptions = {}) {
    super();
    this.name = rules.name;
    this.predictCategory = rules.predictCategory;
    const dir = rawFolder(rules.name, opts);
    const files = RdfDataset.files(rules.name);
    requireFiles(rules.name, dir, files);
    const graphPath = join(dir, files[0]);
    let text: string;
    try {
      text = gunzipSync(readFileSync(graphPath)).toString('utf8');
    } catch (e) {
      throw new DataFormatError(`${graphPath}: not a readable gzip file (${(e as Error).message})`);
    }
    const built = buildRdfGraph(parseNTriples(text, graphPath), rules);
    const train = readSplit(join(dir, 'trainingSet.tsv'), rules, built.entities);
    const test = readSplit(join(dir, 'testSet.tsv'), rules, built.entities);
    const names = new Map<string, number>();
    for (const l of [...train.labels, ...test.labels]) idOf(names, l);
    this.labelNames = [...names.keys()];
    this.numClasses = names.size;
    this.ignoredLabels = train.ignored + test.ignored;
    this.trainIdx = Int32Array.from(train.ids);
    this.testIdx = Int32Array.from(test.ids);
    const n = built.graph.numNodes(rules.predictCategory);
    const label = new Int32Array(n).fill(-1), trainMask = new Uint8Array(n), testMask = new Uint8Array(n);
    train.ids.forEach((v, i) => { label[v] = names.get(train.labels[i])!; trainMask[v] = 1; });
    test.ids.forEach((v, i) => { label[v] = names.get(test.labels[i])!; testMask[v] = 1; });
    const frame = built.graph.nodeFrame(rules.predictCategory);
    frame.set('label', tensor(label));
    frame.set('trainMask', tensor(trainMask, { dtype: 'bool' }));
    frame.set('testMask', tensor(testMask, { dtype: 'bool' }));
    this.graph = opts.transform ? opts.transform(built.graph) : built.graph;
  }

  /** The raw files: the gzipped N-Triples graph and the two split files. */
  static files(name: string): string[] { return [`${name}_stripped.nt.gz`, 'trainingSet.tsv', 'testSet.tsv']; }

  /** Downloads <name>.tgz and unpacks the raw files into the cache folder (atomically, file by file). */
  static async download(name: string, opts: DatasetOptions = {}): Promise<string> {
    const dir = rawFolder(name, opts);
    const files = RdfDataset.files(name);
    if (files.every((f) => existsSync(join(dir, f)))) return dir;
    if (opts.rawDir !== undefined || opts.download === false) requireFiles(name, dir, files);
    const url = `${RDF_URL}/${name}.tgz`;
    for (const [path, data] of readTarGz(await fetchBytes(url), url)) {
      const file = path.split('/').pop()!;
      if (files.includes(file) || file === 'completeDataset.tsv') writeFileAtomic(join(dir, file), data);
    }
    requireFiles(name, dir, files);
    return dir;
  }

  get length(): number { return 1; }
  protected item(): Graph { return this.graph; }
}

/** AIFB: 8,285 entities, 29,043 triples; DGL's graph has 7,262 nodes, 48,810 edges; 4 classes, 140 / 36 labelled persons. */
export class AIFBDataset extends RdfDataset {
  constructor(opts: DatasetOptions = {}) { super(AIFB_RULES, opts); }
  /** AIFB from the cache, downloading the raw files when they are missing (DGL's `AIFBDataset()`). */
  static async load(opts: DatasetOptions = {}): Promise<AIFBDataset> {
    await RdfDataset.download('aifb', opts);
    return new AIFBDataset(opts);
  }
}

/** MUTAG (RDF): 23,644 entities, 74,227 triples; 2 classes, 272 / 68 labelled compounds. */
export class MUTAGDataset extends RdfDataset {
  constructor(opts: DatasetOptions = {}) { super(MUTAG_RULES, opts); }
  /** MUTAG (RDF) from the cache, downloading the raw files when they are missing. */
  static async load(opts: DatasetOptions = {}): Promise<MUTAGDataset> {
    await RdfDataset.download('mutag', opts);
    return new MUTAGDataset(opts);
  }
}
