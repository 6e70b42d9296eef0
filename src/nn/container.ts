import { DeepGraphError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** Applies its children in order; child i is registered as 'i' (so parameters are named '0.weight'). */
export class Sequential extends Module {
  private readonly layers: Module[] = [];

  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end (registered under its index). */
  append(m: Module): this {
    this.layers.push(this.registerModule(String(this.layers.length), m));
    return this;
  }

  get length(): number { return this.layers.length; }
  /** The module at index i. */
  get(i: number): Module {
    const m = this.layers[i < 0 ? i + this.layers.length : i];
    if (m === undefined) throw new RangeError(`Sequential: index ${i} is out of range [0, ${this.layers.length})`);
    return m;
  }
  /** The modules in order. */
  [Symbol.iterator](): Iterator<Module> { return this.layers[Symbol.iterator](); }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const [i, m] of this.layers.entries()) {
      const out = m.forward(h);
      if (!(out instanceof Tensor)) throw new DeepGraphError(`Sequential: layer ${i} (${m.constructor.name}) did not return a Tensor`);
      h = out;
    }
    return h;
  }
}

/** A list of submodules whose parameters are registered (named '0', '1', ...); it has no forward. */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end (registered under its index). */
  append(m: M): this {
    this.items.push(this.registerModule(String(this.items.length), m));
    return this;
  }

  get length(): number { return this.items.length; }
  /** The module at index i. */
  get(i: number): M {
    const m = this.items[i < 0 ? i + this.items.length : i];
    if (m === undefined) throw new RangeError(`ModuleList: index ${i} is out of range [0, ${this.items.length})`);
    return m;
  }
  /** The modules in order. */
  [Symbol.iterator](): Iterator<M> { return this.items[Symbol.iterator](); }

  forward(): never {
    throw new DeepGraphError('ModuleList has no forward; iterate over it and call each module');
  }
}

/** Submodules keyed by name (registered under that name); it has no forward. */
export class ModuleDict<M extends Module = Module> extends Module {
  private readonly items = new Map<string, M>();

  constructor(modules: Iterable<[string, M]> | Readonly<Record<string, M>> = []) {
    super();
    const entries = Symbol.iterator in modules ? modules as Iterable<[string, M]> : Object.entries(modules);
    for (const [k, m] of entries) this.set(k, m);
  }

  /** Adds or replaces the module under key. */
  set(key: string, m: M): this {
    this.items.set(key, this.registerModule(key, m));
    return this;
  }

  /** The module under key; throws naming the keys when it is missing. */
  get(key: string): M {
    const m = this.items.get(key);
    if (m === undefined) throw new DeepGraphError(`ModuleDict: no module '${key}' (keys: ${[...this.items.keys()].join(', ')})`);
    return m;
  }
  /** Whether a module is stored under key. */
  has(key: string): boolean { return this.items.has(key); }
  /** The keys, in insertion order. */
  keys(): string[] { return [...this.items.keys()]; }
  /** The modules, in insertion order. */
  values(): M[] { return [...this.items.values()]; }
  /** [key, module] pairs, in insertion order. */
  entries(): [string, M][] { return [...this.items.entries()]; }
  get size(): number { return this.items.size; }

  forward(): never {
    throw new DeepGraphError('ModuleDict has no forward; look modules up by key and call them');
  }
}
