/**
 * Zachary's karate club (Zachary 1977) as networkx.karate_club_graph numbers it: 34 members,
 * 78 friendships (0-based, each listed once), and the club each member joined after the split
 * (0 = "Mr. Hi", 1 = "Officer"), which is DGL's KarateClubDataset label.
 */
const NEIGHBOURS: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0, [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 17, 19, 21, 31]],
  [1, [2, 3, 7, 13, 17, 19, 21, 30]],
  [2, [3, 7, 8, 9, 13, 27, 28, 32]],
  [3, [7, 12, 13]],
  [4, [6, 10]],
  [5, [6, 10, 16]],
  [6, [16]],
  [8, [30, 32, 33]],
  [9, [33]],
  [13, [33]],
  [14, [32, 33]],
  [15, [32, 33]],
  [18, [32, 33]],
  [19, [33]],
  [20, [32, 33]],
  [22, [32, 33]],
  [23, [25, 27, 29, 32, 33]],
  [24, [25, 27, 31]],
  [25, [31]],
  [26, [29, 33]],
  [27, [33]],
  [28, [31, 33]],
  [29, [32, 33]],
  [30, [32, 33]],
  [31, [32, 33]],
  [32, [33]],
];

const MR_HI_CLUB = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21];

export const KARATE_NUM_NODES = 34;

/** The 78 undirected friendships as (u, v) with u < v. */
export function karateUndirectedEdges(): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [u, vs] of NEIGHBOURS) for (const v of vs) out.push([u, v]);
  return out;
}

/** Both directions of every friendship (156 directed edges), as DGL builds it from networkx. */
export function karateEdges(): { src: Int32Array; dst: Int32Array } {
  const und = karateUndirectedEdges();
  const src = new Int32Array(2 * und.length), dst = new Int32Array(2 * und.length);
  und.forEach(([u, v], i) => {
    src[2 * i] = u; dst[2 * i] = v;
    src[2 * i + 1] = v; dst[2 * i + 1] = u;
  });
  return { src, dst };
}

export function karateLabels(): Int32Array {
  const labels = new Int32Array(KARATE_NUM_NODES).fill(1);
  for (const v of MR_HI_CLUB) labels[v] = 0;
  return labels;
}
