/**
 * What a lowering sees: the builder, the graph's ONNX values, the ONNX name of any traced tensor,
 * and where it is (the layer, for errors). Lowerings are plain functions keyed by op name.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { TraceAttrs } from '../tensor/tape.js';
import type { OnnxBuilder } from './builder.js';
import type { GraphValues, Side } from './graph-ops.js';

/** The edge direction of an adjacency relative to the exported graph. */
export interface Direction {
  /** Where messages come from and go to. */
  srcSide: Side;
  dstSide: Side;
}

export interface LowerContext {
  readonly b: OnnxBuilder;
  readonly graph: GraphValues;
  /** The layer being lowered, as 'path (Class)', for error messages. */
  readonly layer: string;
  /** The ONNX name of a tensor (emitting what produces it first). */
  value(t: Tensor): string;
  /** The direction of `adj` in the exported graph; throws when adj is another graph. */
  direction(adj: unknown): Direction;
  /** Whether segment offsets are the exported graph's batch (its graphs' node counts). */
  isGraphBatch(offsets: Int32Array): boolean;
  /** The `etypes` input, checking that `etypes` is the sample's edge types. */
  etypes(etypes: unknown): string;
  /** Runs fn on a stand-in for the ONNX value `input` (shape given) and lowers what it does. */
  traceCall(fn: (x: Tensor) => Tensor, input: string, shape: readonly number[]): string;
  /** Runs fn without any op reaching the trace (for values computed from parameters). */
  quietly<T>(fn: () => T): T;
}

export interface OpEvent {
  out: Tensor;
  name: string;
  inputs: readonly Tensor[];
  attrs: TraceAttrs;
}

export type OpLowering = (ctx: LowerContext, ev: OpEvent) => string;
