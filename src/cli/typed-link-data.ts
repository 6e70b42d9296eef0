/**
 * The data side of `deepgraph train --data DIR --task link` on a typed graph: the edge type to
 * predict (--etype), its reverse relation (found, named by --reverse-etype, or added), a random
 * split of the distinct target pairs, and the message-passing graph in which the held-out pairs
 * are absent from the target relation AND from its reverse (DGL's exclude='reverse_types': a
 * reverse edge would otherwise hand the model the answer).
 */
import { canonicalKey, type Graph } from '../graph/graph.js';
import { heterograph } from '../graph/construct.js';
import type { Tensor } from '../tensor/tensor.js';
import { UsageError } from './args.js';
import { nodeFeatures, randomSplit, type SplitFractions, type UserDataset } from './data-dir.js';
import type { Pairs } from './link-train.js';

type Canonical = readonly [string, string, string];

export interface TypedLinkData {
  name: string;
  target: Canonical;
  /** The reverse relation in trainGraph (an existing one, or `rev-<etype>` added from the training pairs). */
  reverse: Canonical;
  reverseAdded: boolean;
  trainGraph: Graph;
  /** Node features per type ('feat' or the numeric columns); absent for featureless types. */
  features: Record<string, Tensor | undefined>;
  train: Pairs; val: Pairs; test: Pairs;
  splitNote: string;
}

const keyOf = (c: Canonical): string => canonicalKey(c as [string, string, string]);
const listOf = (g: Graph): string => `[${g.canonicalEtypes.map((c) => keyOf(c)).join(', ')}]`;

/** The relation named by `name`: a canonical 'src:etype:dst' key or an edge type name that is unique. */
export function resolveEtype(g: Graph, name: string, option: string): Canonical {
  const exact = g.canonicalEtypes.find((c) => keyOf(c) === name);
  if (exact !== undefined) return exact;
  const byName = g.canonicalEtypes.filter((c) => c[1] === name);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw new UsageError(`${option} '${name}' names ${byName.length} relations (${byName.map((c) => keyOf(c)).join(', ')}); give the canonical 'src:etype:dst' key`);
  throw new UsageError(`${option} '${name}' is not an edge type of this graph; edge types are ${listOf(g)}`);
}

function pairsOf(g: Graph, c: Canonical): [Int32Array, Int32Array] {
  const [s, d] = g.edges({ etype: [...c] as [string, string, string] });
  return [Int32Array.from(s), Int32Array.from(d)];
}

/** The first pair of `c` whose reverse is missing from `rev`, or undefined when rev mirrors all of c. */
function firstUnmirrored(g: Graph, c: Canonical, rev: Canonical): [number, number] | undefined {
  const [s, d] = pairsOf(g, c), [rs, rd] = pairsOf(g, rev);
  const have = new Set<string>();
  for (let e = 0; e < rs.length; e++) have.add(`${rd[e]},${rs[e]}`);
  for (let e = 0; e < s.length; e++) if (!have.has(`${s[e]},${d[e]}`)) return [s[e], d[e]];
  return undefined;
}

/** The reverse relation: --reverse-etype (checked), else the one relation dst→src that mirrors the target, else none. */
function findReverse(g: Graph, target: Canonical, named: string | undefined): Canonical | undefined {
  if (named !== undefined) {
    const rev = resolveEtype(g, named, '--reverse-etype');
    if (rev[0] !== target[2] || rev[2] !== target[0]) {
      throw new UsageError(`--reverse-etype ${keyOf(rev)} runs ${rev[0]} → ${rev[2]}; the reverse of ${keyOf(target)} must run ${target[2]} → ${target[0]}`);
    }
    const miss = firstUnmirrored(g, target, rev);
    if (miss !== undefined) throw new UsageError(`--reverse-etype ${keyOf(rev)} lacks the reverse of ${keyOf(target)} edge ${miss[0]} → ${miss[1]}`);
    return rev;
  }
  const mirrors = g.canonicalEtypes.filter((c) => keyOf(c) !== keyOf(target) && c[0] === target[2] && c[2] === target[0]
    && firstUnmirrored(g, target, c) === undefined);
  return mirrors.length === 1 ? mirrors[0] : undefined;
}

/** Splits the distinct pairs of the target relation and builds the training graph without the held-out ones. */
export function typedLinkTaskData(d: UserDataset, etype: string | undefined, reverseEtype: string | undefined,
  split: SplitFractions | undefined, seed: number): TypedLinkData {
  if (d.graphs.length !== 1) throw new UsageError(`${d.name}: --task link takes one graph; the folder holds ${d.graphs.length}`);
  const g = d.graphs[0];
  if (etype === undefined && g.canonicalEtypes.length > 1) {
    throw new UsageError(`${d.name}: --task link on a typed graph needs --etype to name the relation to predict; edge types are ${listOf(g)}`);
  }
  const target = etype === undefined ? g.canonicalEtypes[0] : resolveEtype(g, etype, '--etype');
  const reverse = findReverse(g, target, reverseEtype);
  const [s, t] = pairsOf(g, target);
  const nDst = g.numNodes(target[2]), seen = new Set<number>(), us: number[] = [], vs: number[] = [];
  for (let e = 0; e < s.length; e++) {
    const k = s[e] * nDst + t[e];
    if (seen.has(k)) continue;
    seen.add(k); us.push(s[e]); vs.push(t[e]);
  }
  if (us.length < 10) throw new UsageError(`${d.name}: relation ${keyOf(target)} has ${us.length} distinct edges; link prediction needs at least 10`);
  const f = split ?? [0.85, 0.05, 0.1] as const;
  const [tr, va, te] = randomSplit(Int32Array.from(us.keys()), f, seed);
  const pick = (ids: Int32Array): Pairs => ({ src: Int32Array.from(ids, (i) => us[i]), dst: Int32Array.from(ids, (i) => vs[i]) });
  const train = pick(tr), val = pick(va), test = pick(te);
  const heldOut = new Set<number>();
  for (const p of [val, test]) p.src.forEach((u, i) => heldOut.add(u * nDst + p.dst[i]));
  const rev: Canonical = reverse ?? [target[2], `rev-${target[1]}`, target[0]];
  const data: Record<string, [Int32Array, Int32Array]> = {};
  for (const c of g.canonicalEtypes) {
    if (keyOf(c) === keyOf(target)) data[keyOf(c)] = [train.src, train.dst];
    else if (reverse !== undefined && keyOf(c) === keyOf(reverse)) {
      const [rs, rd] = pairsOf(g, c), keep = [...rs.keys()].filter((e) => !heldOut.has(rd[e] * nDst + rs[e]));
      data[keyOf(c)] = [Int32Array.from(keep, (e) => rs[e]), Int32Array.from(keep, (e) => rd[e])];
    } else data[keyOf(c)] = pairsOf(g, c);
  }
  if (reverse === undefined) data[keyOf(rev)] = [train.dst, train.src];
  const numNodes = Object.fromEntries(g.ntypes.map((n) => [n, g.numNodes(n)]));
  return {
    name: d.name, target, reverse: rev, reverseAdded: reverse === undefined, trainGraph: heterograph(data, { numNodes }),
    features: Object.fromEntries(g.ntypes.map((n) => [n, nodeFeatures(g, n)])), train, val, test,
    splitNote: `${keyOf(target)}: random split ${f.join('/')} of its ${us.length} distinct edges (seed ${seed}); held-out pairs removed from it and `
      + (reverse === undefined ? `reverse relation ${keyOf(rev)} added from the training pairs` : `from its reverse ${keyOf(rev)}`),
  };
}
