/**
 * The full-length check of issue 20's R-GCN line (too slow for the suite): trains deepgraph
 * train's R-GCN with its default settings, exports it, and prints onnxruntime's largest deviation
 * from deepgraph on the trained graph and on a third of it, and both test accuracies.
 *   node dist/test/onnx/run-entity-export.js aifb|mutag-rdf [seed]
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadData } from '../../src/cli/datasets.js';
import { rgcnDefaults, trainEntityRun, type EntityData } from '../../src/cli/entity-train.js';
import { sharedData } from '../data/shared-data.js';
import { checkEntityExport } from './entity.js';

const name = process.argv[2] === 'mutag-rdf' ? 'mutag-rdf' : 'aifb';
const seed = Number(process.argv[3] ?? 0);
const data = await loadData(name, sharedData()) as EntityData;
const res = trainEntityRun(data, rgcnDefaults(name), seed, undefined, true);
const file = join(tmpdir(), `deepgraph-rgcn-${name}.onnx`);
const check = await checkEntityExport(data, res.entity!, file);
console.log(JSON.stringify({ dataset: name, seed, file, bytes: check.bytes, maxAbsDiffFull: check.maxAbsDiff[0], maxAbsDiffThird: check.maxAbsDiff[1],
  subgraphEdges: check.subgraphEdges, deepgraphTestAcc: res.testAcc, onnxruntimeTestAcc: check.testAcc }));
