import { validateIds } from './validate-ids.js';
import { Tensor } from '../tensor/tensor.js';

/** Feature name of original node / edge ids on subgraphs (DGL's dgl.NID / dgl.EID). */
export const NID = '_ID';
/** The edata key where subgraph and sampling functions store original edge ids (DGL's `dgl.EID`). */
export const EID = '_ID';
/** Feature name of type ids on homogeneous graphs made by toHomogeneous (DGL's dgl.NTYPE / dgl.ETYPE). */
export const NTYPE = '_TYPE';
/** The edata key of the edge type id in `toHomogeneous` output (DGL's `dgl.ETYPE`). */
export const ETYPE = '_TYPE';

/** Node or edge ids as a user may pass them. */
export type IdsLike = number | readonly number[] | Int32Array | Tensor;

/** Ids as an Int32Array (shared when already one), each checked against [0, bound) (validate-ids.ts). */
export function toIds(x: IdsLike, bound: number, what: string): Int32Array {
  return validateIds(x, bound, `${what} (there are ${bound}): index`);
}

/** An int32 tensor of ids (the form NID/EID features take). */
export function idTensor(ids: Int32Array): Tensor {
  return new Tensor(ids, [ids.length], 'int32');
}

export function arangeIds(n: number, start = 0): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = start + i;
  return out;
}

export function maxPlusOne(...arrays: Int32Array[]): number {
  let m = -1;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m + 1;
}
