import { DeepGraphError, FeatureNotFoundError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { add, div, maximum, minimum } from '../../tensor/elementwise.js';
import { narrow, stack } from '../../tensor/movement.js';
import { canonicalKey, type Graph } from '../../graph/graph.js';
import { Module } from '../module.js';
import { ModuleDict } from '../container.js';

/** Merges the outputs of the relations that share a destination type (in canonical edge-type order). */
export type HeteroAggregateFn = (tensors: Tensor[], dsttype: string) => Tensor;
/** How `HeteroGraphConv` combines the relations that reach one node type: a reducer name or a function. */
export type HeteroAggregate = 'sum' | 'max' | 'min' | 'mean' | 'stack' | HeteroAggregateFn;

/** Features per node type; for blocks optionally [source features, destination features]. */
export type HeteroInputs = Readonly<Record<string, Tensor>>;

/** Per-call options of `HeteroGraphConv.forward`. */
export interface HeteroForwardOptions {
  /** Extra positional arguments per relation (keyed by edge type name or 'src:etype:dst'). */
  modArgs?: Readonly<Record<string, readonly unknown[]>>;
  /** An options object per relation, passed after modArgs (TypeScript's stand-in for DGL's mod_kwargs). */
  modKwargs?: Readonly<Record<string, object>>;
}

/** The cross-relation reducers of DGL's get_aggregate_fn ('stack' stacks on dimension 1). */
function builtinAggregate(name: string): HeteroAggregateFn {
  const same = (ts: Tensor[]): void => {
    for (const t of ts) {
      if (t.shape.join() !== ts[0].shape.join()) {
        throw new ShapeError(`HeteroGraphConv: '${name}' needs equal output shapes, got ${formatShape(ts[0].shape)} and ${formatShape(t.shape)}`);
      }
    }
  };
  switch (name) {
    case 'sum': return (ts) => { same(ts); return ts.reduce((a, b) => add(a, b)); };
    case 'mean': return (ts) => { same(ts); return ts.length === 1 ? ts[0] : div(ts.reduce((a, b) => add(a, b)), ts.length); };
    case 'max': return (ts) => { same(ts); return ts.reduce((a, b) => maximum(a, b)); };
    case 'min': return (ts) => { same(ts); return ts.reduce((a, b) => minimum(a, b)); };
    case 'stack': return (ts) => stack(ts, 1);
    default: throw new DeepGraphError(`HeteroGraphConv: unknown aggregate '${name}'; use sum, max, min, mean, stack or a function`);
  }
}

type AnyForward = (...args: unknown[]) => unknown;

/**
 * Runs one module per relation on g.relation(etype) and merges results per destination node type
 * (DGL's HeteroGraphConv). mods is keyed by edge type name ('writes') or canonical key
 * ('author:writes:paper'; looked up first). Each module is called as
 * `mod.forward(relationGraph, [srcFeat, dstFeat], ...modArgs[etype], modKwargs[etype])` and must
 * return a Tensor of destination features. Every relation runs, also one without edges (its
 * destinations get the module's zero-message output, as DGL); relations whose source type has no
 * input (or, given a pair or a block, whose destination type has none) are skipped; node types
 * that receive nothing are absent from the output.
 */
export class HeteroGraphConv extends Module {
  readonly mods: ModuleDict;
  private readonly aggFn: HeteroAggregateFn;
  readonly aggregate: string;

  constructor(mods: Readonly<Record<string, Module>> | Iterable<[string, Module]>, aggregate: HeteroAggregate = 'sum') {
    super();
    this.mods = this.registerModule('mods', new ModuleDict(mods));
    for (const m of this.mods.values()) allowZeroInDegree(m);
    this.aggFn = typeof aggregate === 'string' ? builtinAggregate(aggregate) : aggregate;
    this.aggregate = typeof aggregate === 'string' ? aggregate : (aggregate.name || 'custom');
  }

  /** Resets every relation module that has resetParameters(). */
  resetParameters(): void {
    for (const m of this.mods.values()) {
      const reset = (m as { resetParameters?: () => void }).resetParameters;
      if (typeof reset === 'function') reset.call(m);
    }
  }

  private moduleFor(key: string, etype: string): Module {
    if (this.mods.has(key)) return this.mods.get(key);
    if (this.mods.has(etype)) return this.mods.get(etype);
    throw new DeepGraphError(`HeteroGraphConv: no module for relation ${key}; modules exist for [${this.mods.keys().join(', ')}]`);
  }

  /**
   * inputs: features per node type, or [srcInputs, dstInputs]. For a block given one record, the
   * destination features are the first numDstNodes(type) rows of the source ones (DGL).
   */
  forward(g: Graph, inputs: HeteroInputs | readonly [HeteroInputs, HeteroInputs], opts: HeteroForwardOptions = {}): Record<string, Tensor> {
    let srcInputs: HeteroInputs, dstInputs: HeteroInputs;
    // DGL: with a pair or a block a relation whose destination type has no input is skipped.
    const skipMissingDst = Array.isArray(inputs) || g.isBlock;
    if (Array.isArray(inputs)) {
      [srcInputs, dstInputs] = inputs as readonly [HeteroInputs, HeteroInputs];
    } else if (g.isBlock) {
      srcInputs = inputs as HeteroInputs;
      dstInputs = Object.fromEntries(Object.entries(srcInputs).filter(([t]) => g.dsttypes.includes(t))
        .map(([t, x]) => [t, narrow(x, 0, 0, g.numDstNodes(t))]));
    } else {
      srcInputs = dstInputs = inputs as HeteroInputs;
    }
    const outputs = new Map<string, Tensor[]>(g.dsttypes.map((t) => [t, []]));
    for (const c of g.canonicalEtypes) {
      const [stype, etype, dtype] = c;
      const key = canonicalKey(c);
      const rel = g.relation(c);
      if (!(stype in srcInputs) || (skipMissingDst && !(dtype in dstInputs))) continue;
      if (!(dtype in dstInputs)) {
        throw new FeatureNotFoundError(`HeteroGraphConv: relation ${key} needs features of destination type '${dtype}'; ` +
          `inputs have [${Object.keys(dstInputs).join(', ')}]`);
      }
      const mod = this.moduleFor(key, etype);
      const args = opts.modArgs?.[key] ?? opts.modArgs?.[etype] ?? [];
      const kwargs = opts.modKwargs?.[key] ?? opts.modKwargs?.[etype];
      const out = (mod.forward as AnyForward).call(mod, rel, [srcInputs[stype], dstInputs[dtype]], ...args,
        ...(kwargs === undefined ? [] : [kwargs]));
      if (!(out instanceof Tensor)) {
        throw new DeepGraphError(`HeteroGraphConv: the module for ${key} (${mod.constructor.name}) did not return a Tensor`);
      }
      outputs.get(dtype)!.push(out);
    }
    const result: Record<string, Tensor> = {};
    for (const [ntype, list] of outputs) if (list.length > 0) result[ntype] = this.aggFn(list, ntype);
    return result;
  }

  override extraRepr(): string { return `aggregate=${this.aggregate}`; }
}

/** Relation graphs routinely have nodes without in-edges, so modules must not refuse them (DGL). */
function allowZeroInDegree(m: Module): void {
  const setter = (m as { setAllowZeroInDegree?: (v: boolean) => void }).setAllowZeroInDegree;
  if (typeof setter === 'function') setter.call(m, true);
  else if ('allowZeroInDegree' in m && typeof (m as { allowZeroInDegree: unknown }).allowZeroInDegree === 'boolean') {
    (m as { allowZeroInDegree: boolean }).allowZeroInDegree = true;
  }
}
