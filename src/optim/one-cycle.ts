import type { BaseHyper, HasParamGroups } from './optimizer.js';

/** Options of `OneCycleLR` (torch.optim.lr_scheduler.OneCycleLR's, cosine annealing). */
export interface OneCycleLROptions {
  /** The peak learning rate. */
  maxLr: number;
  /** Steps in the cycle: step() is called once after each optimizer step. */
  totalSteps: number;
  /** Share of the steps spent rising to maxLr (default 0.3). */
  pctStart?: number;
  /** The starting lr is maxLr / divFactor (default 25). */
  divFactor?: number;
  /** The final lr is the starting lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Move Adam's beta1 (or SGD's momentum) opposite to the lr, between these (default 0.85 and 0.95). */
  cycleMomentum?: boolean;
  baseMomentum?: number;
  maxMomentum?: number;
}

type Group = BaseHyper & { betas?: readonly [number, number]; momentum?: number };

/** Cosine from `from` (pct 0) to `to` (pct 1), as torch's _annealing_cos. */
const annealCos = (from: number, to: number, pct: number): number => to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);

/**
 * The 1cycle policy (Smith & Topin; torch's OneCycleLR with cosine annealing): the lr rises from
 * maxLr / divFactor to maxLr over the first pctStart of the steps, then falls to the starting lr /
 * finalDivFactor, while beta1 (Adam) or momentum (SGD) moves the other way. Construction sets the
 * first step's values; call step() after each optimizer step.
 */
export class OneCycleLR {
  readonly totalSteps: number;
  lastStep = 0;
  private readonly initialLr: number;
  private readonly finalLr: number;
  private readonly peakStep: number;

  constructor(private readonly optimizer: HasParamGroups, private readonly opts: OneCycleLROptions) {
    if (!(opts.maxLr > 0)) throw new RangeError(`OneCycleLR: maxLr must be positive, got ${opts.maxLr}`);
    if (!(Number.isInteger(opts.totalSteps) && opts.totalSteps > 1)) throw new RangeError(`OneCycleLR: totalSteps must be an integer > 1, got ${opts.totalSteps}`);
    const pctStart = opts.pctStart ?? 0.3;
    if (!(pctStart > 0 && pctStart < 1)) throw new RangeError(`OneCycleLR: pctStart must be in (0, 1), got ${pctStart}`);
    this.totalSteps = opts.totalSteps;
    this.initialLr = opts.maxLr / (opts.divFactor ?? 25);
    this.finalLr = this.initialLr / (opts.finalDivFactor ?? 1e4);
    this.peakStep = pctStart * opts.totalSteps - 1;
    this.apply();
  }

  /** Advances one step and writes the next step's lr (and momentum) into the optimizer's groups. */
  step(): void {
    if (this.lastStep >= this.totalSteps) throw new RangeError(`OneCycleLR: stepped ${this.lastStep + 1} times, past totalSteps = ${this.totalSteps}`);
    this.lastStep += 1;
    this.apply();
  }

  /** The lrs the optimizer groups hold now. */
  getLastLr(): number[] { return this.optimizer.paramGroups.map((g) => g.lr); }

  private apply(): void {
    const s = this.lastStep, maxLr = this.opts.maxLr;
    const lowM = this.opts.baseMomentum ?? 0.85, highM = this.opts.maxMomentum ?? 0.95;
    const [lr, momentum] = s <= this.peakStep
      ? [annealCos(this.initialLr, maxLr, s / this.peakStep), annealCos(highM, lowM, s / this.peakStep)]
      : [annealCos(maxLr, this.finalLr, (s - this.peakStep) / (this.totalSteps - 1 - this.peakStep)),
        annealCos(lowM, highM, (s - this.peakStep) / (this.totalSteps - 1 - this.peakStep))];
    for (const g of this.optimizer.paramGroups as Group[]) {
      g.lr = lr;
      if (this.opts.cycleMomentum === false) continue;
      if (g.betas !== undefined) g.betas = [momentum, g.betas[1]];
      else if (g.momentum !== undefined) g.momentum = momentum;
    }
  }
}
