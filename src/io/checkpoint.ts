/**
 * Training checkpoints that resume exactly: model weights, optimizer state (moments, step
 * counts, hyperparameters), scheduler counters, the default random generator's state (which
 * feeds dropout and every random op), the epoch and user extras, in one safetensors file.
 * The structure is JSON in the header's `__metadata__.checkpoint`; the arrays are entries.
 */
import { DataFormatError, DeepGraphError } from '../errors.js';
import type { Module, StateDict } from '../nn/module.js';
import { defaultGenerator, type GeneratorState } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { loadSafetensors, saveSafetensors } from './safetensors.js';
import { pack, unpack } from './pack.js';
import type { BytesInput } from './bytes.js';

/** The `__metadata__.format` value that marks a deepgraph checkpoint; other values are rejected on load. */
export const CHECKPOINT_FORMAT = 'deepgraph.checkpoint';
/** The checkpoint version this deepgraph writes and reads (`__metadata__.version`). */
export const CHECKPOINT_VERSION = 1;

/** Anything with a state dict: optimizers, LR schedulers, ReduceLROnPlateau. */
export interface Stateful {
  /** The object's state, as stored in the checkpoint (PyTorch's `state_dict()`). */
  stateDict(): unknown;
  // The argument type differs per class; the checkpoint hands back what stateDict() gave.
  /** Restores the state that `stateDict()` returned (PyTorch's `load_state_dict`). */
  loadStateDict(dict: never): unknown;
}

/** What `saveCheckpoint` / `encodeCheckpoint` store: any of the model, optimizer, scheduler, epoch and extras (the default random generator's state is always stored). */
export interface CheckpointParts {
  model?: Module;
  optimizer?: Stateful;
  scheduler?: Stateful;
  epoch?: number;
  /** Your own values: numbers, strings, arrays, plain objects, Maps, tensors, typed arrays. */
  extra?: Record<string, unknown>;
}

/** Where `loadCheckpoint` / `decodeCheckpoint` load the saved parts: each given target must have its state in the checkpoint. */
export interface LoadCheckpointTargets {
  model?: Module;
  optimizer?: Stateful;
  scheduler?: Stateful;
  /** Restore the default random generator (default true: the run continues the same stream). */
  restoreRandomState?: boolean;
}

/** What `loadCheckpoint` / `decodeCheckpoint` return: the saved parts (epoch and states null when not saved), whether or not they were loaded into targets. */
export interface Checkpoint {
  epoch: number | null;
  extra: Record<string, unknown>;
  /** The saved weights (also loaded into `model` when one is passed). */
  modelState: StateDict | null;
  optimizerState: unknown;
  schedulerState: unknown;
  randomState: GeneratorState;
}

/** A checkpoint as bytes (browser-safe); saveCheckpoint writes these atomically. */
export function encodeCheckpoint(parts: CheckpointParts): Uint8Array {
  if (parts.epoch !== undefined && !Number.isInteger(parts.epoch)) throw new DeepGraphError(`saveCheckpoint: epoch must be an integer, got ${parts.epoch}`);
  const tensors = new Map<string, Tensor>();
  const state = {
    epoch: parts.epoch ?? null,
    model: parts.model === undefined ? null : pack(parts.model.stateDict(), 'model', tensors),
    optimizer: parts.optimizer === undefined ? null : pack(parts.optimizer.stateDict(), 'optimizer', tensors),
    scheduler: parts.scheduler === undefined ? null : pack(parts.scheduler.stateDict(), 'scheduler', tensors),
    // spareNormal may be any double: pack keeps non-finite and -0 values exact.
    random: pack(defaultGenerator.getState(), 'random', tensors),
    extra: pack(parts.extra ?? {}, 'extra', tensors),
  };
  const json = JSON.stringify(state);
  return saveSafetensors(tensors, { metadata: { format: CHECKPOINT_FORMAT, version: String(CHECKPOINT_VERSION), checkpoint: json } });
}

/** Reads checkpoint bytes; loads the parts into the given targets (see loadCheckpoint). */
export function decodeCheckpoint(bytes: BytesInput, targets: LoadCheckpointTargets = {}, file = '<bytes>'): Checkpoint {
  const tensors = loadSafetensors(bytes, { name: file });
  const meta = tensors.metadata;
  if (meta.format !== CHECKPOINT_FORMAT) {
    throw new DataFormatError(`${file}: not a deepgraph checkpoint (__metadata__.format is ${JSON.stringify(meta.format)}, expected '${CHECKPOINT_FORMAT}')`);
  }
  if (meta.version !== String(CHECKPOINT_VERSION)) {
    throw new DataFormatError(`${file}: checkpoint version ${meta.version} is not supported (this deepgraph reads version ${CHECKPOINT_VERSION})`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(meta.checkpoint ?? '') as Record<string, unknown>;
  } catch (e) {
    throw new DataFormatError(`${file}: __metadata__.checkpoint is not valid JSON (${(e as Error).message})`);
  }
  const state = unpack(raw, tensors, file) as {
    epoch: number | null; model: Map<string, Tensor> | null; optimizer: unknown; scheduler: unknown; random: GeneratorState; extra: Record<string, unknown>;
  };
  const need = (what: 'model' | 'optimizer' | 'scheduler'): void => {
    if (state[what] === null) throw new DataFormatError(`${file}: loadCheckpoint was asked to restore the ${what}, but the checkpoint has no ${what} state`);
  };
  if (targets.model !== undefined) { need('model'); targets.model.loadStateDict(state.model!); }
  if (targets.optimizer !== undefined) { need('optimizer'); targets.optimizer.loadStateDict(state.optimizer as never); }
  if (targets.scheduler !== undefined) { need('scheduler'); targets.scheduler.loadStateDict(state.scheduler as never); }
  if (targets.restoreRandomState ?? true) defaultGenerator.setState(state.random);
  return {
    epoch: state.epoch, extra: state.extra, modelState: state.model, optimizerState: state.optimizer,
    schedulerState: state.scheduler, randomState: state.random,
  };
}
