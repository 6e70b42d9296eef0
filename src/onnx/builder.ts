/**
 * Collects the nodes, initializers and inputs of an ONNX graph while a traced model is lowered:
 * fresh value names, typed constants (deduplicated), attributes, and the opset each node needs.
 */
import { DeepGraphError } from '../errors.js';
import { AttributeType, DataType, type AttributeProto, type NodeProto, type TensorProto, type ValueInfo } from './proto.js';

export type FloatCode = typeof DataType.FLOAT | typeof DataType.DOUBLE;

/** An attribute value: float, int, ints, floats, string, or a tensor (for ConstantOfShape). */
export type Attr =
  | { f: number } | { i: number } | { ints: readonly number[] } | { floats: readonly number[] } | { s: string } | { t: TensorProto };

export const attr = {
  f: (f: number): Attr => ({ f }),
  i: (i: number): Attr => ({ i }),
  ints: (ints: readonly number[]): Attr => ({ ints }),
  s: (s: string): Attr => ({ s }),
};

function toAttribute(name: string, a: Attr): AttributeProto {
  if ('f' in a) return { name, type: AttributeType.FLOAT, f: a.f };
  if ('i' in a) return { name, type: AttributeType.INT, i: a.i };
  if ('ints' in a) return { name, type: AttributeType.INTS, ints: [...a.ints] };
  if ('floats' in a) return { name, type: AttributeType.FLOATS, floats: [...a.floats] };
  if ('s' in a) return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.s) };
  return { name, type: AttributeType.TENSOR, t: a.t };
}

type Typed = Float32Array | Float64Array | BigInt64Array | Uint8Array;

/** A TensorProto with little-endian raw data. */
export function tensorProto(data: Typed, dims: readonly number[], dataType: number, name?: string): TensorProto {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return { dims: [...dims], dataType, name, rawData: raw };
}

export function floatArray(code: FloatCode, values: ArrayLike<number>): Float32Array | Float64Array {
  return code === DataType.DOUBLE ? Float64Array.from(values) : Float32Array.from(values);
}

export class OnnxBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly inputs: ValueInfo[] = [];
  private readonly used = new Set<string>();
  private readonly constCache = new Map<string, string>();
  /** The highest opset a node needs, and which node. */
  needed = { opset: 13, why: '' };

  constructor(readonly opset: number, readonly floatCode: FloatCode) {}

  /** A value name not used before, from a readable prefix. */
  fresh(prefix: string): string {
    const base = prefix.replace(/[^A-Za-z0-9_.]/g, '_');
    let name = base, k = 1;
    while (this.used.has(name)) name = `${base}_${k++}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a fixed name (graph inputs). */
  reserve(name: string): string {
    if (this.used.has(name)) throw new DeepGraphError(`ONNX export: the name '${name}' is used twice`);
    this.used.add(name);
    return name;
  }

  /** Records that `why` needs at least `opset`, failing right away when the export's opset is lower. */
  requireOpset(opset: number, why: string): void {
    if (opset > this.opset) {
      throw new DeepGraphError(`ONNX export: ${why} needs opset ${opset} or later; the export was asked for opset ${this.opset} ` +
        `(pass { opset: ${opset} } or higher)`);
    }
    if (opset > this.needed.opset) this.needed = { opset, why };
  }

  /** Appends a node and returns its first output's name (outputs named from the op type). */
  node(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, hint = opType): string {
    return this.nodeN(opType, inputs, 1, attrs, hint)[0];
  }

  nodeN(opType: string, inputs: readonly string[], outputs: number, attrs: Record<string, Attr> = {}, hint = opType): string[] {
    const out = Array.from({ length: outputs }, () => this.fresh(hint));
    this.nodes.push({
      input: [...inputs], output: out, name: this.fresh(`n_${opType}`), opType,
      attribute: Object.entries(attrs).map(([k, v]) => toAttribute(k, v)),
    });
    return out;
  }

  /** An initializer holding the given values (identical constants are stored once). */
  constant(data: Typed, dims: readonly number[], dataType: number, hint = 'const'): string {
    const key = data.byteLength <= 64 ? `${dataType}|${dims.join(',')}|${Array.from(data as ArrayLike<number | bigint>).join(',')}` : null;
    if (key !== null) {
      const hit = this.constCache.get(key);
      if (hit !== undefined) return hit;
    }
    const name = this.fresh(hint);
    this.initializers.push(tensorProto(data, dims, dataType, name));
    if (key !== null) this.constCache.set(key, name);
    return name;
  }

  /** A 1-d int64 constant (shapes, axes, indices). */
  ints(values: readonly number[], hint = 'ints'): string {
    return this.constant(BigInt64Array.from(values.map((v) => BigInt(v))), [values.length], DataType.INT64, hint);
  }

  /** A scalar of the model's float type. */
  scalar(v: number, hint = 'scalar'): string {
    return this.constant(floatArray(this.floatCode, [v]), [], this.floatCode, hint);
  }

  /** A one-element tensor attribute of the model's float type (ConstantOfShape's value). */
  fillValue(v: number): Attr {
    return { t: tensorProto(floatArray(this.floatCode, [v]), [1], this.floatCode) };
  }
}
