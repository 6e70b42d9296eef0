/**
 * Model weights as safetensors files (Node.js): dg.save / dg.load, the file-level pair of
 * saveSafetensors / loadSafetensors. Writes are atomic; reads check the whole header against
 * the file's length before touching any tensor bytes.
 */
import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { DataFormatError, DeepGraphError } from '../errors.js';
import { writeFileAtomic } from '../data/atomic-write.js';
import { Module } from '../nn/module.js';
import { loadSafetensors, saveSafetensors, type TensorFile, type TensorMapLike, type SaveSafetensorsOptions } from './safetensors.js';
import { parseHeader, readHeaderLength, type SafetensorsHeader } from './safetensors-header.js';

/** Reads a whole file, turning a missing or unreadable file into an error that names it. */
export function readFileNamed(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DeepGraphError(`${what}: cannot read '${path}': ${(e as Error).message}`);
  }
}

/**
 * Saves a module's parameters and buffers (its stateDict()) or any named tensors to a
 * safetensors file, atomically (temporary name, fsync, rename). torch.save's counterpart for weights.
 */
export function save(stateDictOrModule: Module | TensorMapLike, path: string, opts: SaveSafetensorsOptions = {}): void {
  const tensors = stateDictOrModule instanceof Module ? stateDictOrModule.stateDict() : stateDictOrModule;
  writeFileAtomic(path, saveSafetensors(tensors, opts));
}

/**
 * Loads a safetensors file as a state dict (a Map from name to Tensor, with the file's
 * `metadata`), ready for module.loadStateDict(dg.load(path)).
 */
export function load(path: string): TensorFile {
  return loadSafetensors(readFileNamed(path, 'load'), { name: path });
}

/** A safetensors file opened for reading some of its tensors without reading the rest. */
export class SafetensorsFileReader {
  readonly header: SafetensorsHeader;
  private constructor(readonly path: string, private readonly fd: number, readonly size: number, header: SafetensorsHeader) {
    this.header = header;
  }

  static open(path: string): SafetensorsFileReader {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new DeepGraphError(`cannot open '${path}': ${(e as Error).message}`);
    }
    try {
      const size = fstatSync(fd).size;
      const first = new Uint8Array(Math.min(8, size));
      readFully(fd, first, 0, path);
      const n = readHeaderLength(first, size, path);
      const json = new Uint8Array(n);
      readFully(fd, json, 8, path);
      return new SafetensorsFileReader(path, fd, size, parseHeader(json, size, path));
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** The bytes of [begin, end) of the data buffer, in a fresh (so aligned) buffer. */
  read(begin: number, end: number): Uint8Array {
    const out = new Uint8Array(end - begin);
    readFully(this.fd, out, this.header.dataStart + begin, this.path);
    return out;
  }

  close(): void { closeSync(this.fd); }
}

function readFully(fd: number, into: Uint8Array, position: number, path: string): void {
  let at = 0;
  while (at < into.length) {
    const n = readSync(fd, into, at, into.length - at, position + at);
    if (n === 0) throw new DataFormatError(`${path}: file ended at byte ${position + at} while reading (changed while being read?)`);
    at += n;
  }
}
