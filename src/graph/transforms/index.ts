// The transform modules namespace (dg.transforms, DGL's dgl.transforms): re-exports only.
export { Compose, AddSelfLoop, GCNNorm, DropEdge, DropNode, FeatMask, RandomWalkPE, LapPE, PPR, SIGNDiffusion, shallowCopy, type BaseTransform } from './modules.js';
export { gcnNormWeights, signDiffusion, pprGraph, type DiffuseOp } from './diffusion.js';
