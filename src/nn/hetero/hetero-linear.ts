import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { Module } from '../module.js';
import { ModuleDict } from '../container.js';
import { Linear } from '../linear.js';

/** Options of HeteroLinear (every per-type Linear gets them). */
export interface HeteroLinearOptions {
  bias?: boolean;
  dtype?: FloatDType;
}

/** Sizes or tensors keyed by node type, edge type, or canonical key 'src:etype:dst' (DGL's str(key)). */
export type TypeKeyed<T> = Readonly<Record<string, T>>;

/** The module of a type key, or an error listing the keys that exist. */
export function moduleForKey<M extends Module>(layer: string, dict: ModuleDict<M>, key: string): M {
  if (!dict.has(key)) throw new DeepGraphError(`${layer}: unknown type '${key}'; known types are [${dict.keys().join(', ')}]`);
  return dict.get(key);
}

/** One module per type built from its size, after checking every size (a non-negative integer). */
export function perTypeModules<M extends Module>(layer: string, sizes: TypeKeyed<number>, what: string, make: (n: number) => M): ModuleDict<M> {
  const entries = Object.entries(sizes);
  if (entries.length === 0) throw new DeepGraphError(`${layer}: ${what} names no type`);
  for (const [key, n] of entries) {
    if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`${layer}: ${what} of type '${key}' must be a non-negative integer, got ${n}`);
  }
  return new ModuleDict<M>(entries.map(([key, n]) => [key, make(n)]));
}

/** '{a: 1, b: 2}' for extraRepr. */
export function describeSizes(sizes: TypeKeyed<number>): string {
  return `{${Object.entries(sizes).map(([k, n]) => `${k}: ${n}`).join(', ')}}`;
}

/**
 * One Linear per type, applied to the features of that type (DGL's HeteroLinear): inSize maps
 * each type to its input size, every type maps to outSize. Typical use: project node types with
 * different feature sizes into one hidden size before a typed layer. Parameters are
 * `linears.<type>.weight` / `.bias`.
 */
export class HeteroLinear extends Module {
  readonly linears: ModuleDict<Linear>;

  constructor(readonly inSize: TypeKeyed<number>, readonly outSize: number, opts: HeteroLinearOptions = {}) {
    super();
    this.linears = this.registerModule('linears', perTypeModules('HeteroLinear', inSize, 'inSize',
      (n) => new Linear(n, outSize, { bias: opts.bias ?? true, dtype: opts.dtype })));
  }

  /** Re-initialises every per-type Linear (PyTorch's default). */
  resetParameters(): void { for (const m of this.linears.values()) m.resetParameters(); }

  /** feat: [rows, inSize[type]] per type (any subset of the types); returns [rows, outSize] per given type. */
  forward(feat: TypeKeyed<Tensor>): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, x] of Object.entries(feat)) {
      const lin = moduleForKey('HeteroLinear', this.linears, key);
      if (x.ndim !== 2 || x.shape[1] !== lin.inFeatures) {
        throw new ShapeError(`HeteroLinear: features of type '${key}' have shape ${formatShape(x.shape)}, expected [rows, ${lin.inFeatures}]`);
      }
      out[key] = lin.forward(x);
    }
    return out;
  }

  override extraRepr(): string {
    return `inSize=${describeSizes(this.inSize)}, outSize=${this.outSize}`;
  }
}
