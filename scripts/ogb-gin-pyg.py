#!/usr/bin/env python3
"""OGB's GIN with a virtual node (examples/graphproppred/mol: conv.py, gnn.py, main_pyg.py) in PyG 2.4,
on an OGB graph-property folder read from its raw files, as the reference for `deepgraph train --data`.

The model, loss, optimiser, batch size, epochs and selection (test at the best validation epoch) are those
of OGB's example. Two differences, neither of which changes what is trained or selected: the raw CSV files
are read with gzip + numpy here (the `ogb` package and pandas are not installable offline), building the
graphs as OGB's read_csv_graph_raw(add_inverse_edge=True) does, and the per-epoch evaluation of the
training set is skipped (OGB's example computes it only to print it). The evaluator is OGB's
(ROC-AUC averaged over tasks that have both classes, NaN labels ignored; RMSE per task, averaged).

Run (Debian's PyTorch 1.13 and PyG 2.4's pure-Python source, no downloads):
  git --git-dir=<pyg mirror> archive 2.4.0 torch_geometric | tar x -C /tmp/pyg24
  PYTHONPATH=/tmp/pyg24 /usr/bin/python3 scripts/ogb-gin-pyg.py ../shared/data/ogb/ogbg_molbace \
      --seeds 0-9 --epochs 100 --out /tmp/pyg-molbace.jsonl
Each finished seed appends one JSON line to --out (and prints it).
"""
import argparse
import gzip
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from scipy.stats import rankdata
from torch_geometric.data import Data
from torch_geometric.loader import DataLoader
from torch_geometric.nn import MessagePassing, global_add_pool, global_mean_pool

# ogb/utils/features.py get_atom_feature_dims() / get_bond_feature_dims()
ATOM_DIMS = [119, 5, 12, 12, 10, 6, 6, 2, 2]
BOND_DIMS = [5, 6, 2]
# ogb/graphproppred/master.csv: task type and metric of the four folders in ../shared/data/ogb
TASKS = {'ogbg_molbace': 'rocauc', 'ogbg_molbbbp': 'rocauc', 'ogbg_molesol': 'rmse', 'ogbg_molfreesolv': 'rmse'}


def read_csv_gz(path, dtype):
    with gzip.open(path, 'rt') as f:
        rows = [line.strip().split(',') for line in f if line.strip() != '']
    return np.array([[float('nan') if v == '' else float(v) for v in r] for r in rows]).astype(dtype)


def load(folder):
    raw = os.path.join(folder, 'raw')
    edge = read_csv_gz(os.path.join(raw, 'edge.csv.gz'), np.int64).T
    node_feat = read_csv_gz(os.path.join(raw, 'node-feat.csv.gz'), np.int64)
    edge_feat = read_csv_gz(os.path.join(raw, 'edge-feat.csv.gz'), np.int64)
    labels = read_csv_gz(os.path.join(raw, 'graph-label.csv.gz'), np.float32)
    num_nodes = read_csv_gz(os.path.join(raw, 'num-node-list.csv.gz'), np.int64)[:, 0]
    num_edges = read_csv_gz(os.path.join(raw, 'num-edge-list.csv.gz'), np.int64)[:, 0]
    graphs, n0, e0 = [], 0, 0
    for i, (n, e) in enumerate(zip(num_nodes, num_edges)):
        # read_csv_graph_raw(add_inverse_edge=True): each bond followed by its reverse, features repeated
        ei = np.repeat(edge[:, e0:e0 + e], 2, axis=1)
        ei[0, 1::2] = ei[1, 0::2]
        ei[1, 1::2] = ei[0, 0::2]
        graphs.append(Data(x=torch.from_numpy(node_feat[n0:n0 + n]), edge_index=torch.from_numpy(ei),
                           edge_attr=torch.from_numpy(np.repeat(edge_feat[e0:e0 + e], 2, axis=0)),
                           y=torch.from_numpy(labels[i:i + 1]), num_nodes=int(n)))
        n0 += n
        e0 += e
    split = {}
    for part in ('train', 'valid', 'test'):
        split[part] = read_csv_gz(os.path.join(folder, 'split', 'scaffold', part + '.csv.gz'), np.int64)[:, 0]
    return graphs, split, labels.shape[1]


