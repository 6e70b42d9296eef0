import { DeepGraphError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { shapesEqual } from '../tensor/shape.js';
import { Parameter } from './parameter.js';

/** Parameters and buffers by dotted name (`conv1.weight`), as `stateDict()` returns them. */
export type StateDict = Map<string, Tensor>;

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Require the keys to match exactly (default true); shapes must always match. */
  strict?: boolean;
}

/** What loadStateDict did not match (PyTorch's names): keys the module has and the dict lacks, and the reverse. */
export interface LoadStateDictResult { missingKeys: string[]; unexpectedKeys: string[] }

/**
 * Base class of every layer.
 *
 * Registration is explicit: a subclass assigns `this.weight = this.registerParameter('weight', p)`,
 * `this.lin = this.registerModule('lin', m)` and `this.registerBuffer('runningMean', t)`. Each call
 * returns its argument, so fields stay typed and the registry (ordered by registration) is what
 * parameters(), stateDict() and toString() walk. Plain fields holding tensors are not parameters.
 */
export abstract class Module {
  training = true;
  private readonly params = new Map<string, Parameter | null>();
  private readonly buffers_ = new Map<string, Tensor | null>();
  private readonly children_ = new Map<string, Module>();

  /** The computation; subclasses narrow the signature (e.g. `forward(x: Tensor): Tensor`). */
  abstract forward(...args: unknown[]): unknown;

  /** Registers `param` under `name` (null: a declared but absent parameter, e.g. no bias) and returns it. */
  registerParameter<P extends Parameter | null>(name: string, param: P): P {
    this.checkName(name, 'registerParameter');
    if (param !== null && !(param instanceof Parameter)) {
      throw new DeepGraphError(`registerParameter: '${name}' must be a Parameter (wrap a tensor with new Parameter(t))`);
    }
    this.params.set(name, param);
    return param;
  }

  /** Registers a non-trainable tensor saved in the state dict (e.g. running statistics) and returns it. */
  registerBuffer<T extends Tensor | null>(name: string, buffer: T): T {
    this.checkName(name, 'registerBuffer');
    this.buffers_.set(name, buffer);
    return buffer;
  }

