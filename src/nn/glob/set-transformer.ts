// Set Transformer pooling (Lee et al.; DGL's SetTransformerEncoder / SetTransformerDecoder) over
// the node sets of a batched graph. Attention runs set by set, so no padding or mask is built.
import { DeepGraphError, ShapeError, formatShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../tensor/dtype.js';
import { zeros } from '../../tensor/creation.js';
import { concat, narrow, permute, expand } from '../../tensor/movement.js';
import { matmul } from '../../tensor/matmul.js';
import { softmax } from '../../tensor/softmax.js';
import type { Graph } from '../../graph/graph.js';
import { Module } from '../module.js';
import { ModuleList, Sequential } from '../container.js';
import { Linear } from '../linear.js';
import { ReLU } from '../activation.js';
import { Dropout } from '../dropout.js';
import { LayerNorm } from '../norm.js';
import { Parameter } from '../parameter.js';
import { xavierUniform } from '../init.js';

interface Dims { dModel: number; numHeads: number; dHead: number; dFF: number; dropouth: number; dtype: FloatDType }

function ffn(d: Dims): Sequential {
  return new Sequential(new Linear(d.dModel, d.dFF, { dtype: d.dtype }), new ReLU(), new Dropout(d.dropouth), new Linear(d.dFF, d.dModel, { dtype: d.dtype }));
}

/** Multi-head attention of queries x over memory mem, set by set, with the residual, FFN and norms (DGL's MultiHeadAttention). */
class SetMHA extends Module {
  readonly projQ: Linear; readonly projK: Linear; readonly projV: Linear; readonly projO: Linear;
  readonly ffn: Sequential; readonly normIn: LayerNorm; readonly normInter: LayerNorm;

  constructor(private readonly d: Dims) {
    super();
    const hd = d.numHeads * d.dHead;
    this.projQ = this.registerModule('projQ', new Linear(d.dModel, hd, { bias: false, dtype: d.dtype }));
    this.projK = this.registerModule('projK', new Linear(d.dModel, hd, { bias: false, dtype: d.dtype }));
    this.projV = this.registerModule('projV', new Linear(d.dModel, hd, { bias: false, dtype: d.dtype }));
    this.projO = this.registerModule('projO', new Linear(hd, d.dModel, { bias: false, dtype: d.dtype }));
    this.ffn = this.registerModule('ffn', ffn(d));
    this.normIn = this.registerModule('normIn', new LayerNorm(d.dModel, { dtype: d.dtype }));
    this.normInter = this.registerModule('normInter', new LayerNorm(d.dModel, { dtype: d.dtype }));
    for (const p of this.parameters()) if (p.ndim > 1) xavierUniform(p);
  }

  forward(x: Tensor, mem: Tensor, lengthsX: ArrayLike<number>, lengthsMem: ArrayLike<number>): Tensor {
    const { numHeads: H, dHead: dh } = this.d;
    const q = this.projQ.forward(x), k = this.projK.forward(mem), v = this.projV.forward(mem);
    const outs: Tensor[] = [];
    let ox = 0, om = 0;
    for (let b = 0; b < lengthsX.length; b++) {
      const lx = lengthsX[b], lm = lengthsMem[b];
      const heads = (t: Tensor, o: number, n: number): Tensor => permute(narrow(t, 0, o, n).reshape([n, H, dh]), [1, 0, 2]);
      if (lm === 0) outs.push(zeros([lx, H * dh], { dtype: x.dtype as FloatDType }));
      else {
        const e = matmul(heads(q, ox, lx), permute(heads(k, om, lm), [0, 2, 1])).div(Math.sqrt(dh));
        outs.push(permute(matmul(softmax(e, -1), heads(v, om, lm)), [1, 0, 2]).reshape([lx, H * dh]));
      }
      ox += lx; om += lm;
    }
    const h = this.normIn.forward(x.add(this.projO.forward(concat(outs, 0))));
    return this.normInter.forward(h.add(this.ffn.forward(h) as Tensor));
  }
}

/** Rows of a [m, D] parameter repeated for each of batch sets ([batch * m, D]). */
function repeatRows(p: Tensor, batch: number): Tensor {
  return expand(p.unsqueeze(0), [batch, ...p.shape]).reshape([batch * p.shape[0], p.shape[1]]);
}

class SAB extends Module {
  readonly mha: SetMHA;
  constructor(d: Dims) { super(); this.mha = this.registerModule('mha', new SetMHA(d)); }
  forward(feat: Tensor, lengths: ArrayLike<number>): Tensor { return this.mha.forward(feat, feat, lengths, lengths); }
}

class ISAB extends Module {
  readonly inducingPoints: Parameter;
  readonly mha: ModuleList<SetMHA>;
  constructor(readonly m: number, d: Dims) {
    super();
    this.inducingPoints = this.registerParameter('inducingPoints', new Parameter(xavierUniform(zeros([m, d.dModel], { dtype: d.dtype }))));
    this.mha = this.registerModule('mha', new ModuleList([new SetMHA(d), new SetMHA(d)]));
  }
  forward(feat: Tensor, lengths: ArrayLike<number>): Tensor {
    const ms = Array.from(lengths, () => this.m);
    const memory = this.mha.get(0).forward(repeatRows(this.inducingPoints, lengths.length), feat, ms, lengths);
    return this.mha.get(1).forward(feat, memory, lengths, ms);
  }
}

function dimsOf(dModel: number, numHeads: number, dHead: number, dFF: number, o: { dropouth?: number; dtype?: FloatDType }): Dims {
  return { dModel, numHeads, dHead, dFF, dropouth: o.dropouth ?? 0, dtype: o.dtype ?? 'float32' };
}

function checkFeat(name: string, g: Graph, feat: Tensor, dModel: number): Int32Array {
  if (feat.ndim !== 2 || feat.shape[0] !== g.numNodes() || feat.shape[1] !== dModel) {
    throw new ShapeError(`${name}: features must be [${g.numNodes()}, ${dModel}], got ${formatShape(feat.shape)}`);
  }
  return g.batchNumNodes();
}

/** Options of SetTransformerEncoder (DGL's `dgl.nn.SetTransformerEncoder`): layer count (default 1), block type (default 'sab'), inducing points m (needed for 'isab'), dropouth (default 0) and dtype; dropouta is accepted (DGL's signature) but not applied. */
export interface SetTransformerOptions { nLayers?: number; blockType?: 'sab' | 'isab'; m?: number; dropouth?: number; dropouta?: number; dtype?: FloatDType }

/** Self-attention over each member graph's nodes, nLayers SAB or ISAB blocks (DGL's SetTransformerEncoder); [N, dModel] in and out. */
export class SetTransformerEncoder extends Module {
  readonly layers: ModuleList<SAB | ISAB>;
  readonly blockType: 'sab' | 'isab';

  constructor(readonly dModel: number, numHeads: number, dHead: number, dFF: number, opts: SetTransformerOptions = {}) {
    super();
    this.blockType = opts.blockType ?? 'sab';
    if (this.blockType !== 'sab' && this.blockType !== 'isab') throw new DeepGraphError(`SetTransformerEncoder: blockType must be 'sab' or 'isab', got '${String(this.blockType)}'`);
    if (this.blockType === 'isab' && opts.m === undefined) throw new DeepGraphError('SetTransformerEncoder: the number of inducing points m is needed for ISAB blocks');
    const d = dimsOf(dModel, numHeads, dHead, dFF, opts);
    this.layers = this.registerModule('layers', new ModuleList(Array.from({ length: opts.nLayers ?? 1 },
      () => (this.blockType === 'sab' ? new SAB(d) : new ISAB(opts.m!, d)))));
  }

  forward(g: Graph, feat: Tensor): Tensor {
    const lengths = checkFeat('SetTransformerEncoder', g, feat, this.dModel);
    let h = feat;
    for (const layer of this.layers) h = layer.forward(h, lengths);
    return h;
  }
}

/** Pooling by multi-head attention to k seed vectors, then nLayers SABs (DGL's SetTransformerDecoder); returns [batch, k * dModel]. */
export class SetTransformerDecoder extends Module {
  readonly seedVectors: Parameter;
  readonly pmaMha: SetMHA;
  readonly pmaFfn: Sequential;
  readonly layers: ModuleList<SAB>;

  constructor(readonly dModel: number, numHeads: number, dHead: number, dFF: number, nLayers: number, readonly k: number,
    opts: { dropouth?: number; dropouta?: number; dtype?: FloatDType } = {}) {
    super();
    const d = dimsOf(dModel, numHeads, dHead, dFF, opts);
    this.seedVectors = this.registerParameter('seedVectors', new Parameter(xavierUniform(zeros([k, dModel], { dtype: d.dtype }))));
    this.pmaMha = this.registerModule('pmaMha', new SetMHA(d));
    this.pmaFfn = this.registerModule('pmaFfn', ffn(d));
    this.layers = this.registerModule('layers', new ModuleList(Array.from({ length: nLayers }, () => new SAB(d))));
  }

  forward(g: Graph, feat: Tensor): Tensor {
    const lengths = checkFeat('SetTransformerDecoder', g, feat, this.dModel);
    const B = lengths.length, ks = Array.from(lengths, () => this.k);
    let h = this.pmaMha.forward(repeatRows(this.seedVectors, B), this.pmaFfn.forward(feat) as Tensor, ks, lengths);
    for (const layer of this.layers) h = layer.forward(h, ks);
    return h.reshape([B, this.k * this.dModel]);
  }
}
