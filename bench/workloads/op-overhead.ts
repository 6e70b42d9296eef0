/**
 * `bench op-overhead`: what one small autograd op costs beyond its arithmetic. A chain of --blocks
 * blocks on a [--m, --feats] float32 tensor, each block six ops (matmul by a [feats, feats] weight,
 * add a bias row, relu, multiply by the block's input, tanh, add the block's input), then a sum and
 * backward to every weight and bias. One timed run repeats the chain --batches times (default 200),
 * so the clock's resolution does not matter; `perOpUs` is the fastest run over (ops x repeats),
 * forward and backward together. bench/compare/torch_bench.py runs the same chain in PyTorch.
 */
import { add, mul } from '../../src/tensor/elementwise.js';
import { relu, tanh } from '../../src/tensor/activation.js';
import { matmul } from '../../src/tensor/matmul.js';
import { sum } from '../../src/tensor/reduce.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { BenchOptions } from '../args.js';
import { printLine, resultLine, round, time, type Context } from '../harness.js';
import { uniformTensor } from './data.js';

/** Ops of one block (matmul, add, relu, mul, tanh, add); the chain adds one sum. */
export const OPS_PER_BLOCK = 6;

export function runOpOverhead(o: BenchOptions, ctx: Context): void {
  const rows = o.m, width = o.feats, blocks = o.layers, repeats = o.batches ?? 200;
  const x = uniformTensor([rows, width], o.seed + 1);
  const weights: Tensor[] = [], biases: Tensor[] = [];
  for (let i = 0; i < blocks; i++) {
    // Scaled so the chain stays in tanh's working range.
    const w = uniformTensor([width, width], o.seed + 10 + i);
    for (let j = 0; j < w.data.length; j++) w.data[j] = (w.data[j] - 0.5) * (2 / Math.sqrt(width));
    weights.push(w.setRequiresGrad());
    biases.push(uniformTensor([width], o.seed + 100 + i).setRequiresGrad());
  }
  const chain = (): void => {
    let h = x;
    for (let i = 0; i < blocks; i++) {
      const a = relu(add(matmul(h, weights[i]), biases[i]));
      h = add(tanh(mul(a, h)), h);
    }
    sum(h).backward();
  };
  const clear = (): void => { for (const p of [...weights, ...biases]) p.grad = null; };
  const t = time(() => { for (let r = 0; r < repeats; r++) { clear(); chain(); } }, { runs: o.runs, warmup: o.warmup, label: 'op-overhead' });
  const ops = blocks * OPS_PER_BLOCK + 1;
  printLine(resultLine('op-overhead', { rows, feats: width, blocks, ops, repeats }, ctx, t,
    { perOpUs: round((t.minMs * 1e3) / (ops * repeats), 3), opsPerS: round((ops * repeats) / (t.minMs / 1e3), 0) },
    { medianPerOpUs: round((t.medianMs * 1e3) / (ops * repeats), 3) }));
}
