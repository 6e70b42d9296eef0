/**
 * The models `deepgraph train` knows, with each paper's (or DGL's reference example's) training
 * settings. The model classes are in models-node.ts and models-graph.ts; this file is the table
 * of defaults and where each number comes from.
 */
import type { DatasetName } from './datasets.js';

export const MODELS = ['gcn', 'gat', 'gatv2', 'sage', 'gin', 'appnp', 'sgc', 'tag', 'cheb', 'gcn2', 'rgcn', 'pinsage', 'hgt', 'rgat', 'han'] as const;
/** The models that only predict links of typed graphs (--task link on a typed --data folder). */
export const TYPED_LINK_ONLY = ['pinsage', 'hgt', 'rgat', 'han'] as const;
/** The models of homogeneous node classification (gin classifies graphs, rgcn typed graphs' entities, the rest typed links). */
export type NodeModelName = Exclude<ModelName, 'gin' | 'rgcn' | typeof TYPED_LINK_ONLY[number]>;
export type ModelName = typeof MODELS[number];

/**
 * Which epoch's model is tested.
 * - last: the model after the final epoch (DGL's examples for GCN, SAGE, APPNP, SGC, TAGCN).
 * - valAcc: the best validation accuracy so far (ties move forward), stopping after `patience`
 *   epochs without it (GAT's early stopping as DGL's EarlyStopping implements it).
 * - valLoss: the lowest validation loss, stopping after `patience` epochs without it (GCNII).
 */
export type Selection = { kind: 'last' } | { kind: 'valAcc'; patience: number } | { kind: 'valLoss'; patience: number };

/** Hyper-parameters of a node-classification run; the CLI options override the first five. */
export interface NodeHyper {
  epochs: number;
  lr: number;
  /** L2 penalty (Adam's weight_decay), on the parameters the model says (see weightDecayScope). */
  weightDecay: number;
  hidden: number;
  dropout: number;
  selection: Selection;
  /** 'first': only the first layer is decayed, as in the GCN paper; 'all': every parameter. */
  weightDecayScope: 'first' | 'all';
  /** Attention heads of the hidden and the output layer (GAT, GATv2). */
  heads: number;
  outHeads: number;
  /** Attention dropout (GAT, GATv2). */
  attnDropout: number;
  /** Propagation steps (APPNP's K, SGC's and TAGConv's k), Chebyshev filter size (ChebConv's k), layers (GCNII). */
  k: number;
  /** Teleport probability (APPNP) or initial-residual weight (GCNII). */
  alpha: number;
  /** GCNII's lambda (identity-mapping strength). */
  lambda: number;
  /** GCNII: weight decay of the convolution layers (weightDecay is the dense layers'). */
  convWeightDecay: number;
  /** Edge dropout of APPNP's propagation. */
  edgeDropout: number;
}

const BASE: NodeHyper = {
  epochs: 200, lr: 0.01, weightDecay: 5e-4, hidden: 16, dropout: 0.5, selection: { kind: 'last' },
  weightDecayScope: 'all', heads: 1, outHeads: 1, attnDropout: 0, k: 2, alpha: 0.1, lambda: 0.5,
  convWeightDecay: 0, edgeDropout: 0,
};

export interface ModelInfo {
  /** One line: architecture and source of the settings. */
  describe: string;
  /** Reported accuracies (percent) to compare against, keyed by dataset. */
  reference: Partial<Record<DatasetName, number>>;
  defaults(dataset: DatasetName): NodeHyper;
}

