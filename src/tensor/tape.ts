import { DeepGraphError, ShapeError, formatShape } from '../errors.js';
import type { Tensor } from './tensor.js';
import { beginTapeOwnership, disown, endTapeOwnership, isTapeOwned, releaseOwned } from './buffer-pool.js';

/**
 * What an op leaves on its output: the inputs and a closure mapping the output gradient to
 * one gradient per input (null where the input needs none). Closures run under noGrad.
 */
export interface GradFn {
  readonly name: string;
  inputs: readonly Tensor[];
  backward: ((grad: Tensor) => readonly (Tensor | null | undefined)[]) | null;
}

/** Attributes an op hands to a tracer (the ONNX exporter): what its inputs alone do not say. */
export type TraceAttrs = Readonly<Record<string, unknown>>;

/** Sees every op as it runs while a trace is on (the ONNX exporter's tracer); null otherwise. */
export interface TraceHook {
  op(out: Tensor, name: string, inputs: readonly Tensor[], attrs: TraceAttrs | undefined): void;
  /** A tensor computed from the graph's structure outside the tape (degree normalisers, counts). */
  derived(t: Tensor, attrs: TraceAttrs): void;
}

let traceHook: TraceHook | null = null;

/** Installs (or removes, with null) the trace hook; returns the previous one. */
export function setTraceHook(hook: TraceHook | null): TraceHook | null {
  const prev = traceHook;
  traceHook = hook;
  return prev;
}

/** Whether a tracer (the ONNX exporter) is watching: fused ops then run as the composed ops it can lower. */
export function isTracing(): boolean {
  return traceHook !== null;
}

/** Tells the tracer, if one runs, that t was computed from the graph structure as attrs describe. */
export function traceDerived(t: Tensor, attrs: TraceAttrs): Tensor {
  if (traceHook !== null) traceHook.derived(t, attrs);
  return t;
}

/** Tells the tracer, if one runs, about an op that records nothing on the tape here (no gradient needed). */
export function traceOp(out: Tensor, name: string, inputs: readonly Tensor[], attrs: TraceAttrs): Tensor {
  if (traceHook !== null) traceHook.op(out, name, inputs, attrs);
  return out;
}

let gradEnabled = true;
let detectAnomaly = false;
// True while runBackward runs closures: their inner ops are checked as "the backward of" their op.
let inBackward = false;

/**
 * Anomaly mode (PyTorch's torch.autograd.set_detect_anomaly): every recorded op checks its output,
 * and every backward step the gradients it returns; the first one that turns finite inputs into a
 * NaN or infinity throws an AnomalyError naming it. Slow (a pass over every tensor); for debugging.
 */
export function setDetectAnomaly(on: boolean): void {
  detectAnomaly = on;
}

/** Whether anomaly mode (setDetectAnomaly) is on (PyTorch's torch.is_anomaly_enabled). */
export function isAnomalyEnabled(): boolean {
  return detectAnomaly;
}

/** Thrown in anomaly mode by the first op (forward or backward) whose finite inputs gave a non-finite result. */
export class AnomalyError extends DeepGraphError {}

/** The first non-finite entry of a floating tensor, or -1. */
function firstNonFinite(t: Tensor): number {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') return -1;
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
}

function checkAnomaly(where: string, results: readonly (Tensor | null | undefined)[], inputs: readonly Tensor[]): void {
  for (const r of results) {
    if (!r) continue;
    const i = firstNonFinite(r);
    if (i < 0) continue;
    if (inputs.some((t) => firstNonFinite(t) >= 0)) return;  // not produced here: an input was already non-finite
    throw new AnomalyError(`anomaly detected: ${where} produced ${r.data[i]} at flat index ${i} of a result of shape ` +
      `${formatShape(r.shape)} from finite inputs`);
  }
}
let backwardRuns = 0;

/** A number that changes with every backward pass (ops that share state across outputs key it by this). */
export function backwardRun(): number {
  return backwardRuns;
}

/** Whether operations are being recorded for backward (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording any op on the tape. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Runs fn with recording on (inside a noGrad region). */
export function enableGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/**
 * Records `out` as produced by op `name` from `inputs`. Does nothing unless recording is on
 * and some input requires a gradient. Returns `out` for chaining.
 */
export function record(out: Tensor, name: string, inputs: readonly Tensor[],
  backward: (grad: Tensor) => readonly (Tensor | null | undefined)[], attrs?: TraceAttrs): Tensor {
  if (traceHook !== null) traceHook.op(out, name, inputs, attrs);
  if (detectAnomaly && !inBackward) checkAnomaly(`'${name}'`, [out], inputs);
  if (!gradEnabled) return out;
  let needs = false;
  for (const t of inputs) if (t.requiresGrad) { needs = true; break; }
  if (!needs) return out;
  out.requiresGrad = true;
  out.gradFn = { name, inputs, backward };
  return out;
}

