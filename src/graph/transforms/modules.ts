/**
 * DGL's transform modules (dgl.transforms.*) as callables g -> new graph: each wraps a functional
 * transform; the input graph is never changed (DGL mutates features in place; deepgraph returns
 * a graph sharing the untouched structure and features). Random ones draw from a Generator.
 */
import { DeepGraphError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { defaultGenerator, type Generator } from '../../tensor/random.js';
import { allocate } from '../../tensor/dtype.js';
import type { Graph } from '../graph.js';
import { addSelfLoop, type AddSelfLoopOptions } from './add-self-loop.js';
import { removeSelfLoop } from './remove-self-loop.js';
import { removeEdges } from './remove-edges.js';
import { removeNodes } from './remove-nodes.js';
import { randomWalkPE } from './random-walk-pe.js';
import { lapPE } from './lap-pe.js';
import { pprGraph, gcnNormWeights, signDiffusion, type DiffuseOp } from './diffusion.js';
import { buildGraph, cooOf, copyFrame, editRelations, nodeCounts } from './util.js';

/** A graph transform (DGL's BaseTransform): g in, new graph out. */
export interface BaseTransform {
  /** Applies the transform to `g` and returns a new graph (`g` is left unchanged). */
  call(g: Graph): Graph;
  /** A one-line description of the transform and its settings (DGL's `repr`). */
  toString(): string;
}

/** The same structure and features (tensors shared), so a transform can add features without touching g. */
export function shallowCopy(g: Graph): Graph { return editRelations(g, new Map()); }

/** Applies transforms in order (DGL's Compose). */
export class Compose implements BaseTransform {
  constructor(readonly transforms: readonly BaseTransform[]) {}
  /** Applies each transform in order, feeding each one's output to the next; returns the last output. */
  call(g: Graph): Graph { return this.transforms.reduce((h, t) => t.call(h), g); }
  /** `Compose([...])` — the transforms in order, one per line. */
  toString(): string { return `Compose([\n${this.transforms.map((t) => `  ${t.toString()}`).join(',\n')}\n])`; }
}

/** Self loops on every relation within one node type (DGL's AddSelfLoop); existing loops removed first unless allowDuplicate. */
export class AddSelfLoop implements BaseTransform {
  constructor(readonly opts: { allowDuplicate?: boolean; newEtypes?: boolean; edgeFeatNames?: readonly string[]; fillData?: AddSelfLoopOptions['fillData'] } = {}) {}
  /** Adds a self loop per node on every relation within one node type (plus a `self` relation per node type when `newEtypes`) and returns a new graph. */
  call(g: Graph): Graph {
    let out = g;
    for (const c of g.canonicalEtypes) {
      if (c[0] !== c[2]) continue;
      if (!this.opts.allowDuplicate) out = removeSelfLoop(out, { etype: c });
      out = addSelfLoop(out, { etype: c, edgeFeatNames: this.opts.edgeFeatNames, fillData: this.opts.fillData });
    }
    if (!this.opts.newEtypes) return out;
    const rels = [...out.ntypes.map((t) => {
      const ids = Int32Array.from({ length: out.numNodes(t) }, (_, i) => i);
      return { canonical: [t, 'self', t] as const, src: ids, dst: ids };
    }), ...out.canonicalEtypes.map((c) => ({ canonical: c, ...cooOf(out, c) }))];
    const res = buildGraph(nodeCounts(out), rels);
    for (const t of out.ntypes) copyFrame(out.nodeFrame(t), res.nodeFrame(t));
    for (const c of out.canonicalEtypes) copyFrame(out.edgeFrame(c), res.edgeFrame(c));
    return res;
  }
  /** `AddSelfLoop(allowDuplicate=..., newEtypes=...)`. */
  toString(): string { return `AddSelfLoop(allowDuplicate=${this.opts.allowDuplicate ?? false}, newEtypes=${this.opts.newEtypes ?? false})`; }
}

/** Edge weights d^-1/2(u) w_uv d^-1/2(v) with (weighted) in-degrees, on relations within one node type (DGL's GCNNorm). */
export class GCNNorm implements BaseTransform {
  constructor(readonly eweightName = 'w') {}
  /** Returns a copy of `g` with the normalised weights stored as edge feature `eweightName` on each relation within one node type. */
  call(g: Graph): Graph {
    const out = shallowCopy(g);
    for (const c of g.canonicalEtypes) if (c[0] === c[2]) out.edgeFrame(c).set(this.eweightName, gcnNormWeights(g, c, this.eweightName));
    return out;
  }
  /** `GCNNorm(eweightName=...)`. */
  toString(): string { return `GCNNorm(eweightName=${this.eweightName})`; }
}

/** Each edge dropped with probability p, per relation (DGL's DropEdge). */
export class DropEdge implements BaseTransform {
  constructor(readonly p = 0.5, readonly generator: Generator = defaultGenerator) { checkP('DropEdge', p); }
  /** Returns a new graph without the randomly dropped edges of each relation. */
  call(g: Graph): Graph {
    return g.canonicalEtypes.reduce((out, c) => removeEdges(out, drawn(out.numEdges(c), this.p, this.generator), { etype: c }), shallowCopy(g));
  }
  /** `DropEdge(p=...)`. */
  toString(): string { return `DropEdge(p=${this.p})`; }
}

/** Each node dropped (with its edges) with probability p, per node type (DGL's DropNode). */
export class DropNode implements BaseTransform {
  constructor(readonly p = 0.5, readonly generator: Generator = defaultGenerator) { checkP('DropNode', p); }
  /** Returns a new graph without the randomly dropped nodes of each node type and their edges. */
  call(g: Graph): Graph {
    return g.ntypes.reduce((out, t) => removeNodes(out, drawn(out.numNodes(t), this.p, this.generator), { ntype: t }), shallowCopy(g));
  }
  /** `DropNode(p=...)`. */
  toString(): string { return `DropNode(p=${this.p})`; }
}

/** Zeros whole feature columns, each with probability p, of the named node / edge features (DGL's FeatMask). */
export class FeatMask implements BaseTransform {
  constructor(readonly opts: { p?: number; nodeFeatNames?: readonly string[]; edgeFeatNames?: readonly string[]; generator?: Generator } = {}) {
    checkP('FeatMask', opts.p ?? 0.5);
  }
  /** Returns a copy of `g` whose named node / edge features have randomly chosen columns zeroed. */
  call(g: Graph): Graph {
    const out = shallowCopy(g);
    const p = this.opts.p ?? 0.5, gen = this.opts.generator ?? defaultGenerator;
    if (p === 0) return out;
    const mask = (t: Tensor): Tensor => {
      const cols = t.shape[t.ndim - 1];
      const keep = allocate(t.dtype, cols).map(() => (gen.nextFloat() < p ? 0 : 1));
      return t.mul(new Tensor(keep, [cols], t.dtype));
    };
    for (const name of this.opts.nodeFeatNames ?? []) for (const t of g.ntypes) if (g.nodeFrame(t).has(name)) out.nodeFrame(t).set(name, mask(g.nodeFrame(t).get(name)));
    for (const name of this.opts.edgeFeatNames ?? []) for (const c of g.canonicalEtypes) if (g.edgeFrame(c).has(name)) out.edgeFrame(c).set(name, mask(g.edgeFrame(c).get(name)));
    return out;
  }
  /** `FeatMask(p=...)`. */
  toString(): string { return `FeatMask(p=${this.opts.p ?? 0.5})`; }
}

/** ndata[featName] = randomWalkPE(g, k) (DGL's RandomWalkPE). */
export class RandomWalkPE implements BaseTransform {
  constructor(readonly k: number, readonly opts: { featName?: string; eweightName?: string } = {}) {}
  /** Returns a copy of `g` with the random-walk positional encoding stored as node feature `featName` (default `'PE'`). */
  call(g: Graph): Graph {
    const out = shallowCopy(g);
    out.ndata.set(this.opts.featName ?? 'PE', randomWalkPE(g, this.k, { eweightName: this.opts.eweightName }));
    return out;
  }
  /** `RandomWalkPE(k=...)`. */
  toString(): string { return `RandomWalkPE(k=${this.k})`; }
}

/** ndata[featName] = lapPE(g, k), and the eigenvalues per node under eigvalName (DGL's LapPE). */
export class LapPE implements BaseTransform {
  constructor(readonly k: number, readonly opts: { featName?: string; eigvalName?: string; padding?: boolean; generator?: Generator } = {}) {}
  /** Returns a copy of `g` with the Laplacian positional encoding as node feature `featName` (default `'PE'`), and the eigenvalues under `eigvalName` if given. */
  call(g: Graph): Graph {
    const out = shallowCopy(g);
    const { pe, eigvals } = lapPE(g, this.k, { padding: this.opts.padding, generator: this.opts.generator });
    out.ndata.set(this.opts.featName ?? 'PE', pe);
    if (this.opts.eigvalName !== undefined) {
      const n = g.numNodes(), rows = new Float32Array(n * this.k);
      for (let i = 0; i < n; i++) rows.set(eigvals.data as Float32Array, i * this.k);
      out.ndata.set(this.opts.eigvalName, new Tensor(rows, [n, this.k], 'float32'));
    }
    return out;
  }
  /** `LapPE(k=...)`. */
  toString(): string { return `LapPE(k=${this.k})`; }
}

/** The graph of personalised-PageRank diffusion scores (DGL's PPR); see pprGraph. */
export class PPR implements BaseTransform {
  constructor(readonly opts: { alpha?: number; eweightName?: string; eps?: number; avgDegree?: number } = {}) {}
  /** Returns the PPR diffusion graph of `g` (see `pprGraph`). */
  call(g: Graph): Graph { return pprGraph(g, this.opts); }
  /** `PPR(alpha=...)`. */
  toString(): string { return `PPR(alpha=${this.opts.alpha ?? 0.15})`; }
}

/** ndata[outFeatName_i] for i = 1..k: k diffusion steps of inFeatName (DGL's SIGNDiffusion). */
export class SIGNDiffusion implements BaseTransform {
  constructor(readonly k: number, readonly opts: { inFeatName?: string; outFeatName?: string; eweightName?: string; diffuseOp?: DiffuseOp; alpha?: number } = {}) {
    const op = opts.diffuseOp ?? 'raw';
    if (!['raw', 'rw', 'gcn', 'ppr'].includes(op)) throw new DeepGraphError(`SIGNDiffusion: diffuseOp must be one of 'raw', 'rw', 'gcn', 'ppr', got '${String(op)}'`);
  }
  /** Returns a copy of `g` with the k diffused features stored as node features `${outFeatName}_1` .. `${outFeatName}_k` (default `out_feat`). */
  call(g: Graph): Graph {
    const out = shallowCopy(g);
    const feats = signDiffusion(g, this.k, this.opts);
    feats.forEach((f, i) => out.ndata.set(`${this.opts.outFeatName ?? 'out_feat'}_${i + 1}`, f));
    return out;
  }
  /** `SIGNDiffusion(k=..., diffuseOp=...)`. */
  toString(): string { return `SIGNDiffusion(k=${this.k}, diffuseOp=${this.opts.diffuseOp ?? 'raw'})`; }
}

/** The ids among 0..n-1 picked, each with probability p (none when p = 0). */
function drawn(n: number, p: number, gen: Generator): Int32Array {
  if (p === 0) return new Int32Array(0);
  return Int32Array.from({ length: n }, (_, i) => i).filter(() => gen.nextFloat() < p);
}

function checkP(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name}: p must be a probability in [0, 1], got ${p}`);
}

