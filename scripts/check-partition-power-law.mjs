#!/usr/bin/env node
// Partitions the seeded power-law graph with communities (dg.data.powerLawCommunityGraph) with METIS
// and at random, writes both, and checks every written part against the graph: each node owned by
// exactly one part, halos equal to the in-neighbours owned elsewhere, every local edge a real edge,
// every inner node's in-edges all local. Prints one JSON line per method and the cut ratio.
//   node scripts/check-partition-power-law.mjs [--nodes 1000000] [--parts 16] [--out /tmp/dg-plc]
import { rmSync } from 'node:fs';
import * as dg from '../dist/src/index.js';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const n = Number(arg('nodes', '1000000')), k = Number(arg('parts', '16')), out = arg('out', '/tmp/dg-plc');
const e = dg.data.powerLawCommunityGraph({ nodes: n, seed: 1 });
const g = dg.graph([e.src, e.dst], { numNodes: n });
const [s, d] = g.edges();
const inDeg = g.inDegrees();
const cuts = {};
for (const method of ['metis', 'random']) {
  const dir = `${out}-${method}`;
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const r = dg.storage.partitionGraph(g, k, { method, outDir: dir });
  const seconds = (performance.now() - t0) / 1000;
  // Expected halos, the slow way: per part, sources of in-edges whose source another part owns.
  const halos = Array.from({ length: k }, () => new Set());
  for (let i = 0; i < s.length; i++) if (r.assignment[s[i]] !== r.assignment[d[i]]) halos[r.assignment[d[i]]].add(s[i]);
  const owned = new Uint8Array(n);
  let localEdges = 0;
  for (let p = 0; p < k; p++) {
    const part = dg.storage.loadPartition(dir, p);
    for (const v of part.inner) {
      if (owned[v]++ !== 0 || r.assignment[v] !== p) throw new Error(`node ${v} owned twice or by the wrong part`);
    }
    const want = [...halos[p]].sort((a, b) => a - b);
    if (want.length !== part.halo.length || want.some((v, i) => v !== part.halo[i])) throw new Error(`part ${p}: halo differs`);
    const [ls, ld] = part.graph.edges();
    const eid = part.graph.edata.get('_ID').data;
    for (let i = 0; i < ls.length; i++) {
      if (part.localToGlobal[ls[i]] !== s[eid[i]] || part.localToGlobal[ld[i]] !== d[eid[i]]) throw new Error(`part ${p}: local edge ${i} is not global edge ${eid[i]}`);
    }
    const local = part.graph.inDegrees();
    for (let i = 0; i < part.inner.length; i++) if (local[i] !== inDeg[part.inner[i]]) throw new Error(`part ${p}: node ${part.inner[i]} lacks in-edges`);
    localEdges += ls.length;
  }
  if (owned.some((c) => c !== 1)) throw new Error('a node is in no part');
  if (localEdges !== g.numEdges()) throw new Error(`local edges ${localEdges} != ${g.numEdges()}`);
  cuts[method] = r.edgeCut;
  console.log(JSON.stringify({ method, nodes: n, edges: g.numEdges(), parts: k, edgeCut: r.edgeCut, edgeCutFraction: +r.edgeCutFraction.toFixed(4),
    imbalance: +r.imbalance.toFixed(3), halo: r.haloSizes.reduce((a, b) => a + b, 0), seconds: +seconds.toFixed(1), checked: 'ownership, halos, local edges' }));
}
console.log(JSON.stringify({ randomOverMetisCut: +(cuts.random / cuts.metis).toFixed(2) }));
