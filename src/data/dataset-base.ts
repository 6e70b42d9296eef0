/**
 * The browser-safe part of src/data/dataset.ts: the Dataset base class, GraphTransform and
 * fetchBytes (global fetch only). Node's file and cache helpers stay in dataset.ts.
 */
import { DataFormatError } from '../errors.js';
import type { Graph } from '../graph/index.js';

/** A graph-to-graph function applied to each graph a dataset returns (DGL's `transform=`). */
export type GraphTransform = (g: Graph) => Graph;

/**
 * A dataset in DGL's spirit: `length` items, `get(i)` returns one (a graph, or [graph, label]).
 * Node-classification datasets hold one graph whose ndata has feat, label, trainMask, valMask, testMask.
 */
export abstract class Dataset<Item> implements Iterable<Item> {
  abstract readonly name: string;
  abstract readonly numClasses: number;
  abstract get length(): number;
  protected abstract item(i: number): Item;

  /** Item i (0 ≤ i < length). */
  get(i: number): Item {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new RangeError(`${this.name}: index ${i} is out of range [0, ${this.length})`);
    }
    return this.item(i);
  }

  /** Iterates the items in order. */
  *[Symbol.iterator](): Iterator<Item> {
    for (let i = 0; i < this.length; i++) yield this.item(i);
  }
}

/** Fetches a URL into memory; failures name the URL and suggest a local folder. */
export async function fetchBytes(url: string): Promise<Uint8Array> {
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new DataFormatError(`could not download ${url} (${(e as Error).message}); ` +
      'if this machine is offline, fetch the file elsewhere and pass its folder with --data-dir (rawDir)');
  }
}

