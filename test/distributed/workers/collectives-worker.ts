/**
 * One rank of test/distributed's collective jobs (started by job.ts, not a test itself): joins the
 * group the environment describes, runs allReduce / broadcast / allGather / barrier on arrays
 * whose contents follow from (rank, index), and writes every result to OUT_DIR/<rank>-<case>.bin
 * for the parent to compare with what it computes locally.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initProcessGroup } from '../../../src/distributed/index.js';
import { fillCase, type CaseSpec } from './cases.js';

const outDir = process.env.OUT_DIR!;
const cases = JSON.parse(process.env.CASES!) as CaseSpec[];
const group = await initProcessGroup({ onFailure: (e) => { process.stderr.write(`rank ${process.env.RANK}: ${e.message}\n`); process.exit(3); } });
const write = (name: string, a: ArrayBufferView): void => writeFileSync(join(outDir, `${group.rank}-${name}.bin`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
for (const c of cases) {
  const data = fillCase(c, group.rank);
  if (c.op === 'allReduce') await group.allReduce(data as Float32Array | Float64Array);
  else if (c.op === 'broadcast') await group.broadcast(data, c.root ?? 0);
  else if (c.op === 'allGather') {
    write(c.name, await group.allGather(data));
    continue;
  } else await group.barrier();
  write(c.name, data);
}
process.stderr.write(`rank ${group.rank}: engine ${group.engine}\n`);
writeFileSync(join(outDir, `${group.rank}-engine.txt`), group.engine);
await group.close();
