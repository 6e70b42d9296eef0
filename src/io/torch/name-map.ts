import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { allocate, isFloat } from '../../tensor/dtype.js';
import { shapesEqual } from '../../tensor/shape.js';
import type { Module, StateDict } from '../../nn/module.js';

/** What a converter sees: the source tensor, its key, the deepgraph tensor it must fit, other source tensors. */
export interface ConvertContext {
  source: Tensor;
  key: string;
  target: Tensor;
  /** Another source tensor of the same layer by relative name (marked as used), if present. */
  get(relative: string): Tensor | undefined;
}

/** A source name (relative to the layer), optionally with a layout change. */
export type Candidate = string | { name: string; convert: (ctx: ConvertContext) => Tensor };

/**
 * How one deepgraph layer's tensors come from a PyTorch layer's: `params` maps deepgraph names
 * relative to the layer (dotted for a sublayer, which the map then covers entirely) to candidate
 * source names, first present wins; `children` renames the sublayers that are mapped recursively.
 * Tensors without a rule come from the same name or its snake_case form.
 */
export interface LayerMap {
  params?: Readonly<Record<string, readonly Candidate[]>>;
  children?: Readonly<Record<string, readonly string[]>>;
}

export type LayerMapFor = (m: Module) => LayerMap | null;

/** Options of fromPyG / fromDGL (and mapFromPyG / mapFromDGL). */
export interface ImportOptions {
  /** Throw when a deepgraph tensor has no source or a source tensor is left unused (default true). */
  strict?: boolean;
  /** A prefix every source key carries and the model does not, e.g. 'module.' (DataParallel) or 'model.'. */
  prefix?: string;
  /** Deepgraph module path -> source module path, where the two models name a submodule differently. */
  rename?: Readonly<Record<string, string>>;
}

/** What mapFromPyG / mapFromDGL return: the mapped state dict and what did not match. */
export interface ImportResult {
  /** Deepgraph names -> tensors in deepgraph layouts and dtypes, ready for model.loadStateDict. */
  stateDict: StateDict;
  /** Deepgraph keys with no source tensor, each with the source names tried. */
  missing: string[];
  /** Source keys no deepgraph tensor used. */
  unexpected: string[];
}

/** camelCase -> snake_case, per dotted segment ('fcSelf.weightIhL0' -> 'fc_self.weight_ih_l0'; 'W' stays). */
export function snakeCase(name: string): string {
  return name.split('.').map((s) => (/^[A-Z0-9_]+$/.test(s) ? s : s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase())).join('.');
}

function nameOf(c: Candidate): string { return typeof c === 'string' ? c : c.name; }

function ownTensors(m: Module, covered: ReadonlySet<string>): Array<[string, Tensor]> {
  const out: Array<[string, Tensor]> = [];
  for (const [name, t] of [...m.namedParameters(), ...m.namedBuffers()] as Array<[string, Tensor]>) {
    const head = name.split('.')[0];
    if (!name.includes('.') || covered.has(head)) out.push([name, t]);
  }
  return out;
}

/** Casts a source tensor to the target's dtype; a fractional value bound for an integer tensor is an error. */
function castTo(t: Tensor, dtype: Tensor['dtype'], key: string, what: string): Tensor {
  if (t.dtype === dtype) return t;
  if (!isFloat(dtype) && isFloat(t.dtype)) {
    for (let i = 0; i < t.size; i++) {
      if (!Number.isInteger(t.data[i])) throw new DeepGraphError(`${what}: '${key}' holds ${t.dtype} value ${t.data[i]} but the model's tensor is ${dtype}`);
    }
  }
  const data = allocate(dtype, t.size);
  data.set(t.data);
  return new Tensor(data, t.shape, dtype);
}

/**
 * Maps a PyTorch state dict onto a deepgraph model by walking the model's modules: every module
 * path is assumed to exist in the source under the same name (or its snake_case form, or
 * opts.rename), and each layer's tensors come through its LayerMap.
 */
