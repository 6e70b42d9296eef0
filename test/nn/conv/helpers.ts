// Shared small graphs and checks for the conv layer tests.
import { readFileSync } from 'node:fs';
import * as dg from '../../../src/index.js';
import { SparseAdj } from '../../../src/graph/sparse.js';
import { seededData } from '../../helpers.js';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Seeded float64 tensor (requiresGrad by default) with values in [lo, hi). */
export function f64(shape: number[], seed: number, lo = -1, hi = 1, requiresGrad = true): dg.Tensor {
  return dg.tensor(seededData(prod(shape), seed, lo, hi), { shape, dtype: 'float64', requiresGrad });
}

/** 4 nodes, a self-loop on each, a few directed edges and a multi-edge: every in-degree >= 1, unequal degrees. */
export function fourNodeGraph(): dg.Graph {
  return dg.graph([[0, 1, 2, 3, 0, 1, 2, 3, 0], [0, 1, 2, 3, 1, 2, 0, 1, 1]], { numNodes: 4 });
}

/** 4 nodes where node 3 has no in-edges. */
export function zeroInDegreeGraph(): dg.Graph {
  return dg.graph([[0, 1, 2, 3], [1, 2, 0, 1]], { numNodes: 4 });
}

/** A bipartite graph: 5 sources, 3 destinations, every destination reached. */
export function bipartiteGraph(): dg.Graph {
  return dg.bipartite([[0, 1, 2, 3, 4, 0, 2], [0, 0, 1, 2, 2, 2, 1]], { numSrc: 5, numDst: 3 });
}

/** A block (as a sampler makes): 5 source nodes whose first 3 are the destinations. */
export function blockGraph(): dg.Graph {
  const adj = SparseAdj.fromCoo(Int32Array.from([0, 1, 2, 3, 4, 0, 2, 1]), Int32Array.from([0, 0, 1, 2, 2, 2, 1, 1]), 5, 3);
  return dg.Graph.fromSpec({
    ntypes: ['_N'], numNodes: [5], dst: { ntypes: ['_N'], numNodes: [3] },
    relations: [{ srcType: '_N', etype: '_E', dstType: '_N', adj }],
  });
}

/** Every parameter of a module plus extra inputs, checked by finite differences through `run`. */
export function gradcheckModule(module: dg.nn.Module, inputs: dg.Tensor[], run: () => dg.Tensor, tol = 1e-6): number {
  return dg.gradcheck(() => run(), [...inputs, ...module.parameters()], { tol });
}

/** test/fixtures/conv-torch.json, made by scripts/make-conv-fixture.py with plain PyTorch (float64). */
export interface ConvFixture {
  graph: { src: number[]; dst: number[]; numNodes: number };
  x: { shape: number[]; data: number[] };
  graphConv: {
    inFeats: number; outFeats: number; weight: number[]; bias: number[]; edgeWeight: number[]; R: number[];
    cases: { norm: 'both' | 'right' | 'left' | 'none'; edgeWeight: boolean; out: number[]; grads: Record<string, number[]> }[];
  };
  gatConv: {
    inFeats: number; outFeats: number; numHeads: number; negativeSlope: number;
    params: Record<string, { shape: number[]; data: number[] }>;
    R: number[]; out: number[]; attention: number[]; grads: Record<string, number[]>;
  };
  sageConv: {
    inFeats: number;
    cases: {
      aggregator: 'mean' | 'gcn' | 'pool' | 'lstm'; outFeats: number; edgeWeight: boolean;
      params: Record<string, Shaped>; R: number[]; out: number[]; grads: Record<string, number[]>;
    }[];
  };
  lstm: {
    inputSize: number; hiddenSize: number; numLayers: number; params: Record<string, Shaped>;
    input: number[]; h0: number[]; c0: number[]; R: { output: number[]; h: number[]; c: number[] };
    output: number[]; h: number[]; c: number[]; grads: Record<string, number[]>;
  };
}

export interface Shaped { shape: number[]; data: number[] }

/** A state dict from fixture entries. */
export function stateOf(params: Record<string, Shaped>): Map<string, dg.Tensor> {
  return new Map(Object.entries(params).map(([k, v]) => [k, dg.tensor(Float64Array.from(v.data), { shape: v.shape })]));
}

export function convFixture(): ConvFixture {
  return JSON.parse(readFileSync(new URL('../../../../test/fixtures/conv-torch.json', import.meta.url), 'utf8')) as ConvFixture;
}
