import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as dg from '../../src/index.js';
import { range } from '../sampling/util.js';
import { randomGraph } from './util.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** Live JS heap plus ArrayBuffer memory after a full collection: what would grow if batches leaked. */
function liveBytes(): number {
  gc(); gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

test('1,000 batches through worker threads keep live memory flat', async (t) => {
  const g = randomGraph(5000, 60000, 31);
  g.ndata.set('feat', dg.rand([5000, 32]));
  const sampler = new dg.NeighborSampler([5, 10], { prefetchNodeFeats: ['feat'] });
  const loader = new dg.DataLoader(g, range(5000), sampler, { batchSize: 5, numWorkers: 1, seed: 1 });
  assert.equal(loader.length, 1000);
  let n = 0, atWarm = 0, rssWarm = 0, edges = 0;
  for await (const [, , blocks] of loader) {
    edges += blocks[0].numEdges();
    if (++n === 200) { atWarm = liveBytes(); rssWarm = process.memoryUsage().rss; }
  }
  const atEnd = liveBytes();
  t.diagnostic(`after 200 / 1000 batches: live memory ${mb(atWarm)} / ${mb(atEnd)} MB, rss ${mb(rssWarm)} / ${mb(process.memoryUsage().rss)} MB; ${edges} sampled edges`);
  assert.equal(n, 1000);
  assert.ok(atEnd - atWarm < 16 * 2 ** 20, `live memory grew by ${mb(atEnd - atWarm)} MB over 800 batches`);
});

test('MultiLayerFullNeighborSampler on a 1M-node graph allocates per batch, not per node', (t) => {
  const n = 1_000_000, m = 3_000_000;
  const gen = new dg.Generator(4);
  const src = new Int32Array(m), dst = new Int32Array(m);
  for (let e = 0; e < m; e++) { src[e] = gen.nextInt(n); dst[e] = gen.nextInt(n); }
  const g = dg.graph([src, dst], { numNodes: n });
  g.sparse().csc();
  const sampler = new dg.MultiLayerFullNeighborSampler(2);
  sampler.sample(g, [0], { seed: 1 }); // warm the relabelling scratch
  const before = liveBytes();
  let sampled = 0;
  for (let b = 0; b < 20; b++) {
    const [, , blocks] = sampler.sample(g, range(256).map((i) => i * 3900 + b), { seed: b });
    sampled += blocks[0].numEdges() + blocks[1].numEdges();
  }
  const after = liveBytes();
  t.diagnostic(`20 batches, ${sampled} edges: live memory ${mb(before)} -> ${mb(after)} MB, peak rss ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
  assert.ok(sampled > 20 * 256 * 3, 'full neighbourhoods were sampled');
  assert.ok(after - before < 16 * 2 ** 20, `live memory grew by ${mb(after - before)} MB`);
});