export const MODEL_INFO: Record<NodeModelName, ModelInfo> = {
  gcn: {
    describe: 'GCN (Kipf & Welling 2017): 2 GraphConv layers, 16 hidden, ReLU, dropout 0.5 on the input and hidden features, ' +
      'Adam lr 0.01, L2 5e-4 on the first layer only, 200 epochs, self-loops added',
    reference: { cora: 81.0, citeseer: 70.7, pubmed: 79.2 },
    defaults: () => ({ ...BASE, weightDecayScope: 'first' }),
  },
  gat: {
    describe: 'GAT (Velickovic et al. 2018): 8 heads x 8 hidden, ELU, output 1 head (8 on PubMed), dropout 0.6 on features and attention, ' +
      'LeakyReLU 0.2, Adam lr 0.005 (0.01 on PubMed), L2 5e-4 (1e-3 on PubMed), self-loops added, at most 200 epochs (DGL), ' +
      'tested at the best validation accuracy with early-stopping patience 100',
    reference: { cora: 82.1, citeseer: 70.7, pubmed: 78.0 },
    defaults: (ds) => ({
      ...BASE, epochs: 200, hidden: 8, heads: 8, outHeads: ds === 'pubmed' ? 8 : 1, dropout: 0.6, attnDropout: 0.6,
      lr: ds === 'pubmed' ? 0.01 : 0.005, weightDecay: ds === 'pubmed' ? 1e-3 : 5e-4, selection: { kind: 'valAcc', patience: 100 },
    }),
  },
  gatv2: {
    describe: 'GATv2 (Brody et al. 2022, DGL example): 8 heads x 8 hidden, ELU, output 1 head, dropout 0.7 on features and attention, ' +
      'LeakyReLU 0.2, Adam lr 0.005, L2 5e-4, 200 epochs',
    reference: { cora: 82.1, citeseer: 70.0, pubmed: 77.2 },
    defaults: () => ({ ...BASE, hidden: 8, heads: 8, outHeads: 1, dropout: 0.7, attnDropout: 0.7, lr: 0.005 }),
  },
  sage: {
    describe: "GraphSAGE (Hamilton et al. 2017, DGL's full-graph example): 2 SAGEConv layers with the 'gcn' aggregator, 16 hidden, " +
      'ReLU, dropout 0.5 on the input and hidden features, Adam lr 0.01, L2 5e-4, 200 epochs, self-loops added',
    reference: { cora: 83.3 },
    defaults: () => ({ ...BASE }),
  },
  appnp: {
    // DGL's README reports 83.7 for a run "without dropout on adjacency matrices during propagation"
    // (its train.py now defaults to edge dropout 0.5, which measures lower here: see README.md).
    describe: 'APPNP (Klicpera et al. 2019, DGL example): MLP 64 hidden, ReLU, dropout 0.5, K = 10 steps, alpha 0.1, ' +
      'no edge dropout (as DGL reports it), Adam lr 0.01, L2 5e-4, 200 epochs, self-loops added',
    reference: { cora: 83.7, citeseer: 71.5, pubmed: 79.3 },
    defaults: () => ({ ...BASE, hidden: 64, k: 10, alpha: 0.1, edgeDropout: 0 }),
  },
  sgc: {
    describe: 'SGC (Wu et al. 2019, DGL example): one SGConv, K = 2, no bias, no dropout, Adam lr 0.2, L2 5e-6, 100 epochs, ' +
      'self-loops added, propagated features cached',
    reference: { cora: 81.9, citeseer: 72.5, pubmed: 78.8 },
    defaults: () => ({ ...BASE, epochs: 100, lr: 0.2, weightDecay: 5e-6, dropout: 0, hidden: 0 }),
  },
  tag: {
    describe: 'TAGCN (Du et al. 2017, DGL example): 2 TAGConv layers (K = 2), 16 hidden, ReLU, dropout 0.5 between layers, ' +
      'Adam lr 0.01, L2 5e-4, 200 epochs, self-loops added',
    reference: { cora: 81.2, citeseer: 71.5, pubmed: 79.0 },
    defaults: () => ({ ...BASE }),
  },
  cheb: {
    describe: "ChebNet (Defferrard et al. 2016, in the GCN paper's comparison): 2 ChebConv layers with K = 2 (3 filter terms), " +
      '16 hidden, ReLU, dropout 0.5 on the input and hidden features, Adam lr 0.01, L2 5e-4 on the first layer, 200 epochs',
    reference: { cora: 81.2, citeseer: 69.6, pubmed: 73.8 },
    defaults: () => ({ ...BASE, k: 3, weightDecayScope: 'first' }),
  },
  gcn2: {
    describe: 'GCNII (Chen et al. 2020, DGL example): linear 64, 64 GCN2Conv layers (alpha 0.1, lambda 0.5), dropout 0.6, ' +
      'Adam lr 0.01, L2 0.01 on the convolutions and 5e-4 on the linear layers, up to 1500 epochs, ' +
      'test at the lowest validation loss (patience 100), self-loops added',
    reference: { cora: 85.5 },
    defaults: () => ({
      ...BASE, epochs: 1500, hidden: 64, dropout: 0.6, k: 64, alpha: 0.1, lambda: 0.5, convWeightDecay: 0.01,
      selection: { kind: 'valLoss', patience: 100 },
    }),
  },
};

