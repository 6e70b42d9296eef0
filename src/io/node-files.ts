/**
 * The Node.js file functions of graph files and checkpoints: atomic writes (temporary name,
 * fsync, rename) and checked reads. A partial graph load reads the header and only the selected
 * graphs' arrays.
 */
import { writeFileAtomic } from '../data/atomic-write.js';
import type { Graph } from '../graph/graph.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint, type CheckpointParts, type LoadCheckpointTargets } from './checkpoint.js';
import { decodeGraphs, encodeGraphs, readGraphs, type LoadedGraphs, type SaveGraphsOptions } from './graph-file.js';
import type { Tensor } from '../tensor/tensor.js';
import { readFileNamed, SafetensorsFileReader } from './weights.js';

/** Saves graphs with their features and graph-level labels to one file (DGL's save_graphs). */
export function saveGraphs(path: string, graphs: Graph | readonly Graph[], opts: SaveGraphsOptions = {}): void {
  writeFileAtomic(path, encodeGraphs(graphs, opts));
}

/**
 * Loads graphs and labels saved by saveGraphs (DGL's load_graphs). With `idx` only those graphs
 * are returned, in that order, and only their arrays are read from disk; labels are always all.
 */
export function loadGraphs(path: string, opts: { idx?: readonly number[] } = {}): LoadedGraphs {
  if (opts.idx === undefined) return decodeGraphs(readFileNamed(path, 'loadGraphs'), { name: path });
  const reader = SafetensorsFileReader.open(path);
  try {
    return readGraphs({ header: reader.header, read: (e) => reader.read(e.begin, e.end), name: path }, opts);
  } finally {
    reader.close();
  }
}

/** The label tensors of a graph file without its graphs (DGL's load_labels). */
export function loadLabels(path: string): Record<string, Tensor> {
  return loadGraphs(path, { idx: [] }).labels;
}

/**
 * Writes a training checkpoint: model weights, optimizer and scheduler state, the default random
 * generator's state, the epoch and extras, atomically: an interrupted write leaves the previous
 * file intact.
 */
export function saveCheckpoint(path: string, parts: CheckpointParts): void {
  writeFileAtomic(path, encodeCheckpoint(parts));
}

/**
 * Reads a checkpoint, loads it into the model, optimizer and scheduler passed, and restores the
 * default random generator (unless restoreRandomState is false), so training continues exactly
 * as if it had not stopped. Returns the epoch, extras and the raw states.
 */
export function loadCheckpoint(path: string, targets: LoadCheckpointTargets = {}): Checkpoint {
  return decodeCheckpoint(readFileNamed(path, 'loadCheckpoint'), targets, path);
}
