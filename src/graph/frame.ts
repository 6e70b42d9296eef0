import { FeatureNotFoundError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { numel } from '../tensor/shape.js';
import { indexSelect } from '../tensor/indexing.js';
import { concat } from '../tensor/movement.js';
import { type IdsLike, toIds } from './ids.js';

/**
 * Named feature tensors of one node type or one edge type. Every tensor's first dimension equals
 * the number of rows (nodes or edges). Scopes are copy-on-write layers: a scope shares its parent's
 * map until the first set/delete inside it, and popping the scope drops whatever it changed.
 */
export class Frame implements Iterable<[string, Tensor]> {
  readonly numRows: number;
  /** Says what the frame belongs to, for error messages ("node type 'user'"). */
  readonly owner: string;
  private layers: (Map<string, Tensor> | null)[] = [new Map()];

  constructor(numRows: number, owner: string) {
    this.numRows = numRows;
    this.owner = owner;
  }

  private read(): Map<string, Tensor> {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      if (layer !== null) return layer;
    }
    throw new Error('Frame: no layer'); // unreachable: layer 0 is always a map
  }

  private write(): Map<string, Tensor> {
    const top = this.layers.length - 1;
    const layer = this.layers[top];
    if (layer !== null) return layer;
    const copy = new Map(this.read());
    this.layers[top] = copy;
    return copy;
  }

  /** The feature `name`; throws naming the features present when it is missing. */
  get(name: string): Tensor {
    const t = this.read().get(name);
    if (t === undefined) {
      throw new FeatureNotFoundError(`${this.owner}: no feature '${name}'; features present: [${this.keys().join(', ')}]`);
    }
    return t;
  }

  /**
   * Sets a feature; with opts.ids only those rows (DGL's g.nodes[ids].data[name] = value): the
   * other rows keep their values, or 0 when the feature is new. Differentiable in both tensors.
   */
  set(name: string, value: Tensor, opts: { ids?: IdsLike } = {}): this {
    if (!(value instanceof Tensor)) throw new TypeError(`${this.owner}: feature '${name}' must be a Tensor`);
    if (opts.ids !== undefined) return this.setRows(name, value, toIds(opts.ids, this.numRows, `${this.owner}: row id of feature '${name}'`));
    if (value.shape.length === 0 || value.shape[0] !== this.numRows) {
      throw new ShapeError(`${this.owner}: feature '${name}' has shape ${formatShape(value.shape)}, `
        + `whose first dimension (${value.shape[0] ?? 'none'}) must equal the number of rows (${this.numRows})`);
    }
    this.write().set(name, value);
    return this;
  }

  private setRows(name: string, value: Tensor, ids: Int32Array): this {
    if (value.shape[0] !== ids.length) {
      throw new ShapeError(`${this.owner}: feature '${name}' for ${ids.length} ids has shape ${formatShape(value.shape)}; its first dimension must be ${ids.length}`);
    }
    const old = this.read().get(name);
    const rowShape = value.shape.slice(1);
    if (old !== undefined && (old.dtype !== value.dtype || old.shape.slice(1).join() !== rowShape.join())) {
      throw new ShapeError(`${this.owner}: feature '${name}' has rows of ${formatShape(old.shape.slice(1))} ${old.dtype}; `
        + `the new rows are ${formatShape(rowShape)} ${value.dtype}`);
    }
    const base = old ?? new Tensor(allocate(value.dtype, this.numRows * numel(rowShape)), [this.numRows, ...rowShape], value.dtype);
    // Row r of the result is row r of base, or row k of value when ids[k] = r (the last k wins).
    const map = Int32Array.from({ length: this.numRows }, (_, r) => r);
    ids.forEach((r, k) => { map[r] = this.numRows + k; });
    return this.set(name, indexSelect(concat([base, value], 0), 0, map));
  }

  /** Whether feature `name` exists. */
  has(name: string): boolean { return this.read().has(name); }

  /** Removes feature `name`; false when it was absent. */
  delete(name: string): boolean {
    if (!this.read().has(name)) return false;
    return this.write().delete(name);
  }

  /** The feature names. */
  keys(): string[] { return [...this.read().keys()]; }
  /** [name, tensor] pairs. */
  entries(): [string, Tensor][] { return [...this.read().entries()]; }
  get size(): number { return this.read().size; }
  /** Iterates [name, tensor] pairs. */
  [Symbol.iterator](): Iterator<[string, Tensor]> { return this.entries()[Symbol.iterator](); }

  /** Starts a scope whose changes popScope discards. */
  pushScope(): void { this.layers.push(null); }

  /** Ends the innermost scope, dropping what it changed. */
  popScope(): void {
    if (this.layers.length === 1) throw new Error(`${this.owner}: popScope without a matching pushScope`);
    this.layers.pop();
  }
}

