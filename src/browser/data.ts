/**
 * The part of src/data that runs in a browser: graph generators, the synthetic block model,
 * graph transforms, N-Triples parsing, building a node-classification graph from arrays, and the
 * Planetoid datasets from bytes or URLs (fromFiles / fromUrl; these are the base classes of
 * Node's folder-reading classes of the same names, whose constructors and `load` are absent here
 * at compile time). Other dataset classes and file readers need node:fs and stay Node-only.
 * Re-exports only.
 */
export { stochasticBlockModel, SYNTHETIC_DEFAULTS, type SyntheticNodeOptions } from '../data/sbm.js';
export { syntheticRecommendation, SYNTHETIC_RECOMMENDATION_DEFAULTS, type SyntheticRecommendationOptions, type SyntheticRecommendation, type InteractionPairs } from '../data/recommendation.js';
export { randomGraph, rmatGraph, type EdgeList, type RmatOptions } from '../data/generators.js';
export { powerLawCommunityGraph, type CommunityGraphOptions } from '../data/community-graph.js';
export { nodeClassificationGraph } from '../data/build.js';
export { parsePlanetoid, PLANETOID_PARTS, type NodeClassificationArrays, type PlanetoidSource } from '../data/planetoid-parse.js';
export { PlanetoidDataset, CoraGraphDataset, CiteseerGraphDataset, PubmedGraphDataset, type PlanetoidName, type RawBytes, type RawFiles, type BlobLike, type PlanetoidBytesOptions } from '../data/planetoid-bytes.js';
export { Dataset, fetchBytes, type GraphTransform } from '../data/dataset-base.js';
export { knownSha256, verifyChecksumBytes, type RawReadOptions } from '../data/checksums-known.js';
export { rowNormalize, normalizeFeatures, compose, addSelfLoop, toBidirected, removeSelfLoop } from '../data/transforms.js';
export { parseNTriples, termKey, type RdfTerm, type Triple } from '../data/ntriples.js';