/**
 * Models `--minibatch` trains on sampled blocks, with their layer count (one fanout per layer).
 * Only GraphSAGE: its layers read a block's sources and destinations as they are; the other
 * node models (GCN's symmetric normalisation, attention over whole neighbourhoods, APPNP's and
 * SGC's K-step propagation, GCNII's 64 layers) have no minibatch runner here.
 */
export const MINIBATCH_MODELS = ['sage'] as const satisfies readonly ModelName[];
export type MinibatchModelName = typeof MINIBATCH_MODELS[number];

export const MINIBATCH_INFO: Record<MinibatchModelName, { layers: number; describe: string }> = {
  sage: {
    layers: 2,
    describe: "GraphSAGE on sampled blocks (DGL's minibatch example, examples/pytorch/graphsage, plus dropout on the input " +
      "features): 2 SAGEConv layers with the 'mean' aggregator, one block each, ReLU and dropout between them; Adam with " +
      "sage's epochs, lr, L2, hidden size and dropout",
  },
};

/**
 * Sampling defaults of `--minibatch`, from DGL's GraphSAGE minibatch examples: fanouts 10,25
 * (train_sampling.py, the two-layer one; input layer first), 1024 seed nodes per batch
 * (node_classification.py; train_sampling.py has 1000), sampling on the training thread
 * (num_workers 0 in both). The training settings stay the model's (MODEL_INFO.sage): DGL's
 * minibatch examples train 10-20 epochs at lr 1e-3-3e-3, which assumes hundreds of batches an
 * epoch (Reddit, ogbn-products); with Cora's 140 training nodes an epoch is one batch, and those
 * settings reach 45-70% test accuracy (seeds 0-2) where sage's 200 epochs at lr 0.01 reach ~80%.
 */
export const MINIBATCH_DEFAULTS = { fanouts: [10, 25], batchSize: 1024, workers: 0 } as const;

/** GIN for graph classification (Xu et al. 2019), trained with 10-fold cross-validation. */
export interface GraphHyper {
  epochs: number;
  lr: number;
  weightDecay: number;
  hidden: number;
  /** Dropout on each layer's graph-level prediction (the paper's "final dropout"). */
  dropout: number;
  batchSize: number;
  /** GIN layers including the input layer (the paper's "5 layers" are 4 GINConv + the input). */
  numLayers: number;
  mlpLayers: number;
  /** StepLR: the learning rate is multiplied by gamma every stepSize epochs. */
  stepSize: number;
  gamma: number;
  folds: number;
}

/**
 * The GIN paper's setup for the bioinformatics datasets: it tunes hidden units in {16, 32}, batch
 * size in {32, 128} and final dropout in {0, 0.5} per dataset without saying which won; we fix
 * 32 / 32 / 0.5 (the authors' code defaults, except its 64 hidden units, which the paper uses
 * for the social-network datasets).
 */
export const GIN_INFO = {
  describe: 'GIN-0 (Xu et al. 2019): 5 layers incl. the input, 2-layer MLPs with batch norm, 32 hidden, sum neighbour ' +
    'aggregation (eps = 0), sum readout of every layer, dropout 0.5 on the predictions, Adam lr 0.01 halved every 50 epochs, ' +
    '350 epochs of shuffled mini-batches of 32 graphs, 10-fold stratified cross-validation',
  reference: { mutag: 89.4, proteins: 76.2 } as Partial<Record<DatasetName, number>>,
  defaults: (): GraphHyper => ({
    epochs: 350, lr: 0.01, weightDecay: 0, hidden: 32, dropout: 0.5, batchSize: 32, numLayers: 5, mlpLayers: 2,
    stepSize: 50, gamma: 0.5, folds: 10,
  }),
};
