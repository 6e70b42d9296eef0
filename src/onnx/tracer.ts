/**
 * Traces one forward pass: while the tape's trace hook is installed, every op tells the tracer
 * its output, inputs and attributes, and every module call is labelled (for errors) or, for the
 * layers lowered whole, captured as one step. Lowering then walks back from the output, so only
 * what the output needs is emitted; a value that depends on no input is folded into a constant.
 */
import { DeepGraphError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { type TraceAttrs, type TraceHook, setTraceHook } from '../tensor/tape.js';
import { zeros } from '../tensor/creation.js';
import type { SparseAdj } from '../graph/sparse.js';
import type { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import type { OnnxBuilder } from './builder.js';
import type { GraphValues } from './graph-ops.js';
import type { Direction, LowerContext } from './context.js';
import { TENSOR_LOWERINGS } from './lower-tensor.js';
import { MESSAGE_LOWERINGS, lowerDerived } from './lower-message.js';
import { LAYER_LOWERINGS, type LayerLowering } from './lower-layers.js';
import { DataType } from './proto.js';

type Producer =
  | { kind: 'op'; name: string; inputs: readonly Tensor[]; attrs: TraceAttrs; layer: string }
  | { kind: 'derived'; attrs: TraceAttrs; layer: string }
  | { kind: 'layer'; module: Module; args: readonly unknown[]; lowering: LayerLowering; layer: string };

/** What the tracer knows of the exported graph. */
export interface TracedGraph {
  adj: SparseAdj;
  /** Node counts of the batch's graphs as offsets [0, n0, n0 + n1, ...]. */
  batchOffsets: Int32Array;
  etypes: Int32Array | null;
  numNodes: number;
  numEdges: number;
}

export class Tracer implements TraceHook {
  private readonly producers = new Map<Tensor, Producer>();
  private readonly stack: string[] = [];
  private suppressed = 0;
  private readonly restore: (() => void)[] = [];

  constructor(readonly graph: TracedGraph) {}

  op(out: Tensor, name: string, inputs: readonly Tensor[], attrs: TraceAttrs | undefined): void {
    if (this.suppressed === 0) this.producers.set(out, { kind: 'op', name, inputs, attrs: attrs ?? {}, layer: this.where() });
  }

  derived(t: Tensor, attrs: TraceAttrs): void {
    if (this.suppressed === 0) this.producers.set(t, { kind: 'derived', attrs, layer: this.where() });
  }

  private where(): string {
    return this.stack.length === 0 ? 'the model' : this.stack[this.stack.length - 1];
  }

  /** Runs fn with the hook installed and every module of `model` labelled or captured. */
  run<T>(model: Module, fn: () => T): T {
    for (const [path, m] of model.namedModules()) this.wrap(path === '' ? 'model' : path, m);
    const prev = setTraceHook(this);
    try {
      return fn();
    } finally {
      setTraceHook(prev);
    }
  }

  /** Removes the per-instance forward wrappers. */
  dispose(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  private wrap(path: string, m: Module): void {
    const label = `${path} (${m.constructor.name})`;
    const original = m.forward;
    const lowering = LAYER_LOWERINGS.find((l) => l.matches(m)) ?? null;
    const wrapped = (...args: unknown[]): unknown => {
      this.stack.push(label);
      try {
        if (lowering === null || this.suppressed > 0) return original.apply(m, args);
        this.suppressed++;
        let out: unknown;
        try { out = original.apply(m, args); } finally { this.suppressed--; }
        if (out instanceof Tensor) this.producers.set(out, { kind: 'layer', module: m, args, lowering, layer: label });
        return out;
      } finally {
        this.stack.pop();
      }
    };
    Object.defineProperty(m, 'forward', { value: wrapped, configurable: true, writable: true });
    this.restore.push(() => { Reflect.deleteProperty(m, 'forward'); });
  }

  /** Lowers the traced computation of `output`, with `bound` tensors mapped to graph inputs. */
  lower(b: OnnxBuilder, graphValues: GraphValues, bound: Map<Tensor, string>, output: Tensor, etypesInput: () => string): string {
    const names = new Map<Tensor, string>(bound);
    const symbolic = new Map<Tensor, boolean>();
    const isSymbolic = (t: Tensor): boolean => {
      const known = symbolic.get(t);
      if (known !== undefined) return known;
      const p = this.producers.get(t);
      let s = names.has(t) || (p !== undefined && p.kind !== 'op');
      if (!s && p?.kind === 'op') {
        symbolic.set(t, false);
        s = p.inputs.some(isSymbolic) || Object.values(p.attrs).some((v) => v instanceof Tensor && isSymbolic(v));
      }
      symbolic.set(t, s);
      return s;
    };
    const layerOf = (t: Tensor): string => this.producers.get(t)?.layer ?? this.where();
    const tracer = this;
    const value = (t: Tensor): string => {
      const hit = names.get(t);
      if (hit !== undefined) return hit;
      const name = isSymbolic(t) ? emit(t) : constantOf(t);
      names.set(t, name);
      return name;
    };
    let current = 'the model';
    const constantOf = (t: Tensor): string => {
      // A constant with a row per node or edge only fits graphs of the sample's size: refused, as
      // the file must serve any graph (parameters, such as embedding tables, are the exception).
      if (!(t instanceof Parameter) && t.ndim > 0 && t.size > 1 &&
        (t.shape[0] === this.graph.numNodes || t.shape[0] === this.graph.numEdges)) {
        const p = this.producers.get(t);
        const origin = p === undefined ? 'made outside the traced ops' : `computed by '${p.kind === 'op' ? p.name : p.kind}' from constants only`;
        throw new DeepGraphError(`ONNX export: a tensor of shape ${formatShape(t.shape)} ${origin} (used in ${p?.layer ?? current}) ` +
          'has one row per node or edge of the sample graph; it would be frozen into the file, which must serve any graph. ' +
          'Compute it with deepgraph ops from the features, pass per-edge data in the sample\'s edata, or make it a parameter');
      }
      return b.constant(floatOrInt(t), t.shape, codeOf(t, b.floatCode), 'const');
    };
    const ctxFor = (layer: string): LowerContext => ({
      b, graph: graphValues, layer, value,
      direction: (adj) => direction(this.graph.adj, adj, layer),
      isGraphBatch: (offsets) => offsets.length === this.graph.batchOffsets.length && offsets.every((v, i) => v === this.graph.batchOffsets[i]),
      etypes: (e) => { checkEtypes(this.graph.etypes, e, layer); return etypesInput(); },
      traceCall: (fn, input, shape) => {
        const stand = zeros([...shape], { dtype: b.floatCode === DataType.DOUBLE ? 'float64' : 'float32' });
        names.set(stand, input);
        tracer.stack.push(layer);
        const prev = setTraceHook(tracer);
        let res: Tensor;
        try { res = fn(stand); } finally { setTraceHook(prev); tracer.stack.pop(); }
        return value(res);
      },
      quietly: (fn) => { tracer.suppressed++; try { return fn(); } finally { tracer.suppressed--; } },
    });
    const emit = (t: Tensor): string => {
      const p = this.producers.get(t)!;
      const ctx = ctxFor(p.layer);
      const outer = current;
      current = p.layer;
      try { return lowerProducer(t, p, ctx); } finally { current = outer; }
    };
    const lowerProducer = (t: Tensor, p: Producer, ctx: LowerContext): string => {
      if (p.kind === 'derived') return lowerDerived(ctx, t, p.attrs);
      if (p.kind === 'layer') return p.lowering.lower(ctx, p.module, p.args, t);
      const lowering = TENSOR_LOWERINGS[p.name] ?? MESSAGE_LOWERINGS[p.name];
      if (lowering === undefined) {
        throw new DeepGraphError(`ONNX export: op '${p.name}' has no ONNX lowering (in ${p.layer}); ` +
          'rewrite that part of the model with ops that have one, or leave it out of the exported forward');
      }
      return lowering(ctx, { out: t, name: p.name, inputs: p.inputs, attrs: p.attrs });
    };
    if (!isSymbolic(output)) {
      throw new DeepGraphError(`ONNX export: the model's output (from ${layerOf(output)}) does not depend on the features or the graph`);
    }
    return value(output);
  }
}

function direction(graphAdj: SparseAdj, adj: unknown, layer: string): Direction {
  if (adj === graphAdj) return { srcSide: 'src', dstSide: 'dst' };
  if (adj === graphAdj.reverse()) return { srcSide: 'dst', dstSide: 'src' };
  throw new DeepGraphError(`ONNX export: ${layer} passes messages over a graph other than the sample graph ` +
    '(one built inside forward, e.g. by addSelfLoop, or a block); transform the graph before exporting and pass it as the sample');
}

function checkEtypes(sample: Int32Array | null, given: unknown, layer: string): void {
  if (sample === null) {
    throw new DeepGraphError(`ONNX export: ${layer} takes edge types; pass them in the sample as { graph, features, etypes }`);
  }
  const data = given instanceof Tensor ? given.data : given as ArrayLike<number>;
  if (data === undefined || data.length !== sample.length || !Array.from(data).every((v, i) => Number(v) === sample[i])) {
    throw new DeepGraphError(`ONNX export: ${layer} was given edge types other than the sample's etypes`);
  }
}

function codeOf(t: Tensor, floatCode: number): number {
  if (t.dtype === 'float64') return DataType.DOUBLE;
  if (t.dtype === 'float32') return DataType.FLOAT;
  if (t.dtype === 'int32') return DataType.INT64;
  throw new ShapeError(`ONNX export: constants of dtype ${t.dtype} are not supported (model float type code ${floatCode})`);
}

function floatOrInt(t: Tensor): Float32Array | Float64Array | BigInt64Array {
  if (t.dtype === 'float64') return Float64Array.from(t.data as ArrayLike<number>);
  if (t.dtype === 'float32') return Float32Array.from(t.data as ArrayLike<number>);
  return BigInt64Array.from(Array.from(t.data as ArrayLike<number>, (v) => BigInt(v)));
}
