// Public surface of src/optim (re-exports only).
export {
  Optimizer, type BaseHyper, type ParamGroup, type ParamGroupInput, type ParamsArg, type ParamState,
  type OptimizerStateDict, type HasParamGroups,
} from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export {
  LRScheduler, StepLR, CosineAnnealingLR, ReduceLROnPlateau,
  type StepLROptions, type CosineAnnealingOptions, type ReduceLROnPlateauOptions,
} from './scheduler.js';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle.js';
export { clipGradNorm, clipGradValue } from './clip.js';
export { SparseAdagrad, SparseAdam, type SparseRowTable, type EmbeddingLookup } from './sparse.js';
