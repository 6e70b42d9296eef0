/**
 * A loss that becomes NaN or infinite ends training: every later epoch would be NaN too, and an
 * accuracy reported from it would look like a result.
 */
import { DeepGraphError } from '../errors.js';

/** Training stopped because the loss was not finite; `epoch` is 0-based, the message says it 1-based as the progress lines do. */
export class TrainingDivergedError extends DeepGraphError {
  constructor(readonly epoch: number, readonly loss: number) {
    super(`training diverged: the loss is ${loss} at epoch ${epoch + 1}; lower the learning rate ` +
      '(--lr), or rerun with --detect-anomaly to name the first operation that produced a NaN or infinity');
  }
}

/** Throws TrainingDivergedError unless `loss` is finite. */
export function checkFiniteLoss(loss: number, epoch: number): number {
  if (!Number.isFinite(loss)) throw new TrainingDivergedError(epoch, loss);
  return loss;
}
