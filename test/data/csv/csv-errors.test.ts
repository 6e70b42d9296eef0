import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CSVDataset } from '../../../src/data/csv/dataset.js';
import { DataFormatError } from '../../../src/errors.js';
import { writeFolder } from './csv-fixtures.js';

const META = 'dataset_name: bad\nedge_data:\n- file_name: edges.csv\nnode_data:\n- file_name: nodes.csv\n';
const NODES = 'node_id,label,feat\n0,1,"0.5,1.5"\n1,0,"2.5,3.5"\n2,1,"4.0,5.0"\n';
const EDGES = 'src_id,dst_id\n0,1\n1,2\n2,0\n';

async function rejects(files: Record<string, string>, ...parts: (string | RegExp)[]): Promise<void> {
  const dir = writeFolder({ 'meta.yaml': META, 'nodes.csv': NODES, 'edges.csv': EDGES, ...files });
  await assert.rejects(CSVDataset.load(dir), (e: Error) => {
    assert.ok(e instanceof DataFormatError, `expected a DataFormatError, got ${e.name}: ${e.message}`);
    for (const p of parts) assert.match(e.message, typeof p === 'string' ? new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : p);
    return true;
  });
}

test('the good folder loads (so each case below fails for its own reason)', async () => {
  const ds = await CSVDataset.load(writeFolder({ 'meta.yaml': META, 'nodes.csv': NODES, 'edges.csv': EDGES }));
  assert.equal(ds.graphs[0].numEdges(), 3);
});

test('missing meta.yaml, or a missing key in it, names the file, line and column', async () => {
  const dir = writeFolder({ 'nodes.csv': NODES });
  await assert.rejects(CSVDataset.load(dir), /'meta\.yaml' cannot be found under/);
  await rejects({ 'meta.yaml': 'edge_data:\n- file_name: edges.csv\nnode_data:\n- file_name: nodes.csv\n' }, 'meta.yaml line 1, column 1', "missing key 'dataset_name'");
  await rejects({ 'meta.yaml': 'dataset_name: x\nedge_data:\n- file_name: edges.csv\nnode_data:\n- ntype: user\n' }, 'meta.yaml line 5, column 3', 'node_data[0]', "missing key 'file_name'");
  await rejects({ 'meta.yaml': 'dataset_name: x\nnode_data:\n- file_name: nodes.csv\n' }, "missing key 'edge_data'");
  await rejects({ 'meta.yaml': `${META}version: 2.0.0\n` }, "unsupported CSVDataset version '2.0.0'", 'line 6');
  await rejects({ 'meta.yaml': 'dataset_name: x\nedge_data:\n- file_name: edges.csv\n  etype: [a, b]\nnode_data:\n- file_name: nodes.csv\n' }, 'line 3, column 3', 'etype must be a list');
});

test('a missing column, or a cell of the wrong type, names the file, line and column', async () => {
  await rejects({ 'edges.csv': 'src,dst_id\n0,1\n' }, 'edges.csv line 1', "missing column 'src_id'");
  await rejects({ 'nodes.csv': 'id,label\n0,1\n' }, 'nodes.csv line 1', "missing column 'node_id'");
  await rejects({ 'nodes.csv': 'node_id,label,feat\n0,1,"0.5,1.5"\n1,abc,"2.5,3.5"\n2,1,"4.0,5.0"\n' }, 'nodes.csv line 3', "column 'label' (column 2)", "expected a number, got 'abc'");
  await rejects({ 'nodes.csv': 'node_id,train_mask\n0,True\n1,3\n2,False\n' }, 'nodes.csv line 3', "column 'train_mask'", 'expected True or False');
  await rejects({ 'nodes.csv': 'node_id,label\n0,1\n1,0,7\n' }, 'nodes.csv', 'line 3');
});

test('an edge naming an unknown node id names the file, line, column and node file', async () => {
  await rejects({ 'edges.csv': 'src_id,dst_id\n0,1\n1,2\n2,7\n' }, 'edges.csv line 4', "column 'dst_id' (column 2)", "unknown node id '7'", 'nodes.csv');
  await rejects({ 'edges.csv': 'src_id,dst_id\n0,1\nx,2\n' }, 'edges.csv line 3', "column 'src_id'", "unknown node id 'x'");
  await rejects({ 'nodes.csv': 'node_id\n0\n1\n1\n' }, 'nodes.csv line 4', "node id '1' appears twice");
});

test('ragged vector cells name the file, line and column', async () => {
  await rejects({ 'nodes.csv': 'node_id,feat\n0,"0.5,1.5"\n1,"2.5"\n2,"4.0,5.0"\n' }, 'nodes.csv line 3', "column 'feat'", 'vector cell has 1 values, the column\'s first cell has 2');
  await rejects({ 'nodes.csv': 'node_id,feat\n0,"0.5,1.5"\n1,"2.5,x"\n' }, 'nodes.csv line 3', "column 'feat'", "got 'x'");
});

test('a truncated .csv.gz names the file and the last line read', async () => {
  const rows = ['src_id,dst_id'];
  for (let i = 0; i < 20000; i++) rows.push(`${i % 3},${(i + 1) % 3}`);
  const gz = gzipSync(rows.join('\n'));
  const dir = writeFolder({ 'meta.yaml': META.replace('edges.csv', 'edges.csv.gz'), 'nodes.csv': NODES });
  writeFileSync(join(dir, 'edges.csv.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
  await assert.rejects(CSVDataset.load(dir), (e: Error) => {
    assert.ok(e instanceof DataFormatError);
    assert.match(e.message, /edges\.csv\.gz: truncated gzip stream after line \d+/);
    return true;
  });
  writeFileSync(join(dir, 'edges.csv.gz'), Buffer.from('not gzip at all'));
  await assert.rejects(CSVDataset.load(dir), /edges\.csv\.gz: .*(header|gzip)/i);
});
