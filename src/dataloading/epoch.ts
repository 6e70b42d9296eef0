/** Drains loader epochs while counting what was sampled: the measurement behind `deepgraph bench sample`. */
import type { Graph } from '../graph/graph.js';

/** Batches and items of one epoch. */
export interface EpochCounts {
  batches: number;
  /** Edges over every block of every batch. */
  sampledEdges: number;
  /** Input nodes (blocks[0] sources) summed over batches. */
  inputNodes: number;
}

type AnyBatch = readonly [unknown, ...unknown[]];

const blocksOf = (batch: AnyBatch): Graph[] => batch[batch.length - 1] as Graph[];

/**
 * Runs one epoch of a DataLoader (any loader yielding batches whose last element is the blocks),
 * calling step(batch) on each (e.g. a training step; awaited when it returns a promise).
 */
export async function runEpoch<B extends AnyBatch>(loader: AsyncIterable<B>,
  step?: (batch: B) => void | Promise<void>): Promise<EpochCounts> {
  const counts: EpochCounts = { batches: 0, sampledEdges: 0, inputNodes: 0 };
  for await (const batch of loader) {
    const blocks = blocksOf(batch);
    counts.batches++;
    for (const b of blocks) counts.sampledEdges += b.numEdges();
    if (blocks.length > 0) counts.inputNodes += blocks[0].numSrcNodes();
    if (step !== undefined) await step(batch);
  }
  return counts;
}
