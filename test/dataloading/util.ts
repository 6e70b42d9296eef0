import assert from 'node:assert/strict';
import * as dg from '../../src/index.js';
import { randomAdj } from '../sampling/util.js';

/** A seeded random multigraph with skewed degrees (see randomAdj) as a dg.Graph. */
export function randomGraph(numNodes: number, numEdges: number, seed: number): dg.Graph {
  const { src, dst } = randomAdj(numNodes, numEdges, seed).coo();
  return dg.graph([src, dst], { numNodes });
}

export const idsOf = (t: dg.Tensor): Int32Array => t.data as Int32Array;

/** Original node ids of a block side (one node type). */
export const srcNid = (b: dg.Graph, ntype?: string): Int32Array => idsOf(b.srcFrame(ntype).get(dg.NID));
export const dstNid = (b: dg.Graph, ntype?: string): Int32Array => idsOf(b.dstFrame(ntype).get(dg.NID));

/**
 * The invariants of sampled blocks on a homogeneous graph: each block's sources begin with its
 * destinations, consecutive blocks chain, every edge is an edge of g with the right endpoints,
 * distinct without replacement, and each destination has exactly min(fanout, eligible in-degree)
 * edges. eligible(e) says whether edge e could be sampled (exclusion, zero weight).
 */
export function checkBlocks(g: dg.Graph, seeds: readonly number[], blocks: dg.Graph[], fanouts: readonly number[],
  eligible: (e: number) => boolean = () => true): void {
  assert.equal(blocks.length, fanouts.length);
  const [gs, gd] = g.edges();
  const inEdges = new Map<number, number[]>();
  for (let e = 0; e < gd.length; e++) if (eligible(e)) inEdges.set(gd[e], [...(inEdges.get(gd[e]) ?? []), e]);
  assert.deepEqual([...dstNid(blocks[blocks.length - 1])], [...new Set(seeds)], 'output nodes are the seeds (repeats dropped)');
  blocks.forEach((b, l) => {
    assert.equal(b.isBlock, true);
    const sn = srcNid(b), dn = dstNid(b);
    assert.deepEqual([...sn.subarray(0, dn.length)], [...dn], `block ${l}: sources begin with the destinations`);
    assert.equal(new Set(sn).size, sn.length, `block ${l}: repeated source node`);
    if (l + 1 < blocks.length) assert.deepEqual([...srcNid(blocks[l + 1])], [...dn], `block ${l + 1} sources = block ${l} destinations`);
    const [s, d] = b.edges();
    const eid = idsOf(b.edata.get(dg.EID));
    const perDst = new Map<number, number[]>();
    for (let i = 0; i < eid.length; i++) {
      const e = eid[i];
      assert.ok(e >= 0 && e < gs.length, `block ${l}: edge id ${e} out of range`);
      assert.equal(sn[s[i]], gs[e], `block ${l}: edge ${e} source`);
      assert.equal(dn[d[i]], gd[e], `block ${l}: edge ${e} destination`);
      assert.ok(eligible(e), `block ${l}: ineligible edge ${e} sampled`);
      perDst.set(d[i], [...(perDst.get(d[i]) ?? []), e]);
    }
    for (let v = 0; v < dn.length; v++) {
      const got = perDst.get(v) ?? [];
      const deg = (inEdges.get(dn[v]) ?? []).length;
      const want = fanouts[l] < 0 ? deg : Math.min(fanouts[l], deg);
      assert.equal(got.length, want, `block ${l}: node ${dn[v]} has ${got.length} sampled in-edges, expected ${want} (degree ${deg}, fanout ${fanouts[l]})`);
      assert.equal(new Set(got).size, got.length, `block ${l}: node ${dn[v]} got an edge twice`);
    }
  });
}

/** Blocks as plain data, for comparing batches from different loaders. */
export function blockSignature(blocks: dg.Graph[]): unknown {
  return blocks.map((b) => ({
    src: [...srcNid(b)], dst: [...dstNid(b)], edges: b.edges().map((a) => [...a]), eid: [...idsOf(b.edata.get(dg.EID))],
  }));
}

/** Per relation key, whether edge e of that relation could be sampled. */
export type TypedEligible = (key: string, e: number) => boolean;

/**
 * checkBlocks for typed graphs, per node type and relation: sources begin with destinations,
 * blocks chain, every edge is an edge of its relation with the right endpoints, distinct, and each
 * destination has min(fanout of that relation, eligible in-degree in it) edges of it.
 */
export function checkTypedBlocks(g: dg.Graph, blocks: dg.Graph[], fanouts: readonly Readonly<Record<string, number>>[],
  eligible: TypedEligible = () => true): void {
  assert.equal(blocks.length, fanouts.length);
  blocks.forEach((b, l) => {
    for (const t of g.ntypes) {
      const sn = srcNid(b, t), dn = dstNid(b, t);
      assert.deepEqual([...sn.subarray(0, dn.length)], [...dn], `block ${l} '${t}': sources begin with the destinations`);
      assert.equal(new Set(sn).size, sn.length, `block ${l} '${t}': repeated source node`);
      if (l + 1 < blocks.length) assert.deepEqual([...srcNid(blocks[l + 1], t)], [...dn], `block ${l + 1} '${t}' sources = block ${l} destinations`);
    }
    for (const c of g.canonicalEtypes) {
      const key = c.join(':');
      const fanout = fanouts[l][c[1]];
      const [gs, gd] = g.edges({ etype: c });
      const degree = new Map<number, number>();
      for (let e = 0; e < gd.length; e++) if (eligible(key, e)) degree.set(gd[e], (degree.get(gd[e]) ?? 0) + 1);
      const sn = srcNid(b, c[0]), dn = dstNid(b, c[2]);
      const [s, d] = b.edges({ etype: c });
      const eid = idsOf(b.edgeFrame(c).get(dg.EID));
      const perDst = new Map<number, Set<number>>();
      for (let i = 0; i < eid.length; i++) {
        const e = eid[i];
        assert.ok(e >= 0 && e < gs.length, `block ${l} ${key}: edge id ${e} out of range`);
        assert.equal(sn[s[i]], gs[e], `block ${l} ${key}: edge ${e} source`);
        assert.equal(dn[d[i]], gd[e], `block ${l} ${key}: edge ${e} destination`);
        assert.ok(eligible(key, e), `block ${l} ${key}: ineligible edge ${e} sampled`);
        const set = perDst.get(d[i]) ?? new Set<number>();
        assert.ok(!set.has(e), `block ${l} ${key}: edge ${e} sampled twice`);
        perDst.set(d[i], set.add(e));
      }
      for (let v = 0; v < dn.length; v++) {
        const got = perDst.get(v)?.size ?? 0, deg = degree.get(dn[v]) ?? 0;
        const want = fanout < 0 ? deg : Math.min(fanout, deg);
        assert.equal(got, want, `block ${l} ${key}: node ${dn[v]} has ${got} in-edges, expected ${want} (degree ${deg}, fanout ${fanout})`);
      }
    }
  });
}

/** Typed blocks as plain data, for comparing batches from different loaders or backends. */
export function typedBlockSignature(blocks: dg.Graph[]): unknown {
  return blocks.map((b) => ({
    nodes: b.ntypes.map((t) => [[...srcNid(b, t)], [...dstNid(b, t)]]),
    edges: b.canonicalEtypes.map((c) => [...b.edges({ etype: c }).map((a) => [...a]), [...idsOf(b.edgeFrame(c).get(dg.EID))]]),
  }));
}
