import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectBench } from '../../bench/run.js';

test('torch-load: one line per layout, with the archive throughput and the tensor it decoded', async () => {
  const lines = await collectBench(['torch-load', '--size', '8192', '--runs', '5']);
  assert.deepEqual(lines.map((l) => `${String(l.layout)} ${String(l.dtype)}`), ['contiguous float32', 'transposed float32', 'contiguous float16']);
  for (const l of lines) {
    assert.equal(l.name, 'torch-load');
    assert.equal(l.elements, 8192);
    assert.equal(l.runs, 5);
    assert.ok((l.minMs as number) > 0 && (l.medianMs as number) >= (l.minMs as number));
    assert.ok((l.gbPerS as number) > 0 && Number.isFinite(l.gbPerS as number));
  }
  assert.deepEqual(lines[1].shape, [1024, 8]);
  await assert.rejects(collectBench(['torch-load', '--feats', '3']), /--feats does not apply to torch-load/);
});
