/**
 * Writes the inputs both sides of the comparison read, so they time the very same graph:
 * an edge list (src.npy, dst.npy; int32) from deepgraph's generators, and a Planetoid dataset as
 * deepgraph's loader builds it (edges without self-loops, row-normalised float32 features, int32
 * labels, uint8 training mask, meta.json).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/data/atomic-write.js';
import { writeNpy } from '../../src/data/npy.js';
import { PlanetoidDataset } from '../../src/data/planetoid.js';
import { rowNormalize } from '../../src/data/transforms.js';
import { generateEdges } from '../graph-input.js';
import type { GraphKind } from '../args.js';

export interface GraphFiles { src: string; dst: string; nodes: number; edges: number }

export function exportGraph(dir: string, kind: GraphKind, nodes: number, edges: number, seed: number): GraphFiles {
  mkdirSync(dir, { recursive: true });
  const { src, dst } = generateEdges(kind, nodes, edges, seed);
  const files = { src: join(dir, 'src.npy'), dst: join(dir, 'dst.npy'), nodes, edges };
  writeNpy(files.src, src);
  writeNpy(files.dst, dst);
  return files;
}

/** Exports Cora or CiteSeer from the raw files in rawDir into `dir`; returns dir. */
export function exportPlanetoid(dir: string, name: 'cora' | 'citeseer', rawDir: string): string {
  mkdirSync(dir, { recursive: true });
  const g = new PlanetoidDataset(name, { rawDir }).graph;
  const { src, dst } = g.sparse().coo();
  const feat = rowNormalize(g.ndata.get('feat'));
  writeNpy(join(dir, 'src.npy'), src);
  writeNpy(join(dir, 'dst.npy'), dst);
  writeNpy(join(dir, 'feat.npy'), feat.data as Float32Array, feat.shape);
  writeNpy(join(dir, 'label.npy'), g.ndata.get('label').data as Int32Array);
  writeNpy(join(dir, 'train_mask.npy'), g.ndata.get('trainMask').data as Uint8Array);
  writeFileAtomic(join(dir, 'meta.json'), JSON.stringify({ dataset: name, nodes: g.numNodes(), edges: g.numEdges() }));
  return dir;
}