  /** Registers a submodule under `name` (its parameters become this module's) and returns it. */
  registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name, 'registerModule');
    if (!(module instanceof Module)) throw new DeepGraphError(`registerModule: '${name}' must be a Module`);
    this.children_.set(name, module);
    return module;
  }

  private checkName(name: string, what: string): void {
    if (name === '' || name.includes('.')) throw new DeepGraphError(`${what}: invalid name '${name}' (empty or contains '.')`);
    const taken = (this.params.has(name) && what !== 'registerParameter') ||
      (this.buffers_.has(name) && what !== 'registerBuffer') || (this.children_.has(name) && what !== 'registerModule');
    if (taken) throw new DeepGraphError(`${what}: '${name}' is already registered as something else`);
  }

  /** Direct submodules with their names, in registration order. */
  *namedChildren(): IterableIterator<[string, Module]> { yield* this.children_.entries(); }
  /** The direct submodules, in registration order. */
  children(): Module[] { return [...this.children_.values()]; }

  /** This module and every descendant (each once), with dotted names ('' for this one). */
  *namedModules(prefix = '', seen = new Set<Module>()): IterableIterator<[string, Module]> {
    if (seen.has(this)) return;
    seen.add(this);
    yield [prefix, this];
    for (const [name, child] of this.children_) yield* child.namedModules(prefix === '' ? name : `${prefix}.${name}`, seen);
  }
  /** This module and every submodule, depth first, each once. */
  modules(): Module[] { return [...this.namedModules()].map(([, m]) => m); }

  /** Every parameter with its dotted path ('layers.0.weight'); a shared parameter appears once. */
  *namedParameters(): IterableIterator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.params) {
        if (p === null || seen.has(p)) continue;
        seen.add(p);
        yield [prefix === '' ? name : `${prefix}.${name}`, p];
      }
    }
  }
  /** Every parameter of this module and its submodules (what an optimizer takes). */
  parameters(): Parameter[] { return [...this.namedParameters()].map(([, p]) => p); }

  /** Every buffer of this module and its submodules, by dotted name. */
  *namedBuffers(): IterableIterator<[string, Tensor]> {
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, b] of m.buffers_) if (b !== null) yield [prefix === '' ? name : `${prefix}.${name}`, b];
    }
  }
  /** Every buffer of this module and its submodules. */
  buffers(): Tensor[] { return [...this.namedBuffers()].map(([, b]) => b); }

  /** Sets training mode here and in every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  /** Switches to evaluation mode (dropout off, batch norm uses running statistics); same as `train(false)`. */
  eval(): this { return this.train(false); }

  /** Clears the gradient of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Calls fn on every module (children first, as torch's apply). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children_.values()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Copies of every parameter and buffer keyed by dotted name (parameters first, per module). */
  stateDict(): StateDict {
    const out: StateDict = new Map();
    for (const [prefix, m] of this.namedModules()) {
      const key = (name: string): string => (prefix === '' ? name : `${prefix}.${name}`);
      for (const [name, p] of m.params) if (p !== null) out.set(key(name), new Tensor(p.data.slice(), p.shape, p.dtype));
      for (const [name, b] of m.buffers_) if (b !== null) out.set(key(name), new Tensor(b.data.slice(), b.shape, b.dtype));
    }
    return out;
  }

  /**
   * Copies values into the existing parameters and buffers (in place, so optimizers keep working).
   * Strict (the default): a missing or unexpected key is an error listing them all. With
   * `{ strict: false }` the matching keys are loaded and the others reported in the result.
   * A shape mismatch is always an error naming the key and both shapes; nothing is copied then.
   */
  loadStateDict(dict: StateDict | ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>,
    opts: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = opts.strict ?? true;
    const entries = dict instanceof Map ? dict as ReadonlyMap<string, Tensor> : new Map(Object.entries(dict));
    const targets = new Map<string, Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      const key = (name: string): string => (prefix === '' ? name : `${prefix}.${name}`);
      for (const [name, p] of m.params) if (p !== null) targets.set(key(name), p);
      for (const [name, b] of m.buffers_) if (b !== null) targets.set(key(name), b);
    }
    const missingKeys = [...targets.keys()].filter((k) => !entries.has(k));
    const unexpectedKeys = [...entries.keys()].filter((k) => !targets.has(k));
    if (strict && missingKeys.length + unexpectedKeys.length > 0) {
      const parts = [];
      if (missingKeys.length > 0) parts.push(`missing key ${missingKeys.map((k) => `'${k}'`).join(', ')}`);
      if (unexpectedKeys.length > 0) parts.push(`unexpected key ${unexpectedKeys.map((k) => `'${k}'`).join(', ')}`);
      throw new DeepGraphError(`loadStateDict: ${parts.join('; ')} (pass { strict: false } to load the matching keys)`);
    }
    for (const [k, src] of entries) {
      const dst = targets.get(k);
      if (dst === undefined) continue;
      if (!(src instanceof Tensor)) throw new DeepGraphError(`loadStateDict: '${k}' is not a Tensor`);
      if (!shapesEqual(dst.shape, src.shape)) {
        throw new ShapeError(`loadStateDict: shape mismatch for '${k}': checkpoint has ${formatShape(src.shape)}, ` +
          `model has ${formatShape(dst.shape)}`);
      }
    }
    for (const [k, src] of entries) targets.get(k)?.data.set(src.data);
    return { missingKeys, unexpectedKeys };
  }

  /** The text inside the parentheses of this module's line, e.g. '16, 7' for Linear. */
  extraRepr(): string { return ''; }

  /** PyTorch-style summary: `Linear(16, 7)`, containers list their children indented. */
  toString(): string {
    const name = this.constructor.name;
    const lines: string[] = [];
    for (const [childName, child] of this.children_) {
      const text = child.toString().split('\n').join('\n  ');
      lines.push(`  (${childName}): ${text}`);
    }
    const extra = this.extraRepr();
    if (lines.length === 0) return `${name}(${extra})`;
    const head = extra === '' ? [] : ['  ' + extra.split('\n').join('\n  ')];
    return `${name}(\n${[...head, ...lines].join('\n')}\n)`;
  }
}
