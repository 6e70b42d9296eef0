import type { BaseHyper, HasParamGroups } from './optimizer.js';

/**
 * Epoch-based learning-rate schedules. Construction records each group's initial lr (epoch 0);
 * each step() advances one epoch and writes the new lr into the optimizer's groups.
 */
export abstract class LRScheduler {
  readonly baseLrs: number[];
  lastEpoch = 0;

  constructor(protected readonly optimizer: HasParamGroups) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lr of group i at `epoch`. */
  protected abstract lrAt(epoch: number, baseLr: number): number;

  /** Advances one epoch and writes the new lr into the optimizer's groups. */
  step(): void {
    this.lastEpoch += 1;
    (this.optimizer.paramGroups as BaseHyper[]).forEach((g, i) => { g.lr = this.lrAt(this.lastEpoch, this.baseLrs[i]); });
  }

  /** The lrs the optimizer groups hold now. */
  getLastLr(): number[] { return this.optimizer.paramGroups.map((g) => g.lr); }

  /** The scheduler's state to save. */
  stateDict(): { lastEpoch: number; baseLrs: number[] } { return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] }; }
  /** Restores a state saved by `stateDict`. */
  loadStateDict(dict: { lastEpoch: number; baseLrs: number[] }): void {
    this.lastEpoch = dict.lastEpoch;
    this.baseLrs.splice(0, this.baseLrs.length, ...dict.baseLrs);
  }
}

/** Options of `StepLR`: the lr is multiplied by gamma (default 0.1) every stepSize epochs. */
export interface StepLROptions { stepSize: number; gamma?: number }

/** lr = baseLr * gamma^floor(epoch / stepSize). */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: HasParamGroups, opts: StepLROptions) {
    super(optimizer);
    if (!(Number.isInteger(opts.stepSize) && opts.stepSize > 0)) {
      throw new RangeError(`StepLR: stepSize must be a positive integer, got ${opts.stepSize}`);
    }
    this.stepSize = opts.stepSize;
    this.gamma = opts.gamma ?? 0.1;
  }
  protected lrAt(epoch: number, baseLr: number): number {
    return baseLr * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/** Options of `CosineAnnealingLR`: period tMax epochs, minimum lr etaMin (default 0). */
export interface CosineAnnealingOptions { tMax: number; etaMin?: number }

/** lr = etaMin + (baseLr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2 (SGDR without restarts). */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;
  constructor(optimizer: HasParamGroups, opts: CosineAnnealingOptions) {
    super(optimizer);
    if (!(opts.tMax > 0)) throw new RangeError(`CosineAnnealingLR: tMax must be positive, got ${opts.tMax}`);
    this.tMax = opts.tMax;
    this.etaMin = opts.etaMin ?? 0;
  }
  protected lrAt(epoch: number, baseLr: number): number {
    return this.etaMin + (baseLr - this.etaMin) * (1 + Math.cos(Math.PI * epoch / this.tMax)) / 2;
  }
}

/** Options of `ReduceLROnPlateau`. */
export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  cooldown?: number;
  /** One floor for all groups or one per group. */
  minLr?: number | readonly number[];
  /** Changes smaller than this are skipped. */
  eps?: number;
}

/**
 * Multiplies every group's lr by `factor` once the metric passed to step(metric) has not improved
 * (by `threshold`, relative or absolute) for more than `patience` epochs; then waits `cooldown` epochs.
 */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;

  constructor(private readonly optimizer: HasParamGroups, opts: ReduceLROnPlateauOptions = {}) {
    this.mode = opts.mode ?? 'min';
    this.factor = opts.factor ?? 0.1;
    if (!(this.factor < 1 && this.factor >= 0)) throw new RangeError(`ReduceLROnPlateau: factor must be in [0, 1), got ${this.factor}`);
    this.patience = opts.patience ?? 10;
    this.threshold = opts.threshold ?? 1e-4;
    this.thresholdMode = opts.thresholdMode ?? 'rel';
    this.cooldown = opts.cooldown ?? 0;
    this.eps = opts.eps ?? 1e-8;
    const n = optimizer.paramGroups.length;
    const minLr = opts.minLr ?? 0;
    if (typeof minLr !== 'number' && minLr.length !== n) {
      throw new RangeError(`ReduceLROnPlateau: minLr has ${minLr.length} entries for ${n} parameter groups`);
    }
    this.minLrs = typeof minLr === 'number' ? new Array<number>(n).fill(minLr) : [...minLr];
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(a: number): boolean {
    const t = this.threshold, best = this.best;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - t) : a < best - t;
    return this.thresholdMode === 'rel' ? a > best * (1 + t) : a > best + t;
  }

  /** Records the epoch's metric and lowers the lr when it has not improved for `patience` epochs. */
  step(metric: number): void {
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      (this.optimizer.paramGroups as BaseHyper[]).forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  /** The lrs the optimizer groups hold now. */
  getLastLr(): number[] { return this.optimizer.paramGroups.map((g) => g.lr); }

  /** The counters that change while training (the options come from the constructor). */
  stateDict(): { best: number; numBadEpochs: number; cooldownCounter: number; lastEpoch: number } {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch };
  }

  /** Restores the counters saved by `stateDict` (PyTorch's `load_state_dict`). */
  loadStateDict(dict: { best: number; numBadEpochs: number; cooldownCounter: number; lastEpoch: number }): void {
    this.best = dict.best;
    this.numBadEpochs = dict.numBadEpochs;
    this.cooldownCounter = dict.cooldownCounter;
    this.lastEpoch = dict.lastEpoch;
  }
}