export function mapStateDict(source: StateDict, model: Module, mapFor: LayerMapFor, what: string, opts: ImportOptions = {}): ImportResult {
  const prefix = opts.prefix ?? '';
  const src = new Map<string, Tensor>();
  const unexpected: string[] = [];
  for (const [k, t] of source) {
    if (k.startsWith(prefix)) src.set(k.slice(prefix.length), t);
    else unexpected.push(k);
  }
  const used = new Set<string>();
  const out: StateDict = new Map();
  const missing: string[] = [];
  const hasUnder = (p: string): boolean => [...src.keys()].some((k) => k.startsWith(p));

  const visit = (m: Module, dgPrefix: string, srcPrefix: string): void => {
    const map = mapFor(m) ?? {};
    const rules = map.params ?? {};
    const covered = new Set(Object.keys(rules).filter((k) => k.includes('.')).map((k) => k.split('.')[0]));
    for (const [rel, target] of ownTensors(m, covered)) {
      const dgKey = dgPrefix + rel;
      const cands = rules[rel] ?? [rel, snakeCase(rel)];
      const hit = cands.find((c) => src.has(srcPrefix + nameOf(c)));
      if (hit === undefined) {
        missing.push(`'${dgKey}' (${m.constructor.name}; tried ${[...new Set(cands.map((c) => `'${srcPrefix}${nameOf(c)}'`))].join(', ')})`);
        continue;
      }
      const key = srcPrefix + nameOf(hit);
      used.add(key);
      const ctx: ConvertContext = {
        source: src.get(key)!, key: prefix + key, target,
        get: (r) => { const k = srcPrefix + r; if (src.has(k)) used.add(k); return src.get(k); },
      };
      const value = typeof hit === 'string' ? ctx.source : hit.convert(ctx);
      if (!shapesEqual(value.shape, target.shape)) {
        throw new ShapeError(`${what}: '${prefix}${key}' has shape ${formatShape(ctx.source.shape)}, but ${m.constructor.name} ` +
          `'${dgKey}' needs ${formatShape(target.shape)}${value === ctx.source ? '' : ` (got ${formatShape(value.shape)} after the layout change)`}`);
      }
      out.set(dgKey, castTo(value, target.dtype, prefix + key, what));
    }
    for (const [child, sub] of m.namedChildren()) {
      if (covered.has(child)) continue;
      const dgChild = dgPrefix + child;
      const renamed = opts.rename?.[dgChild];
      const names = renamed !== undefined ? [renamed] : (map.children?.[child] ?? [child, snakeCase(child)]).map((n) => srcPrefix + n);
      const pick = names.find((n) => hasUnder(`${n}.`)) ?? names[0];
      visit(sub, `${dgChild}.`, `${pick}.`);
    }
  };
  visit(model, '', '');
  for (const k of src.keys()) if (!used.has(k)) unexpected.push(prefix + k);
  return { stateDict: out, missing, unexpected };
}

/** Throws one error listing every missing and unexpected key (when strict), else returns the dict. */
export function checkImport(result: ImportResult, what: string, strict: boolean): StateDict {
  if (strict && (result.missing.length > 0 || result.unexpected.length > 0)) {
    const list = (xs: string[]): string => xs.slice(0, 12).join(', ') + (xs.length > 12 ? `, ... (${xs.length} in all)` : '');
    const parts: string[] = [];
    if (result.missing.length > 0) parts.push(`missing: ${list(result.missing)}`);
    if (result.unexpected.length > 0) parts.push(`unexpected (not used by the model): ${list(result.unexpected.map((k) => `'${k}'`))}`);
    throw new DeepGraphError(`${what}: the state dict does not match the model; ${parts.join('; ')}. ` +
      'Pass { strict: false } to import what matches, or { rename } / { prefix } when module names differ');
  }
  return result.stateDict;
}
