/**
 * Preloaded (`node --import`) into one rank of resume.test.ts: the process kills itself with SIGKILL
 * as soon as KILL_WHEN_EXISTS (rank 0's first checkpoint) appears, i.e. mid-training at a point
 * that does not depend on how fast the machine is. The check runs between training batches.
 */
import { existsSync } from 'node:fs';

const file = process.env.KILL_WHEN_EXISTS;
if (file) setInterval(() => { if (existsSync(file)) process.kill(process.pid, 'SIGKILL'); }, 5).unref();