/** Marks `out` as coming from an op that has no gradient: backward through it throws. */
export function recordNonDifferentiable(out: Tensor, name: string, inputs: readonly Tensor[], attrs?: TraceAttrs): Tensor {
  if (traceHook !== null) traceHook.op(out, name, inputs, attrs);
  if (detectAnomaly && !inBackward) checkAnomaly(`'${name}'`, [out], inputs);
  if (!gradEnabled || !inputs.some((t) => t.requiresGrad)) return out;
  out.requiresGrad = true;
  out.gradFn = { name, inputs, backward: null };
  return out;
}

const NO_INPUTS: readonly Tensor[] = Object.freeze([]);

/** What a freed node keeps: its name, for the error on a second backward (a class: no closure per node). */
class ReleasedGradFn implements GradFn {
  readonly inputs = NO_INPUTS;
  constructor(readonly name: string) {}
  backward(): never {
    throw new DeepGraphError(`backward: the graph through '${this.name}' was already freed by an earlier backward; ` +
      'pass { retainGraph: true } to the first call to go through it twice');
  }
}

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep the recorded graph so backward can run through it again. */
  retainGraph?: boolean;
}

/**
 * Reverse-mode pass from root. Leaf tensors (requiresGrad, no gradFn) accumulate into .grad.
 * Unless retainGraph, every visited gradFn is dropped afterwards so closures and saved tensors
 * can be collected.
 */
export function runBackward(root: Tensor, grad: Tensor | null, add: (a: Tensor, b: Tensor) => Tensor,
  onesLike: (t: Tensor) => Tensor, opts: BackwardOptions = {}): void {
  if (!root.requiresGrad) {
    throw new DeepGraphError('backward: the tensor does not require grad (no input of it has requiresGrad set)');
  }
  if (grad === null) {
    if (root.size !== 1) {
      throw new DeepGraphError(`backward: called on a tensor of shape ${formatShape(root.shape)} without a gradient; ` +
        'pass a gradient of the same shape or reduce to a scalar first');
    }
    grad = onesLike(root);
  } else if (grad.size !== root.size) {
    throw new ShapeError(`backward: gradient shape ${formatShape(grad.shape)} does not match tensor shape ${formatShape(root.shape)}`);
  }

  // Iterative post-order DFS: deep graphs (long training loops, RNN-like chains) must not overflow the stack.
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.gradFn?.inputs ?? [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const child = inputs[i];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }

  backwardRuns++;
  const grads = new Map<Tensor, Tensor>();
  grads.set(root, grad);
  // A consumed gradient's buffer goes back to the pool unless a gradient still waiting shares it.
  const release = (dead: Tensor): void => {
    if (!isTapeOwned(dead.data)) return;
    const buffer = dead.data.buffer;
    for (const live of grads.values()) if (live.data.buffer === buffer) return;
    releaseOwned(dead.data);
  };
  const summed: Tensor[] = [];
  const prevEnabled = gradEnabled, prevInBackward = inBackward;
  const prevOwned = beginTapeOwnership();
  gradEnabled = false;
  inBackward = true;
  try {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      const g = grads.get(t);
      grads.delete(t);
      if (g === undefined) continue;
      const fn = t.gradFn;
      if (fn === null) {
        if (t.grad === null) {
          disown(g.data);
          t.grad = g.detach();
        } else {
          t.grad = add(t.grad, g);
          disown(t.grad.data);
          release(g);
        }
        continue;
      }
      if (fn.backward === null) {
        throw new DeepGraphError(`backward: reached '${fn.name}', which has no gradient`);
      }
      const inputGrads = fn.backward(g);
      if (detectAnomaly) checkAnomaly(`the backward of '${fn.name}'`, inputGrads, [g, ...fn.inputs]);
      const inputs = fn.inputs;
      for (let j = 0; j < inputs.length; j++) {
        const inp = inputs[j], ig = inputGrads[j];
        if (!inp.requiresGrad || ig === null || ig === undefined) continue;
        if (ig.size !== inp.size) {
          throw new ShapeError(`backward of '${fn.name}': gradient shape ${formatShape(ig.shape)} ` +
            `does not match input ${j} shape ${formatShape(inp.shape)}`);
        }
        const prev = grads.get(inp);
        if (prev === undefined) {
          grads.set(inp, ig);
        } else {
          grads.set(inp, add(prev, ig));
          summed.push(prev, ig);
        }
      }
      // Only once every input has its gradient: one tensor may be the gradient of several inputs.
      for (const dead of summed) release(dead);
      summed.length = 0;
      if (t.retainsGrad) {
        disown(g.data);
        t.grad = t.grad === null ? g.detach() : add(t.grad, g);
        disown(t.grad.data);
      } else {
        release(g);
      }
      if (!opts.retainGraph) t.gradFn = new ReleasedGradFn(fn.name);
    }
  } finally {
    gradEnabled = prevEnabled;
    inBackward = prevInBackward;
    endTapeOwnership(prevOwned);
  }
}
