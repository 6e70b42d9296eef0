import type { Graph } from '../graph/index.js';
import { Dataset, type GraphTransform } from './dataset.js';
import { nodeClassificationGraph } from './build.js';
import { stochasticBlockModel, type SyntheticNodeOptions } from './sbm.js';

/**
 * A seeded stochastic-block-model node-classification dataset (see stochasticBlockModel): one graph
 * with ndata feat, label, trainMask, valMask, testMask, like the Planetoid datasets. Needs no files,
 * so it is the default dataset of `deepgraph train`.
 */
export class SyntheticNodeDataset extends Dataset<Graph> {
  readonly name = 'synthetic';
  readonly numClasses: number;
  readonly numFeatures: number;
  readonly graph: Graph;

  constructor(opts: SyntheticNodeOptions & { transform?: GraphTransform } = {}) {
    super();
    const arrays = stochasticBlockModel(opts);
    this.numClasses = arrays.numClasses;
    this.numFeatures = arrays.numFeatures;
    const g = nodeClassificationGraph(arrays);
    this.graph = opts.transform ? opts.transform(g) : g;
  }

  get length(): number { return 1; }
  protected item(): Graph { return this.graph; }
}
