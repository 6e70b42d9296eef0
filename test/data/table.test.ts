import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from '../../src/data/table/read-table.js';
import { graphFromTables } from '../../src/data/table/table-graph.js';
import { DataFormatError } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectClose } from '../helpers.js';
import { writeFolder } from './csv/csv-fixtures.js';

// Written by scripts/make-table-fixtures.mjs: Arrow IPC by apache-arrow, Parquet by parquet-wasm (arrow-rs).
const fixture = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/table/${name}`, import.meta.url));

for (const ext of ['arrow', 'parquet']) {
  test(`readTable (${ext}): int64 ids as int32, float64 as float32, int32 labels, strings; column selection`, async () => {
    const nodes = await readTable(fixture(`nodes.${ext}`));
    assert.equal(nodes.numRows, 6);
    assert.deepEqual(Object.keys(nodes.columns).sort(), ['label', 'name', 'node_id', 'score']);
    const id = nodes.columns.node_id as Tensor;
    assert.equal(id.dtype, 'int32');
    assert.deepEqual([...id.data], [50, 10, 30, 20, 60, 40]);
    expectClose(nodes.columns.score as Tensor, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
    assert.equal((nodes.columns.score as Tensor).dtype, 'float32');
    assert.deepEqual([...(nodes.columns.label as Tensor).data], [1, 0, 1, 0, 1, 0]);
    assert.deepEqual(nodes.columns.name, ['e', 'a', 'c', 'b', 'f', 'd']);
    const some = await readTable(fixture(`edges.${ext}`), { columns: ['src_id', 'dst_id'] });
    assert.deepEqual(Object.keys(some.columns), ['src_id', 'dst_id']);
    await assert.rejects(readTable(fixture(`edges.${ext}`), { columns: ['source'] }), /no column 'source' \(the file has 'src_id', 'dst_id', 'weight'\)/);
  });

  test(`graphFromTables (${ext}): an edge list and a node table with ids 10..60 become nodes 0..5 in id order`, async () => {
    const { graph: g, originalIds } = graphFromTables(await readTable(fixture(`edges.${ext}`)), await readTable(fixture(`nodes.${ext}`)));
    assert.equal(g.numNodes(), 6);
    assert.deepEqual(originalIds, Float64Array.of(10, 20, 30, 40, 50, 60));
    const [s, d] = g.edges() as unknown as [Int32Array, Int32Array];
    assert.deepEqual([...s], [0, 1, 2, 3, 4, 5, 0]);
    assert.deepEqual([...d], [1, 2, 3, 4, 5, 0, 3]);
    expectClose(g.edata.get('weight'), [1, 2, 3, 4, 5, 6, 7]);
    expectClose(g.ndata.get('score'), [1.5, 3.5, 2.5, 5.5, 0.5, 4.5]); // node 0 is id 10, whose score is 1.5
    assert.deepEqual([...g.ndata.get('label').data], [0, 0, 1, 0, 1, 1]);
  });
}

test('readTable and graphFromTables errors name the file, column and row', async () => {
  const dir = writeFolder({ 'x.parquet': 'PAR1 this is not parquet', 'y.arrow': 'not arrow', 'z.txt': '' });
  await assert.rejects(readTable(join(dir, 'x.parquet')), (e: Error) => e instanceof DataFormatError && /x\.parquet: not a readable Parquet file/.test(e.message));
  await assert.rejects(readTable(join(dir, 'y.arrow')), (e: Error) => e instanceof DataFormatError && /y\.arrow: not a readable Arrow IPC file/.test(e.message));
  await assert.rejects(readTable(join(dir, 'z.txt')), /cannot tell the format/);
  const edges = await readTable(fixture('edges.parquet'));
  const nodes = await readTable(fixture('nodes.parquet'));
  const fewer = { numRows: 5, columns: { node_id: { ...(nodes.columns.node_id as Tensor), data: Int32Array.of(10, 20, 30, 40, 50), shape: [5], size: 5 } as unknown as Tensor } };
  assert.throws(() => graphFromTables(edges, fewer), /edge table row 4, column 'dst_id': unknown node id '60'/);
  writeFileSync(join(dir, 'ok'), '');
});
