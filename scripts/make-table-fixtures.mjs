// Writes test/fixtures/table/{edges,nodes}.{parquet,arrow}: small edge and node tables written by
// independent writers, read by test/data/table.test.ts through readTable (hyparquet, apache-arrow).
// Parquet comes from parquet-wasm (the Rust arrow-rs/parquet crates), not from the reader's author.
//
//   mkdir -p /tmp/pqw && cd /tmp/pqw && npm init -y && npm install parquet-wasm apache-arrow
//   NODE_PATH=/tmp/pqw/node_modules node scripts/make-table-fixtures.mjs
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(`${process.env.NODE_PATH ?? '/tmp/pqw/node_modules'}/`);
const arrow = require('apache-arrow');
const pq = require('parquet-wasm');
const out = new URL('../test/fixtures/table/', import.meta.url);

// 6 nodes with int64 ids 10, 20, ... (not 0..N-1, listed out of order), a float64 score, an int32 label and a string name.
const nodes = arrow.tableFromArrays({
  node_id: BigInt64Array.from([50n, 10n, 30n, 20n, 60n, 40n]),
  score: Float64Array.from([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]),
  label: Int32Array.from([1, 0, 1, 0, 1, 0]),
  name: ['e', 'a', 'c', 'b', 'f', 'd'],
});
const edges = arrow.tableFromArrays({
  src_id: BigInt64Array.from([10n, 20n, 30n, 40n, 50n, 60n, 10n]),
  dst_id: BigInt64Array.from([20n, 30n, 40n, 50n, 60n, 10n, 40n]),
  weight: Float32Array.from([1, 2, 3, 4, 5, 6, 7]),
});
for (const [name, table] of [['nodes', nodes], ['edges', edges]]) {
  const ipc = arrow.tableToIPC(table, 'file');
  writeFileSync(new URL(`${name}.arrow`, out), ipc);
  const wasmTable = pq.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
  writeFileSync(new URL(`${name}.parquet`, out), pq.writeParquet(wasmTable));
}
console.log('wrote', out.pathname);
