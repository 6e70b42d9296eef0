/**
 * The part of src/data that runs in a browser: graph generators, the synthetic block model,
 * graph transforms, N-Triples parsing and building a node-classification graph from arrays.
 * Dataset classes and file readers need node:fs and stay Node-only. Re-exports only.
 */
export { stochasticBlockModel, SYNTHETIC_DEFAULTS, type SyntheticNodeOptions } from '../data/sbm.js';
export { syntheticRecommendation, SYNTHETIC_RECOMMENDATION_DEFAULTS, type SyntheticRecommendationOptions, type SyntheticRecommendation, type InteractionPairs } from '../data/recommendation.js';
export { randomGraph, rmatGraph, type EdgeList, type RmatOptions } from '../data/generators.js';
export { powerLawCommunityGraph, type CommunityGraphOptions } from '../data/community-graph.js';
export { nodeClassificationGraph } from '../data/build.js';
export type { NodeClassificationArrays } from '../data/planetoid-raw.js';
export type { GraphTransform } from '../data/dataset.js';
export { rowNormalize, normalizeFeatures, compose, addSelfLoop, toBidirected, removeSelfLoop } from '../data/transforms.js';
export { parseNTriples, termKey, type RdfTerm, type Triple } from '../data/ntriples.js';
