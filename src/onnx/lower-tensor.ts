/**
 * Lowerings of the tensor ops a model calls between and inside layers: elementwise arithmetic,
 * activations, reductions, shape moves and the dense products. Shapes that depend on the graph
 * (the first, row dimension) stay symbolic: a reshape copies or infers it, never fixes it.
 */
import { DeepGraphError, formatShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { attr, floatArray } from './builder.js';
import type { LowerContext, OpEvent, OpLowering } from './context.js';

const binary = (op: string): OpLowering => (ctx, ev) => {
  const [a, b] = ev.inputs.map((t) => ctx.value(t));
  return ctx.b.node(op, [a, b], {}, op.toLowerCase());
};

const unary = (op: string): OpLowering => (ctx, ev) => ctx.b.node(op, [ctx.value(ev.inputs[0])], {}, op.toLowerCase());

function num(ev: OpEvent, key: string): number {
  const v = ev.attrs[key];
  if (typeof v !== 'number') throw new DeepGraphError(`ONNX export: op '${ev.name}' did not record its '${key}'`);
  return v;
}

/** Axes as recorded (number[] or a single number or undefined = all) for a tensor of rank nd. */
function axesOf(v: unknown, nd: number): number[] {
  if (v === undefined || v === null) return Array.from({ length: nd }, (_, i) => i);
  const list = typeof v === 'number' ? [v] : (v as number[]);
  return list.map((a) => (a < 0 ? a + nd : a));
}

function reduce(op: 'ReduceSum' | 'ReduceMax' | 'ReduceMin', axisKey: string): OpLowering {
  return (ctx, ev) => {
    const x = ev.inputs[0];
    const axes = axesOf(ev.attrs[axisKey], x.ndim);
    const keepdims = attr.i(ev.attrs.keepDim === true ? 1 : 0);
    if (axes.length === 0) return ctx.b.node('Identity', [ctx.value(x)]);
    // ReduceSum takes axes as an input from opset 13, ReduceMax / ReduceMin from opset 18.
    if (op === 'ReduceSum' || ctx.b.opset >= 18) return ctx.b.node(op, [ctx.value(x), ctx.b.ints(axes)], { keepdims }, 'reduced');
    return ctx.b.node(op, [ctx.value(x)], { axes: attr.ints(axes), keepdims }, 'reduced');
  };
}

/** The target shape of a reshape with the row dimension copied (0) or inferred (-1). */
const reshape: OpLowering = (ctx, ev) => {
  const x = ev.inputs[0], out = ev.out;
  if (out.ndim === 0) throw new DeepGraphError(`ONNX export: reshape of ${formatShape(x.shape)} to a scalar is not supported (in ${ctx.layer})`);
  const rest = out.shape.slice(1);
  const shape = out.shape[0] === x.shape[0] && x.ndim > 0 ? [0, ...rest] : [-1, ...rest];
  return ctx.b.node('Reshape', [ctx.value(x), ctx.b.ints(shape)], {}, 'reshaped');
};

/** x W^T + b with W [out, in]: the transpose is done once, on the stored weight. */
const linear: OpLowering = (ctx, ev) => {
  const [x, w, bias] = ev.inputs;
  const wt = transposedConstant(ctx, w);
  const y = ctx.b.node('MatMul', [ctx.value(x), wt], {}, 'linear');
  return bias === undefined ? y : ctx.b.node('Add', [y, ctx.value(bias)], {}, 'linear');
};

function transposedConstant(ctx: LowerContext, w: Tensor): string {
  const [o, i] = w.shape;
  const t = new Array<number>(o * i);
  for (let r = 0; r < o; r++) for (let c = 0; c < i; c++) t[c * o + r] = w.data[r * i + c] as number;
  return ctx.b.constant(floatArray(ctx.b.floatCode, t), [i, o], ctx.b.floatCode, 'weight_t');
}

const pow: OpLowering = (ctx, ev) => {
  if (ev.inputs.length === 2) return binary('Pow')(ctx, ev);
  return ctx.b.node('Pow', [ctx.value(ev.inputs[0]), ctx.b.scalar(num(ev, 'exponent'))], {}, 'pow');
};

const clamp: OpLowering = (ctx, ev) => {
  const lo = num(ev, 'min'), hi = num(ev, 'max');
  const bound = (v: number): string => (Number.isFinite(v) ? ctx.b.scalar(v) : '');
  const inputs = [ctx.value(ev.inputs[0]), bound(lo), bound(hi)];
  while (inputs[inputs.length - 1] === '') inputs.pop();
  return ctx.b.node('Clip', inputs, {}, 'clipped');
};

/** x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), exact as deepgraph's gelu. */
const gelu: OpLowering = (ctx, ev) => {
  const x = ctx.value(ev.inputs[0]);
  const e = ctx.b.node('Erf', [ctx.b.node('Mul', [x, ctx.b.scalar(Math.SQRT1_2)])]);
  return ctx.b.node('Mul', [ctx.b.node('Mul', [x, ctx.b.scalar(0.5)]), ctx.b.node('Add', [e, ctx.b.scalar(1)])], {}, 'gelu');
};

const softmax = (op: string): OpLowering => (ctx, ev) => {
  const axis = num(ev, 'axis');
  return ctx.b.node(op, [ctx.value(ev.inputs[0])], { axis: attr.i(axis < 0 ? axis + ev.inputs[0].ndim : axis) }, op.toLowerCase());
};

export const TENSOR_LOWERINGS: Record<string, OpLowering> = {
  add: binary('Add'), sub: binary('Sub'), mul: binary('Mul'), div: binary('Div'),
  maximum: binary('Max'), minimum: binary('Min'), matmul: binary('MatMul'), pow,
  neg: unary('Neg'), exp: unary('Exp'), log: unary('Log'), sqrt: unary('Sqrt'), abs: unary('Abs'),
  reciprocal: unary('Reciprocal'), relu: unary('Relu'), sigmoid: unary('Sigmoid'), tanh: unary('Tanh'),
  softplus: unary('Softplus'), clone: unary('Identity'), gelu, clamp,
  square: (ctx, ev) => { const x = ctx.value(ev.inputs[0]); return ctx.b.node('Mul', [x, x], {}, 'square'); },
  leakyRelu: (ctx, ev) => ctx.b.node('LeakyRelu', [ctx.value(ev.inputs[0])], { alpha: attr.f(num(ev, 'negativeSlope')) }, 'leaky_relu'),
  elu: (ctx, ev) => ctx.b.node('Elu', [ctx.value(ev.inputs[0])], { alpha: attr.f(num(ev, 'alpha')) }, 'elu'),
  reshape, linear,
  sum: reduce('ReduceSum', 'axes'), max: reduce('ReduceMax', 'axis'), min: reduce('ReduceMin', 'axis'),
  softmax: softmax('Softmax'), logSoftmax: softmax('LogSoftmax'),
  permute: (ctx, ev) => ctx.b.node('Transpose', [ctx.value(ev.inputs[0])], { perm: attr.ints(ev.attrs.dims as number[]) }, 'transposed'),
  narrow: (ctx, ev) => {
    const dim = num(ev, 'dim'), start = num(ev, 'start'), length = num(ev, 'length');
    if (dim === 0) throw new DeepGraphError(`ONNX export: narrow over the row dimension (graph-sized) has no ONNX lowering (in ${ctx.layer})`);
    return ctx.b.node('Slice', [ctx.value(ev.inputs[0]), ctx.b.ints([start]), ctx.b.ints([start + length]), ctx.b.ints([dim])], {}, 'slice');
  },
  concat: (ctx, ev) => ctx.b.node('Concat', ev.inputs.map((t) => ctx.value(t)), { axis: attr.i(num(ev, 'dim')) }, 'concat'),
};
