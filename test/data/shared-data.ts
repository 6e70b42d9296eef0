import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * A folder of ../shared/data beside the checkout (compiled tests live in dist/test/data/).
 * A missing folder fails the test: the datasets are part of the workplace and CI.
 */
export function sharedData(...sub: string[]): string {
  const root = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
  const dir = join(root, ...sub);
  assert.ok(existsSync(dir), `test data folder ${dir} is missing (expected ../shared/data beside the repository)`);
  return dir;
}
