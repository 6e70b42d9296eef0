/**
 * The rows of OGB's master tables (ogb/{graph,node,link}proppred/master.csv) that the loaders and the
 * evaluator need: task count and type, the evaluation metric, whether the inverse of each stored edge is
 * added, the split folder and the additional node/edge files.
 */
import { DeepGraphError } from '../../errors.js';

/** OGB's evaluation metric names (master.csv 'eval metric'). */
export type OgbMetric = 'rocauc' | 'ap' | 'rmse' | 'acc' | 'F1' | 'mrr' | `hits@${number}`;

/** One dataset's row of OGB's master table, as the loaders and the evaluator use it. */
export interface OgbMasterRow {
  numTasks: number;
  evalMetric: OgbMetric;
  taskType: string;
  /** -1 for regression. */
  numClasses: number;
  addInverseEdge: boolean;
  split: string;
  additionalNodeFiles: string[];
  additionalEdgeFiles: string[];
  isHetero: boolean;
}

type Row = [numTasks: number, metric: OgbMetric, taskType: string, numClasses: number, addInverse: boolean, split: string,
  nodeFiles: string, edgeFiles: string, hetero: boolean];

const BIN = 'binary classification', MULTI = 'multiclass classification', REG = 'regression', LINK = 'link prediction', KG = 'KG completion';
const mol = (tasks: number, metric: OgbMetric, type = BIN): Row => [tasks, metric, type, type === REG ? -1 : 2, true, 'scaffold', '', '', false];

const GRAPH: Record<string, Row> = {
  'ogbg-molbace': mol(1, 'rocauc'), 'ogbg-molbbbp': mol(1, 'rocauc'), 'ogbg-molclintox': mol(2, 'rocauc'),
  'ogbg-molmuv': mol(17, 'ap'), 'ogbg-molpcba': mol(128, 'ap'), 'ogbg-molsider': mol(27, 'rocauc'),
  'ogbg-moltox21': mol(12, 'rocauc'), 'ogbg-moltoxcast': mol(617, 'rocauc'), 'ogbg-molhiv': mol(1, 'rocauc'),
  'ogbg-molesol': mol(1, 'rmse', REG), 'ogbg-molfreesolv': mol(1, 'rmse', REG), 'ogbg-mollipo': mol(1, 'rmse', REG),
  'ogbg-molchembl': mol(1310, 'rocauc'),
  'ogbg-ppa': [1, 'acc', MULTI, 37, true, 'species', '', '', false],
  'ogbg-code2': [1, 'F1', 'subtoken prediction', -1, false, 'project', 'node_is_attributed,node_dfs_order,node_depth', '', false],
};

const NODE: Record<string, Row> = {
  'ogbn-proteins': [112, 'rocauc', BIN, 2, true, 'species', 'node_species', '', false],
  'ogbn-products': [1, 'acc', MULTI, 47, true, 'sales_ranking', '', '', false],
  'ogbn-arxiv': [1, 'acc', MULTI, 40, false, 'time', 'node_year', '', false],
  'ogbn-mag': [1, 'acc', MULTI, 349, false, 'time', 'node_year', 'edge_reltype', true],
  'ogbn-papers100M': [1, 'acc', MULTI, 172, false, 'time', 'node_year', '', false],
};

const LINKS: Record<string, Row> = {
  'ogbl-ppa': [1, 'hits@100', LINK, -1, true, 'throughput', '', '', false],
  'ogbl-collab': [1, 'hits@50', LINK, -1, true, 'time', '', 'edge_weight,edge_year', false],
  'ogbl-citation2': [1, 'mrr', LINK, -1, false, 'time', 'node_year', '', false],
  'ogbl-wikikg2': [1, 'mrr', KG, -1, false, 'time', '', 'edge_reltype', false],
  'ogbl-ddi': [1, 'hits@20', LINK, -1, true, 'target', '', '', false],
  'ogbl-biokg': [1, 'mrr', KG, -1, false, 'random', '', 'edge_reltype', true],
  'ogbl-vessel': [1, 'rocauc', LINK, -1, false, 'spatial', '', '', false],
};

/** graph (ogbg-*), node (ogbn-*) or link (ogbl-*) property prediction. */
export type OgbFamily = 'graph' | 'node' | 'link';
const TABLES: Record<OgbFamily, Record<string, Row>> = { graph: GRAPH, node: NODE, link: LINKS };
const PREFIX: Record<OgbFamily, string> = { graph: 'ogbg-', node: 'ogbn-', link: 'ogbl-' };

/** The family of an OGB name from its prefix (ogbg-, ogbn-, ogbl-), or undefined. */
export function ogbFamilyOf(name: string): OgbFamily | undefined {
  return (Object.keys(PREFIX) as OgbFamily[]).find((f) => name.startsWith(PREFIX[f]));
}

/** The master-table row of `name` in `family`; an unknown name lists the known ones. */
export function ogbMasterRow(name: string, family: OgbFamily): OgbMasterRow {
  const row = TABLES[family][name];
  if (row === undefined) {
    throw new DeepGraphError(`OGB: unknown ${family}-property dataset '${name}'; known: ${Object.keys(TABLES[family]).join(', ')}`);
  }
  const [numTasks, evalMetric, taskType, numClasses, addInverseEdge, split, nodeFiles, edgeFiles, isHetero] = row;
  const list = (s: string): string[] => (s === '' ? [] : s.split(','));
  return {
    numTasks, evalMetric, taskType, numClasses, addInverseEdge, split,
    additionalNodeFiles: list(nodeFiles), additionalEdgeFiles: list(edgeFiles), isHetero,
  };
}

/** OGB's folder name of a dataset: 'ogbg-molbace' is stored as 'ogbg_molbace'. */
export function ogbFolderName(name: string): string {
  return name.replace(/-/g, '_');
}
