/**
 * In-place initialisers (torch.nn.init). They write into tensor.data without recording on the
 * tape and draw from the default generator unless one is passed, so dg.manualSeed(s) makes a
 * freshly built model reproducible.
 */
import { DeepGraphError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';

/** The activation a gain is computed for (`calculateGain`), as PyTorch names them. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'leaky_relu' | 'selu';
/** Whether Kaiming initialisation preserves the variance of the forward pass (fanIn) or of the backward pass (fanOut). */
export type FanMode = 'fanIn' | 'fanOut';

/** The recommended gain for a nonlinearity (torch.nn.init.calculate_gain). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d': case 'sigmoid': return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leakyRelu': case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu': return 3 / 4;
    default: throw new DeepGraphError(`calculateGain: unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/** [fanIn, fanOut] of a weight shaped [out, in, ...kernel] (PyTorch's convention). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new DeepGraphError(`init: fan in and fan out need a tensor with at least 2 dimensions, got shape [${t.shape.join(', ')}]`);
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

/** The random generator to draw from (default: the global one). */
export interface GenOption { generator?: Generator }

/** Fills `t` in place from U(low, high) and returns it (PyTorch's `nn.init.uniform_`). */
export function uniform(t: Tensor, low = 0, high = 1, opts: GenOption = {}): Tensor {
  const gen = opts.generator ?? defaultGenerator;
  for (let i = 0; i < t.size; i++) t.data[i] = low + (high - low) * gen.nextFloat();
  return t;
}

/** Fills `t` in place from N(mean, std²) and returns it (PyTorch's `nn.init.normal_`). */
export function normal(t: Tensor, mean = 0, std = 1, opts: GenOption = {}): Tensor {
  const gen = opts.generator ?? defaultGenerator;
  for (let i = 0; i < t.size; i++) t.data[i] = mean + std * gen.nextNormal();
  return t;
}

/** Fills `t` in place with `value` and returns it. */
export function constant(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}
/** Fills `t` in place with 0 and returns it. */
export const zeros = (t: Tensor): Tensor => constant(t, 0);
/** Fills `t` in place with 1 and returns it. */
export const ones = (t: Tensor): Tensor => constant(t, 1);

/** Glorot-uniform initialisation in place: U(−a, a), a = gain·√(6 / (fanIn + fanOut)) (PyTorch's `xavier_uniform_`). */
export function xavierUniform(t: Tensor, gain = 1, opts: GenOption = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, -bound, bound, opts);
}

/** Glorot-normal initialisation in place: N(0, gain²·2 / (fanIn + fanOut)) (PyTorch's `xavier_normal_`). */
export function xavierNormal(t: Tensor, gain = 1, opts: GenOption = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), opts);
}

/** Options of the Kaiming (He) initialisers: negative slope `a`, fan mode and nonlinearity. */
export interface KaimingOptions extends GenOption {
  /** Negative slope of the rectifier after this layer (leakyRelu only). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, opts: KaimingOptions): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const fan = (opts.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  return calculateGain(opts.nonlinearity ?? 'leakyRelu', opts.a ?? 0) / Math.sqrt(fan);
}

/** He-uniform initialisation in place (PyTorch's `kaiming_uniform_`). */
export function kaimingUniform(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, opts);
  return uniform(t, -bound, bound, opts);
}

/** He-normal initialisation in place (PyTorch's `kaiming_normal_`). */
export function kaimingNormal(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal(t, 0, kaimingStd(t, opts), opts);
}
