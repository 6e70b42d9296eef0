import { graph, type Graph } from '../graph/index.js';
import { tensor } from '../tensor/creation.js';
import type { NodeClassificationArrays } from './planetoid-raw.js';

/**
 * The node-classification graph DGL's citation datasets return: ndata feat [N, F] float32,
 * label [N] int32 and bool trainMask / valMask / testMask. The tensors share the arrays.
 */
export function nodeClassificationGraph(a: NodeClassificationArrays): Graph {
  const g = graph([a.src, a.dst], { numNodes: a.numNodes });
  g.ndata.set('feat', tensor(a.features, { shape: [a.numNodes, a.numFeatures] }));
  g.ndata.set('label', tensor(a.labels));
  g.ndata.set('trainMask', tensor(a.trainMask, { dtype: 'bool' }));
  g.ndata.set('valMask', tensor(a.valMask, { dtype: 'bool' }));
  g.ndata.set('testMask', tensor(a.testMask, { dtype: 'bool' }));
  return g;
}
