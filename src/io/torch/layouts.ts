import { DeepGraphError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { allocate } from '../../tensor/dtype.js';
import type { ConvertContext } from './name-map.js';

/** Layout changes between PyTorch layers and deepgraph's, each a fresh contiguous tensor. */

/** [a, b] -> [b, a]: PyTorch Linear keeps [out, in]; deepgraph's GraphConv keeps [in, out]. */
export function transposed(ctx: ConvertContext): Tensor {
  const t = ctx.source;
  if (t.ndim !== 2) return t;
  const [a, b] = t.shape;
  const out = allocate(t.dtype, t.size);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[j * a + i] = t.data[i * b + j];
  return new Tensor(out, [b, a], t.dtype);
}

/**
 * One half of the last dimension of a fused attention vector [1, H, 2F] (legacy PyG GATConv `att`,
 * the paper's a^T [W h_i || W h_j]): the first half scores the destination i, the second the source j.
 */
export function attentionHalf(half: 0 | 1): (ctx: ConvertContext) => Tensor {
  return (ctx) => {
    const t = ctx.source;
    const F2 = t.shape[t.ndim - 1];
    if (t.ndim !== 3 || F2 % 2 !== 0) return t;
    const F = F2 / 2, rows = t.size / F2;
    const out = allocate(t.dtype, rows * F);
    for (let r = 0; r < rows; r++) for (let f = 0; f < F; f++) out[r * F + f] = t.data[r * F2 + half * F + f];
    return new Tensor(out, [t.shape[0], t.shape[1], F], t.dtype);
  };
}

/**
 * A bias of one head's width [F] repeated for every head ([H * F]): PyG GATConv(concat=False) adds
 * its bias after averaging the heads, which equals adding it to each head before the average.
 */
export function biasPerHead(ctx: ConvertContext): Tensor {
  const t = ctx.source, want = ctx.target.size;
  if (t.ndim !== 1 || want % t.size !== 0 || t.size === want) return t;
  const out = allocate(t.dtype, want);
  for (let i = 0; i < want; i++) out[i] = t.data[i % t.size];
  return new Tensor(out, [want], t.dtype);
}

/** The same tensor under another name must be identical (PyG's `lin_dst = lin_src` when the input is one size). */
export function sharedWith(other: string): (ctx: ConvertContext) => Tensor {
  return (ctx) => {
    const twin = ctx.get(other);
    if (twin !== undefined && (twin.size !== ctx.source.size || twin.data.some((v, i) => v !== ctx.source.data[i]))) {
      throw new DeepGraphError(`'${ctx.key}' and its twin '${other}' differ: the source layer projects sources and destinations ` +
        'separately; build the deepgraph layer with a [srcFeats, dstFeats] pair of input sizes');
    }
    return ctx.source;
  };
}

/** Reshapes to the target's shape when the element counts agree (e.g. PyG's [R, B, in/B, out/B] block weights). */
export function reshapedToTarget(ctx: ConvertContext): Tensor {
  const t = ctx.source;
  return t.size === ctx.target.size ? new Tensor(t.data, ctx.target.shape, t.dtype) : t;
}
