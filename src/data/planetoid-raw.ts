import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireFiles } from './dataset.js';
import { verifyChecksum, type RawReadOptions } from './checksums.js';
import { PLANETOID_PARTS, parsePlanetoid, type NodeClassificationArrays } from './planetoid-parse.js';

export { PLANETOID_PARTS, adjacencyToEdges, type NodeClassificationArrays } from './planetoid-parse.js';

/**
 * Reads ind.<name>.{x,y,tx,ty,allx,ally,graph,test.index} from `dir` (see parsePlanetoid for the
 * construction), checking the published SHA-256 of each file first.
 */
export function readPlanetoid(dir: string, name: string, opts: RawReadOptions = {}): NodeClassificationArrays {
  const files = PLANETOID_PARTS.map((p) => `ind.${name}.${p}`);
  requireFiles(name, dir, files);
  for (const f of files) verifyChecksum(join(dir, f), opts);
  return parsePlanetoid(name, { read: (f) => readFileSync(join(dir, f)), where: (f) => join(dir, f) }, opts);
}
