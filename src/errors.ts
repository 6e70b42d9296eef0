/** Base class of every error deepgraph throws on purpose. */
export class DeepGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit together; the message names the operation and both shapes. */
export class ShapeError extends DeepGraphError {}

/** A dtype the operation cannot take. */
export class DTypeError extends DeepGraphError {}

/** A feature name that is not in a frame; the message lists the names present. */
export class FeatureNotFoundError extends DeepGraphError {}

/** A backend that cannot be loaded or lacks a kernel. */
export class BackendError extends DeepGraphError {}

/** A raw data file that is missing, truncated or corrupt; the message names the file. */
export class DataFormatError extends DeepGraphError {}

/** A shape as it appears in error messages: `[2, 3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Throws a RangeError naming the index, its position and the bound. */
export function checkIndexRange(what: string, idx: ArrayLike<number>, bound: number): void {
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (!(v >= 0 && v < bound) || v !== Math.floor(v)) {
      throw new RangeError(`${what}: index ${v} at position ${i} is out of range [0, ${bound})`);
    }
  }
}
