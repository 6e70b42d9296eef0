/** What the three OGB dataset families share: OGB's folder naming and the dataset's master-table row. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../errors.js';
import { Dataset, type GraphTransform } from '../dataset.js';
import { ogbFolderName, ogbMasterRow, type OgbFamily, type OgbMasterRow, type OgbMetric } from './master.js';

/** Options of the OGB datasets (OGB's `root` argument, DGL's `transform`). */
export interface OgbDatasetOptions {
  /** Folder holding OGB's dataset folders (`<root>/ogbg_molbace/raw`, ...); default './dataset' as in OGB. */
  root?: string;
  /** Applied once to each graph. */
  transform?: GraphTransform;
}

/** The dataset folder of `name` under opts.root (OGB's naming: hyphens become underscores). */
export function ogbDatasetDir(name: string, opts: OgbDatasetOptions): string {
  const dir = join(opts.root ?? 'dataset', ogbFolderName(name));
  if (!existsSync(join(dir, 'raw'))) {
    throw new DataFormatError(`${name}: no OGB folder at ${dir} (expected ${join(dir, 'raw')}; root is the folder holding ${ogbFolderName(name)})`);
  }
  return dir;
}

/** An OGB dataset: its name, folder and OGB's master-table settings (task, metric, split, extra files). */
export abstract class OgbDataset<Item> extends Dataset<Item> {
  readonly name: string;
  /** The dataset folder (`<root>/ogbg_molbace`). */
  readonly root: string;
  readonly meta: OgbMasterRow;
  readonly numTasks: number;
  readonly numClasses: number;
  readonly taskType: string;
  readonly evalMetric: OgbMetric;
  readonly isHetero: boolean;

  protected constructor(name: string, family: OgbFamily, opts: OgbDatasetOptions) {
    super();
    this.name = name;
    this.meta = ogbMasterRow(name, family);
    this.numTasks = this.meta.numTasks;
    this.numClasses = this.meta.numClasses;
    this.taskType = this.meta.taskType;
    this.evalMetric = this.meta.evalMetric;
    this.isHetero = this.meta.isHetero;
    this.root = ogbDatasetDir(name, opts);
  }

  /** `<root>/raw`. */
  get rawDir(): string { return join(this.root, 'raw'); }
}
