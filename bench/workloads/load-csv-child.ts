/**
 * One CSVDataset load in a fresh process (bench load-csv): prints one JSON object with the load
 * time, this process's peak RSS, its RSS before loading and the bytes of the arrays it loaded.
 */
import { CSVDataset } from '../../src/data/csv/dataset.js';

const dir = process.argv[2];
const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
const rssBeforeMb = mb(process.memoryUsage.rss());
const t0 = performance.now(), cpu0 = process.cpuUsage();
const ds = await CSVDataset.load(dir);
const ms = performance.now() - t0, cpu = process.cpuUsage(cpu0);
const g = ds.graphs[0];
let arrayBytes = 0;
for (const c of g.canonicalEtypes) {
  arrayBytes += 8 * g.numEdges(c); // the COO source and destination ids (int32)
  for (const [, t] of g.edgeFrame(c).entries()) arrayBytes += t.data.byteLength;
}
for (const t of g.ntypes) for (const [, x] of g.nodeFrame(t).entries()) arrayBytes += x.data.byteLength;
process.stdout.write(`${JSON.stringify({
  ms, cpuMs: (cpu.user + cpu.system) / 1e3, nodes: g.numNodes(), edges: g.numEdges(), arraysMb: mb(arrayBytes), rssBeforeMb,
  peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
})}\n`);
