/** The text of `deepgraph train --help` (kept apart from the option parsing in train.ts). */
import { DATASETS } from './datasets.js';
import { MINIBATCH_DEFAULTS, MINIBATCH_INFO, MINIBATCH_MODELS, MODELS } from './models.js';

/** Usage of `deepgraph train`, printed by --help and on usage errors. */
export const TRAIN_HELP = `Usage: deepgraph train [options]

Trains a GNN and reports the test accuracy (mean ± std over runs), the median epoch time and the backend.
Every setting defaults to the model's paper (or DGL's reference example); the options override them.

  --dataset NAME      ${DATASETS.join(' | ')} (default synthetic: embedded, needs no files);
                      aifb and mutag-rdf are R-GCN entity classification (the RDF benchmarks)
  --data DIR          your own dataset folder instead of --dataset: a CSVDataset (meta.yaml + CSV files,
                      DGL's layout). Node classification on one graph (a typed graph trains rgcn), graph
                      classification/regression when the graph file has a label, link prediction with --task link
  --task T            node | graph | link (with --data; default from the data)
  --etype E           with --task link on a typed graph: the relation to predict ('buys' or 'user:buys:item'), by rgcn,
                      sage, hgt, rgat, han (two-hop metapaths of both ends) or pinsage
  --reverse-etype R   held-out pairs also leave its reverse R (default: the relation mirroring E, else one added)
  --split A,B,C       train,val,test fractions of a random split seeded by --seed (with --data; default
                      0.8,0.1,0.1, or the data's train_mask/val_mask/test_mask when it has them).
                      An OGB folder (ogbg_molbace ...) trains OGB's GIN-virtual example instead: see
                      deepgraph train --data DIR --help
  --data-dir DIR      folder with the raw files (ind.cora.x ..., MUTAG_A.txt ...; or a parent such as
                      a data root holding planetoid/raw and tu/MUTAG); without it the cache folder
                      ($DEEPGRAPH_DATA or ~/.deepgraph/data) is used and missing files are downloaded
  --model NAME        ${MODELS.join(' | ')} (default gcn; gin for mutag and proteins;
                      sage with --minibatch; rgcn for aifb, mutag-rdf and typed --data graphs)
  --epochs N          training epochs (a maximum when the model stops early)
  --lr X              Adam learning rate
  --weight-decay X    L2 penalty
  --hidden N          hidden units (per head for gat, gatv2)
  --dropout P         dropout probability
  --batch-size N      graphs per mini-batch (graph classification); with --minibatch, training nodes
                      per batch (default ${MINIBATCH_DEFAULTS.batchSize})
  --minibatch         node classification on sampled neighbourhoods (DGL's NeighborSampler + DataLoader)
                      instead of the full graph; models: ${MINIBATCH_MODELS.join(', ')}
  --fanouts LIST      with --minibatch: neighbours sampled per node, one per layer, input layer first,
                      -1 = all (default ${MINIBATCH_DEFAULTS.fanouts.join(',')}; sage has ${MINIBATCH_INFO.sage.layers} layers)
  --workers N         with --minibatch: worker threads sampling ahead of training (default ${MINIBATCH_DEFAULTS.workers});
                      the same seed gives the same batches, and so the same result, for every N
  --partitions DIR    with --minibatch: train over a partition folder (deepgraph partition); under launch each
                      rank owns one part and asks the others' partition services (gRPC) for remote rows
  --seed N            seed of the first run; run r uses seed + r (default 0)
  --runs N            independent runs (default 1); for mutag and proteins the folds of the
                      10-fold cross-validation to run (default 10)
  --save PATH         write the final weights as safetensors (dg.load + loadStateDict read them back);
                      with several runs, run r goes to PATH with -run<r> before the extension
  --checkpoint-dir DIR  write DIR/run-<r>.ckpt (weights, optimizer, random state, epoch) every
                      --checkpoint-every N epochs (default 10) and after the last epoch
  --resume DIR        continue each run from DIR/run-<r>.ckpt (same settings required; runs without a
                      checkpoint start afresh) and keep checkpointing into DIR (or --checkpoint-dir);
                      the result is exactly that of an uninterrupted run. These three options apply to
                      full-graph node classification
  --export-onnx FILE  after training, write the model (the last run's; the last fold's for gin) as an
                      ONNX file taking features, src, dst (and graph_ids for gin; node ids, etypes
                      and norm for rgcn); not with --minibatch
  --rgcn-setup S      R-GCN as dgl (entity_classify.py; default) or authors (the paper's code: the
                      self-connection as an identity relation in the decomposition, no bias, L2 on
                      the first layer only as Keras adds it, glorot init per basis)
  --json              print one JSON line with the summary on stdout (progress goes to stderr)
  --quiet             no progress output
  --detect-anomaly    stop at the first operation (forward or backward) that turns finite values
                      into a NaN or infinity, and name it (slow; dg.setDetectAnomaly)
  -h, --help          show this help

The backend is chosen automatically (native when the addon loads); DEEPGRAPH_BACKEND=js|native forces one.
`;
