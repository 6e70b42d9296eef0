import { graph, type Graph } from '../graph/index.js';
import { tensor } from '../tensor/creation.js';
import { Dataset, type GraphTransform } from './dataset.js';
import { KARATE_NUM_NODES, karateEdges, karateLabels } from './karate-raw.js';

/** Zachary's karate club as DGL's KarateClubDataset: 34 nodes, 156 directed edges, ndata label (2 clubs). */
export class KarateClubDataset extends Dataset<Graph> {
  readonly name = 'karate_club';
  readonly numClasses = 2;
  readonly graph: Graph;

  constructor(opts: { transform?: GraphTransform } = {}) {
    super();
    const { src, dst } = karateEdges();
    const g = graph([src, dst], { numNodes: KARATE_NUM_NODES });
    g.ndata.set('label', tensor(karateLabels()));
    this.graph = opts.transform ? opts.transform(g) : g;
  }

  get length(): number { return 1; }
  protected item(): Graph { return this.graph; }
}
