import { after, test } from 'node:test';
import { rmSync } from 'node:fs';
import { layerCases } from './zoo.js';
import { exportDir, runOnnxChecker } from './ort.js';
import { checkCase } from './check.js';

const dir = exportDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const cases = layerCases();

test('every layer exported to ONNX runs in onnxruntime with deepgraph\'s outputs (1e-5) on Cora / MUTAG and on a second, differently sized graph', async (t) => {
  for (const c of cases) await t.test(c.name, () => checkCase(c, dir));
});

test('the ONNX checker (python3-onnx, full_check) accepts every exported layer file', (t) => runOnnxChecker(t, dir, cases.length));
