import { ShapeError, formatShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { neg, sub } from '../../tensor/elementwise.js';
import { softplus } from '../../tensor/activation.js';
import { mean } from '../../tensor/reduce.js';

/**
 * Bayesian personalised ranking loss (Rendle et al. 2009): mean over pairs of -log σ(pos - neg) =
 * softplus(neg - pos). pos and neg are scores of the same shape (one negative per positive; repeat
 * positives for more). PyG's BPRLoss without its embedding regulariser (use weightDecay).
 */
export function bprLoss(pos: Tensor, negScores: Tensor): Tensor {
  if (pos.shape.length !== negScores.shape.length || pos.shape.some((n, i) => n !== negScores.shape[i])) {
    throw new ShapeError(`bprLoss: positive scores ${formatShape(pos.shape)} and negative scores ${formatShape(negScores.shape)} must have one shape`);
  }
  if (pos.size === 0) throw new ShapeError('bprLoss: no score pairs');
  return mean(softplus(neg(sub(pos, negScores))));
}
