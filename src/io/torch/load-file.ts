import { readFileSync } from 'node:fs';
import { DataFormatError } from '../../errors.js';
import type { StateDict } from '../../nn/module.js';
import { loadTorchBytes, readTorchBytes, type TorchValue } from './load.js';

function readFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataFormatError(`${path}: cannot read the file (${(e as Error).message})`);
  }
}

/**
 * Reads a `torch.save(model.state_dict())` file (PyTorch >= 1.6 zip format) into a state dict,
 * without Python and without executing anything in the pickle (see loadTorchBytes). Pass the
 * result through dg.fromPyG / dg.fromDGL to get the names and layouts of a deepgraph model.
 */
export function loadTorch(path: string): StateDict {
  return loadTorchBytes(readFile(path), { name: path });
}

/** Reads any `torch.save` file of plain data and tensors into JS values (see readTorchBytes). */
export function readTorch(path: string): TorchValue {
  return readTorchBytes(readFile(path), { name: path });
}