/**
 * `g.ndata['h'] = x` (DGL's Python spelling) would add a plain property that no kernel sees. A Proxy
 * placed above the frame classes' prototypes catches such assignments: [[Set]] of a name the object
 * does not have walks up the prototype chain and reaches the trap, while every method and field is
 * found before it, so get/set calls never touch the Proxy.
 */
const assignmentGuard: object = new Proxy(Object.prototype, {
  set(_target, key, _value, receiver: { owner?: string; kind?: string }): boolean {
    const name = String(key);
    const what = receiver.owner ?? `${receiver.kind ?? 'feature'} frames`;
    throw new TypeError(`${what}: features are not properties; use g.ndata.set('${name}', x) ` +
      `(or edata / srcdata / dstdata) to store '${name}', and .get('${name}') to read it`);
  },
});

/**
 * Features of several types at once (DGL's ndata/edata on a multi-type graph): get returns a
 * record type → tensor over the types that have the feature; set takes such a record.
 */
export class PerTypeFrames {
  private readonly frames: ReadonlyMap<string, Frame>;
  private readonly kind: string;

  constructor(frames: ReadonlyMap<string, Frame>, kind: string) {
    this.frames = frames;
    this.kind = kind;
  }

  private frame(type: string): Frame {
    const f = this.frames.get(type);
    if (f === undefined) throw new RangeError(`${this.kind} '${type}' does not exist; valid: [${[...this.frames.keys()].join(', ')}]`);
    return f;
  }

  /** The feature on every type that has it, as type → tensor. */
  get(name: string): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [type, f] of this.frames) if (f.has(name)) out[type] = f.get(name);
    if (Object.keys(out).length === 0) {
      const present = new Set<string>();
      for (const f of this.frames.values()) for (const k of f.keys()) present.add(k);
      throw new FeatureNotFoundError(`no ${this.kind} has feature '${name}'; features present: [${[...present].join(', ')}]`);
    }
    return out;
  }

  /** Stores the feature on each type given in `values` (type → tensor). */
  set(name: string, values: Readonly<Record<string, Tensor>>): this {
    for (const type of Object.keys(values)) this.frame(type);
    for (const [type, t] of Object.entries(values)) this.frame(type).set(name, t);
    return this;
  }

  /** Whether any type has the feature. */
  has(name: string): boolean {
    for (const f of this.frames.values()) if (f.has(name)) return true;
    return false;
  }

  /** Removes the feature from every type; false when no type had it. */
  delete(name: string): boolean {
    let any = false;
    for (const f of this.frames.values()) any = f.delete(name) || any;
    return any;
  }

  /** Feature names present on any of the types. */
  keys(): string[] {
    const present = new Set<string>();
    for (const f of this.frames.values()) for (const k of f.keys()) present.add(k);
    return [...present];
  }
}

Object.setPrototypeOf(Frame.prototype, assignmentGuard);
Object.setPrototypeOf(PerTypeFrames.prototype, assignmentGuard);
