/**
 * Child process of checkpoint.test.ts (not a test itself): trains a small GCN (dropout, Adam with
 * weight decay, StepLR) on a fixed random graph.
 *   node resume-child.js full DIR      20 epochs, final weights to DIR/full.safetensors
 *   node resume-child.js first DIR     10 epochs, checkpoint to DIR/ckpt.safetensors
 *   node resume-child.js resume DIR    loads the checkpoint, epochs 11..20, weights to DIR/resumed.safetensors
 */
import { join } from 'node:path';
import * as dg from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';

const EPOCHS = 20;

class GCN extends dg.nn.Module {
  readonly conv1 = this.registerModule('conv1', new dg.nn.GraphConv(8, 16));
  readonly conv2 = this.registerModule('conv2', new dg.nn.GraphConv(16, 4));
  forward(g: dg.Graph, x: Tensor): Tensor {
    const h = dg.relu(this.conv1.forward(g, dg.dropout(x, 0.5, this.training)));
    return this.conv2.forward(g, dg.dropout(h, 0.5, this.training));
  }
}

function setup(): { g: dg.Graph; x: Tensor; y: Tensor; model: GCN; opt: dg.optim.Adam; sched: dg.optim.StepLR } {
  const g = dg.addSelfLoop(dg.randGraph(120, 600, { seed: 5 }));
  const gen = new dg.Generator(9);
  const x = new Tensor(Float32Array.from({ length: 120 * 8 }, () => gen.nextNormal()), [120, 8]);
  const y = new Tensor(Int32Array.from({ length: 120 }, () => gen.nextInt(4)), [120], 'int32');
  dg.manualSeed(42);
  const model = new GCN();
  const opt = new dg.optim.Adam(model.parameters(), { lr: 0.02, weightDecay: 5e-4 });
  const sched = new dg.optim.StepLR(opt, { stepSize: 4, gamma: 0.7 });
  return { g, x, y, model, opt, sched };
}

function train(s: ReturnType<typeof setup>, from: number, to: number): void {
  for (let epoch = from; epoch < to; epoch++) {
    s.model.train();
    const loss = dg.crossEntropy(s.model.forward(s.g, s.x), s.y);
    s.opt.zeroGrad();
    loss.backward();
    s.opt.step();
    s.sched.step();
  }
}

const [mode, dir] = process.argv.slice(2);
const s = setup();
if (mode === 'full') {
  train(s, 0, EPOCHS);
  dg.save(s.model, join(dir, 'full.safetensors'));
} else if (mode === 'first') {
  train(s, 0, EPOCHS / 2);
  dg.saveCheckpoint(join(dir, 'ckpt.safetensors'), { model: s.model, optimizer: s.opt, scheduler: s.sched, epoch: EPOCHS / 2 - 1, extra: { note: 'half' } });
} else if (mode === 'resume') {
  dg.manualSeed(12345); // a different stream: the checkpoint must restore the right one
  const ck = dg.loadCheckpoint(join(dir, 'ckpt.safetensors'), { model: s.model, optimizer: s.opt, scheduler: s.sched });
  train(s, ck.epoch! + 1, EPOCHS);
  dg.save(s.model, join(dir, 'resumed.safetensors'));
} else {
  throw new Error(`resume-child: unknown mode '${mode}'`);
}
