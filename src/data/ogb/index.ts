// Public surface of src/data/ogb (re-exports only).
export { OgbGraphPropPredDataset } from './graph-prop.js';
export { OgbDataset, ogbDatasetDir, type OgbDatasetOptions } from './ogb-dataset.js';
export { OgbEvaluator, type OgbArray, type OgbPropInput, type OgbLinkInput } from './evaluator.js';
export { rocAuc, averagePrecision } from './metrics.js';
export { ogbMasterRow, ogbFamilyOf, ogbFolderName, type OgbMasterRow, type OgbMetric, type OgbFamily } from './master.js';
export { readCsvTable, readCsvTableStream, CsvNumberParser, type CsvTable, type CsvTableOptions } from './csv-gz.js';
export type { OgbSplit } from './split.js';
export { OgbNodePropPredDataset, type OgbHeteroSplit, type OgbNodeLabels } from './node-prop.js';
export { OgbLinkPropPredDataset, type OgbEdgeSplit, type OgbEdgeSplitPart } from './link-prop.js';
