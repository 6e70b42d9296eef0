// Public surface of src/data (re-exports only).
export { Dataset, defaultCacheDir, downloadFile, fetchBytes, ensureRawFiles, type DatasetOptions, type RawFile, type GraphTransform } from './dataset.js';
export { writeFileAtomic } from './atomic-write.js';
export { PlanetoidDataset, CoraGraphDataset, CiteseerGraphDataset, PubmedGraphDataset, PLANETOID_URL, type PlanetoidName } from './planetoid.js';
export { readPlanetoid, type NodeClassificationArrays } from './planetoid-raw.js';
export { TUDataset, TU_URL } from './tu.js';
export { readTu, type TuArrays } from './tu-raw.js';
export { KarateClubDataset } from './karate.js';
export { SyntheticNodeDataset } from './synthetic.js';
export { stochasticBlockModel, SYNTHETIC_DEFAULTS, type SyntheticNodeOptions } from './sbm.js';
export { syntheticRecommendation, SYNTHETIC_RECOMMENDATION_DEFAULTS, type SyntheticRecommendationOptions, type SyntheticRecommendation, type InteractionPairs } from './recommendation.js';
export { randomGraph, rmatGraph, type EdgeList, type RmatOptions } from './generators.js';
export { readNpy, writeNpy, readNpyEdges, type NpyArray } from './npy.js';
export { nodeClassificationGraph } from './build.js';
export { rowNormalize, normalizeFeatures, compose, addSelfLoop, toBidirected, removeSelfLoop } from './transforms.js';
export { readZip } from './zip.js';
export { RdfDataset, AIFBDataset, MUTAGDataset, buildRdfGraph, AIFB_RULES, MUTAG_RULES, RDF_URL, type RdfRules, type RdfEntity, type RdfGraph } from './rdf.js';
export { parseNTriples, termKey, type RdfTerm, type Triple } from './ntriples.js';
export { readTar, readTarGz } from './tar.js';
