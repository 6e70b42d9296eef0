import { DeepGraphError, DTypeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../tensor/tape.js';
import type { FloatArray } from '../kernels/backend.js';

/** Hyperparameters every optimizer has; schedulers only touch `lr`. */
export interface BaseHyper { lr: number }

/** A group as passed in: its parameters plus hyperparameters that override the defaults. */
export type ParamGroupInput<H> = Partial<H> & { params: Iterable<Tensor> };
/** A group as stored: every hyperparameter resolved. Mutate `lr` (etc.) to change it. */
export type ParamGroup<H> = H & { params: Tensor[] };
/** What an optimiser takes: parameters, or parameter groups with their own hyper-parameters. */
export type ParamsArg<H> = Iterable<Tensor> | readonly ParamGroupInput<H>[];

/** Per-parameter optimizer state: step counters and moment buffers shaped like the parameter. */
export type ParamState = Record<string, number | FloatArray>;

/** An optimiser's state (per-parameter buffers and group hyper-parameters), as `stateDict()` returns it. */
export interface OptimizerStateDict<H> {
  /** Keyed by the parameter's position across all groups, in order. */
  state: Record<number, ParamState>;
  paramGroups: (H & { params: number[] })[];
}

/** What a scheduler needs from an optimizer. */
export interface HasParamGroups { readonly paramGroups: readonly BaseHyper[] }

/** A buffer of the parameter's float type and length, filled with `value`. */
export function bufferLike(p: Tensor, value = 0): FloatArray {
  const out = p.data instanceof Float64Array ? new Float64Array(p.size) : new Float32Array(p.size);
  return out.fill(value);
}

function copyState(s: ParamState): ParamState {
  const out: ParamState = {};
  for (const [k, v] of Object.entries(s)) out[k] = typeof v === 'number' ? v : v.slice();
  return out;
}

/**
 * Base of the optimizers: parameter groups, per-parameter state, zeroGrad, step and state dicts.
 * step() visits every parameter that has a gradient and updates param.data in place under noGrad.
 */
export abstract class Optimizer<H extends BaseHyper> {
  readonly paramGroups: ParamGroup<H>[] = [];
  protected readonly state = new Map<Tensor, ParamState>();

  constructor(params: ParamsArg<H>, protected readonly defaults: H) {
    const list = [...params] as (Tensor | ParamGroupInput<H>)[];
    if (list.length === 0) throw new DeepGraphError(`${new.target.name}: got an empty parameter list`);
    if (list.every((x) => x instanceof Tensor)) this.addGroup(list as Tensor[], {});
    else for (const g of list as ParamGroupInput<H>[]) this.addParamGroup(g);
  }

  /** Adds parameters with their own hyperparameters (missing ones take the defaults). */
  addParamGroup(input: ParamGroupInput<H>): void {
    this.addGroup([...input.params], input);
  }

  /** `overrides` may still carry the caller's `params` iterable; the resolved array replaces it. */
  private addGroup(params: Tensor[], overrides: Partial<H>): void {
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new DeepGraphError(`${this.constructor.name}: parameter groups must hold tensors`);
      if (p.dtype !== 'float32' && p.dtype !== 'float64') {
        throw new DTypeError(`${this.constructor.name}: can only optimize float tensors, got ${p.dtype}`);
      }
      if (seen.has(p)) throw new DeepGraphError(`${this.constructor.name}: a parameter appears in more than one group`);
      seen.add(p);
    }
    const group: ParamGroup<H> = { ...this.defaults, ...overrides, params };
    this.validate(group);
    this.paramGroups.push(group);
  }

  /** Throws a RangeError for an invalid hyperparameter. */
  protected validate(group: H): void {
    if (!(group.lr >= 0)) throw new RangeError(`${this.constructor.name}: invalid learning rate ${group.lr}`);
  }

  /** Drops every gradient (sets .grad to null, as torch's set_to_none). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /** Updates every parameter that has a gradient, in place. */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          if (p.grad.size !== p.size) {
            throw new DeepGraphError(`${this.constructor.name}.step: gradient has ${p.grad.size} values, its parameter ${p.size}`);
          }
          let s = this.state.get(p);
          if (s === undefined) { s = {}; this.state.set(p, s); }
          this.updateParam(p.data as FloatArray, p.grad.data, group, s, p);
        }
      }
    });
  }

  /** One update of a parameter's values in place; `state` starts as {} and persists across steps. */
  protected abstract updateParam(param: FloatArray, grad: ArrayLike<number>, group: ParamGroup<H>, state: ParamState,
    tensor: Tensor): void;

  /** The state to save (PyTorch's `optimizer.state_dict()`). */
  stateDict(): OptimizerStateDict<H> {
    const state: Record<number, ParamState> = {};
    let index = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const ids = g.params.map((p) => {
        const s = this.state.get(p);
        if (s !== undefined) state[index] = copyState(s);
        return index++;
      });
      return { ...g, params: ids };
    });
    return { state, paramGroups };
  }

  /** Restores hyperparameters and state saved from an optimizer over the same parameter layout. */
  loadStateDict(dict: OptimizerStateDict<H>): void {
    if (dict.paramGroups.length !== this.paramGroups.length) {
      throw new DeepGraphError(`loadStateDict: the dict has ${dict.paramGroups.length} parameter groups, ` +
        `this optimizer has ${this.paramGroups.length}`);
    }
    const byIndex = new Map<number, Tensor>();
    dict.paramGroups.forEach((saved, gi) => {
      const group = this.paramGroups[gi];
      if (saved.params.length !== group.params.length) {
        throw new DeepGraphError(`loadStateDict: group ${gi} has ${saved.params.length} parameters in the dict, ` +
          `${group.params.length} here`);
      }
      saved.params.forEach((id, j) => byIndex.set(id, group.params[j]));
    });
    this.state.clear();
    for (const [key, s] of Object.entries(dict.state)) {
      const p = byIndex.get(Number(key));
      if (p === undefined) throw new DeepGraphError(`loadStateDict: state for unknown parameter index ${key}`);
      for (const [name, v] of Object.entries(s)) {
        if (typeof v !== 'number' && v.length !== p.size) {
          throw new DeepGraphError(`loadStateDict: state '${name}' of parameter ${key} has ${v.length} values, the parameter ${p.size}`);
        }
      }
      this.state.set(p, copyState(s));
    }
    dict.paramGroups.forEach((saved, gi) => {
      const { params: _ids, ...hyper } = saved;
      Object.assign(this.paramGroups[gi], hyper);
    });
  }
}