def roc_auc(y, s):
    # sklearn's roc_auc_score for binary labels = the Mann-Whitney statistic with ties counted as one half
    r = rankdata(s)
    pos = y == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return (r[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def evaluate(metric, y_true, y_pred):
    # ogb/graphproppred/evaluate.py _eval_rocauc / _eval_rmse
    scores = []
    for i in range(y_true.shape[1]):
        labeled = y_true[:, i] == y_true[:, i]
        if metric == 'rocauc':
            if np.sum(y_true[:, i] == 1) > 0 and np.sum(y_true[:, i] == 0) > 0:
                scores.append(roc_auc(y_true[labeled, i], y_pred[labeled, i]))
        else:
            scores.append(np.sqrt(((y_true[labeled, i] - y_pred[labeled, i]) ** 2).mean()))
    if len(scores) == 0:
        raise RuntimeError('No positively labeled data available. Cannot compute ROC-AUC.')
    return float(sum(scores) / len(scores))


class Encoder(torch.nn.Module):
    """ogb/graphproppred/mol_encoder.py AtomEncoder / BondEncoder."""

    def __init__(self, dims, emb_dim):
        super().__init__()
        self.embeddings = torch.nn.ModuleList()
        for d in dims:
            emb = torch.nn.Embedding(d, emb_dim)
            torch.nn.init.xavier_uniform_(emb.weight.data)
            self.embeddings.append(emb)

    def forward(self, x):
        out = 0
        for i in range(x.shape[1]):
            out += self.embeddings[i](x[:, i])
        return out


class GINConv(MessagePassing):
    def __init__(self, emb_dim):
        super().__init__(aggr='add')
        self.mlp = torch.nn.Sequential(torch.nn.Linear(emb_dim, 2 * emb_dim), torch.nn.BatchNorm1d(2 * emb_dim),
                                       torch.nn.ReLU(), torch.nn.Linear(2 * emb_dim, emb_dim))
        self.eps = torch.nn.Parameter(torch.Tensor([0]))
        self.bond_encoder = Encoder(BOND_DIMS, emb_dim)

    def forward(self, x, edge_index, edge_attr):
        edge_embedding = self.bond_encoder(edge_attr)
        return self.mlp((1 + self.eps) * x + self.propagate(edge_index, x=x, edge_attr=edge_embedding))

    def message(self, x_j, edge_attr):
        return F.relu(x_j + edge_attr)


class GINVirtual(torch.nn.Module):
    """gnn.py GNN(gnn_type='gin', virtual_node=True, JK='last', residual=False, graph_pooling='mean')."""

    def __init__(self, num_tasks, num_layer=5, emb_dim=300, drop_ratio=0.5):
        super().__init__()
        self.num_layer, self.drop_ratio = num_layer, drop_ratio
        self.atom_encoder = Encoder(ATOM_DIMS, emb_dim)
        self.virtualnode_embedding = torch.nn.Embedding(1, emb_dim)
        torch.nn.init.constant_(self.virtualnode_embedding.weight.data, 0)
        self.convs = torch.nn.ModuleList([GINConv(emb_dim) for _ in range(num_layer)])
        self.batch_norms = torch.nn.ModuleList([torch.nn.BatchNorm1d(emb_dim) for _ in range(num_layer)])
        self.mlp_virtualnode_list = torch.nn.ModuleList([torch.nn.Sequential(
            torch.nn.Linear(emb_dim, 2 * emb_dim), torch.nn.BatchNorm1d(2 * emb_dim), torch.nn.ReLU(),
            torch.nn.Linear(2 * emb_dim, emb_dim), torch.nn.BatchNorm1d(emb_dim), torch.nn.ReLU())
            for _ in range(num_layer - 1)])
        self.graph_pred_linear = torch.nn.Linear(emb_dim, num_tasks)

    def forward(self, data):
        x, edge_index, edge_attr, batch = data.x, data.edge_index, data.edge_attr, data.batch
        vn = self.virtualnode_embedding(torch.zeros(batch[-1].item() + 1).to(edge_index.dtype))
        h_list = [self.atom_encoder(x)]
        for layer in range(self.num_layer):
            h_list[layer] = h_list[layer] + vn[batch]
            h = self.batch_norms[layer](self.convs[layer](h_list[layer], edge_index, edge_attr))
            if layer == self.num_layer - 1:
                h = F.dropout(h, self.drop_ratio, training=self.training)
            else:
                h = F.dropout(F.relu(h), self.drop_ratio, training=self.training)
            h_list.append(h)
            if layer < self.num_layer - 1:
                vn_temp = global_add_pool(h_list[layer], batch) + vn
                vn = F.dropout(self.mlp_virtualnode_list[layer](vn_temp), self.drop_ratio, training=self.training)
        return self.graph_pred_linear(global_mean_pool(h_list[-1], batch))


def train_epoch(model, loader, optimizer, classification):
    model.train()
    for batch in loader:
        if batch.x.shape[0] == 1 or batch.batch[-1] == 0:
            continue
        pred = model(batch)
        optimizer.zero_grad()
        labeled = batch.y == batch.y
        if classification:
            loss = F.binary_cross_entropy_with_logits(pred[labeled], batch.y[labeled])
        else:
            loss = F.mse_loss(pred[labeled], batch.y[labeled])
        loss.backward()
        optimizer.step()


@torch.no_grad()
def eval_loader(model, loader, metric):
    model.eval()
    y_true, y_pred = [], []
    for batch in loader:
        if batch.x.shape[0] == 1:
            continue
        pred = model(batch)
        y_true.append(batch.y.view(pred.shape))
        y_pred.append(pred)
    return evaluate(metric, torch.cat(y_true).numpy(), torch.cat(y_pred).numpy())


def run_seed(graphs, split, num_tasks, metric, seed, epochs):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    train_loader = DataLoader([graphs[i] for i in split['train']], batch_size=32, shuffle=True)
    valid_loader = DataLoader([graphs[i] for i in split['valid']], batch_size=32, shuffle=False)
    test_loader = DataLoader([graphs[i] for i in split['test']], batch_size=32, shuffle=False)
    model = GINVirtual(num_tasks)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    valid_curve, test_curve, epoch_s = [], [], []
    for _ in range(epochs):
        t0 = time.time()
        train_epoch(model, train_loader, optimizer, metric == 'rocauc')
        epoch_s.append(time.time() - t0)
        valid_curve.append(eval_loader(model, valid_loader, metric))
        test_curve.append(eval_loader(model, test_loader, metric))
        print(f'seed {seed} epoch {len(valid_curve)}/{epochs} valid {valid_curve[-1]:.4f} test {test_curve[-1]:.4f} '
              f'({epoch_s[-1]:.1f} s)', file=sys.stderr, flush=True)
    best = int(np.argmax(valid_curve) if metric == 'rocauc' else np.argmin(valid_curve))
    return {'seed': seed, 'epochs': epochs, 'bestValEpoch': best + 1, 'valid': valid_curve[best], 'test': test_curve[best],
            'trainEpochSecondsMedian': float(np.median(epoch_s))}


def time_batches(graphs, split, num_tasks, metric, count):
    # the per-batch cost `deepgraph bench ogb-gin` measures on its side: forward, loss, backward, Adam step
    torch.manual_seed(0)
    loader = DataLoader([graphs[i] for i in split['train']], batch_size=32, shuffle=True)
    model = GINVirtual(num_tasks)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    done, nodes, cpu0, wall0 = -3, 0, 0.0, 0.0
    while done < count:
        for batch in loader:
            if done == 0:
                cpu0, wall0, nodes = time.process_time(), time.time(), 0
            pred = model(batch)
            optimizer.zero_grad()
            labeled = batch.y == batch.y
            if metric == 'rocauc':
                loss = F.binary_cross_entropy_with_logits(pred[labeled], batch.y[labeled])
            else:
                loss = F.mse_loss(pred[labeled], batch.y[labeled])
            loss.backward()
            optimizer.step()
            nodes += batch.x.shape[0]
            done += 1
            if done == count:
                break
    return {'batches': count, 'nodesPerBatch': nodes / count, 'cpuMsPerBatch': (time.process_time() - cpu0) * 1e3 / count,
            'wallMsPerBatch': (time.time() - wall0) * 1e3 / count}


def parse_seeds(text):
    if '-' in text:
        a, b = text.split('-')
        return list(range(int(a), int(b) + 1))
    return [int(s) for s in text.split(',')]


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('folder', help='an OGB graph-property folder such as ../shared/data/ogb/ogbg_molbace')
    p.add_argument('--seeds', default='0-9', help="'0-9' or '0,3,5' (default 0-9)")
    p.add_argument('--epochs', type=int, default=100)
    p.add_argument('--threads', type=int, default=1, help='torch threads (default 1: the machine is shared)')
    p.add_argument('--out', default='', help='append one JSON line per finished seed to this file')
    p.add_argument('--time-batches', type=int, default=0,
                   help='instead of training: CPU ms per training batch over this many batches (after 3 warm-up), as JSON')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    name = os.path.basename(os.path.normpath(args.folder))
    if name not in TASKS:
        raise SystemExit(f'unknown folder {name}; known: {", ".join(TASKS)}')
    graphs, split, num_tasks = load(args.folder)
    if args.time_batches > 0:
        print(json.dumps({'framework': 'pyg-2.4', 'dataset': name, 'threads': args.threads,
                          **time_batches(graphs, split, num_tasks, TASKS[name], args.time_batches)}))
        return
    for seed in parse_seeds(args.seeds):
        res = {'framework': 'pyg-2.4', 'torch': torch.__version__, 'dataset': name, 'metric': TASKS[name],
               **run_seed(graphs, split, num_tasks, TASKS[name], seed, args.epochs)}
        line = json.dumps(res)
        print(line, flush=True)
        if args.out:
            with open(args.out, 'a') as f:
                f.write(line + '\n')


if __name__ == '__main__':
    main()
