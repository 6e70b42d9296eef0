import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import * as dg from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { DeepGraphError, ShapeError } from '../../src/errors.js';
import { snakeCase } from '../../src/io/torch/name-map.js';
import { seededData } from '../helpers.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/torch/', import.meta.url));
const { nn } = dg;

class Pair extends nn.Module {
  constructor(readonly conv1: dg.nn.Module, readonly conv2: dg.nn.Module, names: [string, string] = ['conv1', 'conv2']) {
    super();
    this.registerModule(names[0], conv1);
    this.registerModule(names[1], conv2);
  }
  forward(): never { throw new Error('not run'); }
}

const gcn = (hidden = 8): Pair => new Pair(new nn.GraphConv(1433, hidden), new nn.GraphConv(hidden, 7));
const throwsMatching = (fn: () => unknown, type: new (...a: never[]) => Error, ...patterns: RegExp[]): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    for (const p of patterns) assert.match((e as Error).message, p);
    return true;
  });
};
const rand = (shape: number[], seed: number): Tensor =>
  new Tensor(Float32Array.from(seededData(shape.reduce((a, b) => a * b, 1), seed)), shape, 'float32');

test('fromPyG: GCNConv weights are transposed into GraphConv and load', () => {
  const sd = dg.loadTorch(DIR + 'pyg_gcn.pt');
  const model = gcn();
  const mapped = dg.fromPyG(sd, model);
  assert.deepEqual([...mapped.keys()], ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias']);
  const w = sd.get('conv1.lin.weight')!, m = mapped.get('conv1.weight')!;
  assert.deepEqual([...m.shape], [1433, 8]);
  assert.equal(m.data[5 * 8 + 3], w.data[3 * 1433 + 5]);
  model.loadStateDict(mapped);
});

test('fromPyG: missing, unexpected and misshapen keys are named', () => {
  const sd = dg.loadTorch(DIR + 'pyg_gcn.pt');
  const lacking = new Map(sd);
  lacking.delete('conv2.lin.weight');
  throwsMatching(() => dg.fromPyG(lacking, gcn()), DeepGraphError, /fromPyG/, /missing: 'conv2\.weight' \(GraphConv; tried 'conv2\.lin\.weight', 'conv2\.weight'\)/);
  const extra = new Map(sd).set('conv3.lin.weight', rand([7, 7], 1));
  throwsMatching(() => dg.fromPyG(extra, gcn()), DeepGraphError, /unexpected \(not used by the model\): 'conv3\.lin\.weight'/);
  throwsMatching(() => dg.fromPyG(sd, gcn(16)), ShapeError, /'conv1\.lin\.weight' has shape \[8, 1433\], but GraphConv 'conv1\.weight' needs \[1433, 16\]/);
  const report = dg.mapFromPyG(extra, gcn());
  assert.deepEqual(report.unexpected, ['conv3.lin.weight']);
  assert.deepEqual(report.missing, []);
  const partial = dg.fromPyG(lacking, gcn(), { strict: false });
  assert.equal(partial.has('conv2.weight'), false);
  gcn().loadStateDict(partial, { strict: false });
});

test('fromPyG: prefix strips a wrapper prefix; rename maps differently named modules', () => {
  const sd = dg.loadTorch(DIR + 'pyg_gcn.pt');
  const wrapped = new Map([...sd].map(([k, t]) => [`module.${k}`, t]));
  assert.deepEqual([...dg.fromPyG(wrapped, gcn(), { prefix: 'module.' }).keys()], [...dg.fromPyG(sd, gcn()).keys()]);
  const renamedModel = new Pair(new nn.GraphConv(1433, 8), new nn.GraphConv(8, 7), ['first', 'second']);
  const mapped = dg.fromPyG(sd, renamedModel, { rename: { first: 'conv1', second: 'conv2' } });
  assert.deepEqual([...mapped.keys()], ['first.weight', 'first.bias', 'second.weight', 'second.bias']);
});

test('fromPyG: legacy GATConv (weight [in, H*F], fused att [1, H, 2F]) maps like 2.4 lin_src / att_src / att_dst', () => {
  const sd = dg.loadTorch(DIR + 'pyg_gat.pt');
  const model = (): Pair => new Pair(new nn.GATConv(1433, 4, 2), new nn.GATConv(8, 7, 2));
  const modern = dg.fromPyG(sd, model());
  const legacy = new Map<string, Tensor>();
  for (const layer of ['conv1', 'conv2']) {
    const w = sd.get(`${layer}.lin_src.weight`)!;
    legacy.set(`${layer}.weight`, dg.transpose(w, 0, 1));
    legacy.set(`${layer}.att`, dg.concat([sd.get(`${layer}.att_dst`)!, sd.get(`${layer}.att_src`)!], 2));
    legacy.set(`${layer}.bias`, sd.get(`${layer}.bias`)!);
  }
  const old = dg.fromPyG(legacy, model());
  for (const [k, t] of modern) assert.deepEqual(Array.from(old.get(k)!.data), Array.from(t.data), k);
  const split = new Map(sd).set('conv1.lin_dst.weight', rand([8, 1433], 3));
  throwsMatching(() => dg.fromPyG(split, model()), DeepGraphError, /'conv1\.lin_src\.weight' and its twin 'lin_dst\.weight' differ/);
});

test('fromPyG: RGCNConv block-diagonal weights and SAGEConv(project=True, aggr="max") as pool', () => {
  const rgcn = new nn.RelGraphConv(4, 6, 3, { regularizer: 'bdd', numBases: 2 });
  const weight = rand([3, 2, 2, 3], 4);
  const sd = new Map([['weight', weight], ['root', rand([4, 6], 5)], ['bias', rand([6], 6)]]);
  const mapped = dg.fromPyG(sd, rgcn);
  assert.deepEqual([...mapped.get('linearR.W')!.shape], [3, 12]);
  assert.deepEqual(Array.from(mapped.get('linearR.W')!.data), Array.from(weight.data));
  const pool = new nn.SAGEConv(5, 3, 'pool');
  const sage = new Map([['lin.weight', rand([5, 5], 7)], ['lin.bias', rand([5], 8)], ['lin_l.weight', rand([3, 5], 9)],
    ['lin_l.bias', rand([3], 10)], ['lin_r.weight', rand([3, 5], 11)]]);
  assert.deepEqual([...dg.fromPyG(sage, pool).keys()].sort(), ['bias', 'fcNeigh.weight', 'fcPool.bias', 'fcPool.weight', 'fcSelf.weight']);
});

class DglStyle extends nn.Module {
  readonly conv = this.registerModule('conv', new nn.RelGraphConv(4, 6, 3, { regularizer: 'basis', numBases: 2, layerNorm: true }));
  readonly bn = this.registerModule('bn', new nn.BatchNorm1d(6));
  readonly sage = this.registerModule('sage', new nn.SAGEConv(6, 2, 'lstm'));
  readonly gin = this.registerModule('gin', new nn.GINConv({ applyFunc: new nn.Linear(2, 2), learnEps: true }));
  forward(): never { throw new Error('not run'); }
}

test("fromDGL: RelGraphConv, BatchNorm1d, SAGEConv('lstm') and GINConv under DGL's snake_case names", () => {
  const source = new DglStyle();
  source.bn.numBatchesTracked!.data[0] = 17;
  const dglDict = new Map<string, Tensor>();
  for (const [k, t] of source.stateDict()) {
    // DGL's SAGEConv keeps its bias in fc_self (mean / pool / lstm).
    dglDict.set(k === 'sage.bias' ? 'sage.fc_self.bias' : snakeCase(k), t);
  }
  for (const key of ['conv.linear_r.W', 'conv.linear_r.coeff', 'conv.h_bias', 'conv.loop_weight', 'conv.layer_norm_weight.weight',
    'bn.running_mean', 'bn.num_batches_tracked', 'sage.lstm.weight_ih_l0', 'sage.fc_neigh.weight', 'gin.apply_func.weight', 'gin.eps']) {
    assert.ok(dglDict.has(key), `DGL name ${key}`);
  }
  const target = new DglStyle();
  target.loadStateDict(dg.fromDGL(dglDict, target));
  for (const [k, t] of source.stateDict()) assert.deepEqual(Array.from(target.stateDict().get(k)!.data), Array.from(t.data), k);
  assert.equal(target.bn.numBatchesTracked!.data[0], 17);
});
