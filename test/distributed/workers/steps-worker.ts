/**
 * One rank of the fault tests (faults.test.ts): all-reduces a small gradient-sized array every
 * 50 ms for up to STEPS steps, printing 'step k' to stderr. The rank named by KILL_RANK kills
 * itself with SIGKILL at step KILL_AT (a trainer lost mid-epoch). A lost peer or store ends every
 * other rank through onFailure (message on stderr, exit code 3).
 */
import { initProcessGroup } from '../../../src/distributed/index.js';

const group = await initProcessGroup({ onFailure: (e) => { process.stderr.write(`rank ${process.env.RANK} stopping: ${e.message}\n`); process.exit(3); } });
const steps = Number(process.env.STEPS ?? 400);
const killRank = process.env.KILL_RANK === undefined ? -1 : Number(process.env.KILL_RANK);
const data = new Float32Array(1000);
for (let k = 0; k < steps; k++) {
  if (group.rank === killRank && k === Number(process.env.KILL_AT ?? 5)) process.kill(process.pid, 'SIGKILL');
  data.fill(1);
  try {
    await group.allReduce(data);
  } catch (e) {
    process.stderr.write(`rank ${group.rank} stopping: ${(e as Error).message}\n`);
    process.exit(3);
  }
  if (data[0] !== group.worldSize) throw new Error(`step ${k}: sum ${data[0]}, expected ${group.worldSize}`);
  process.stderr.write(`step ${k}\n`);
  await new Promise((r) => setTimeout(r, 50));
}
await group.close();
