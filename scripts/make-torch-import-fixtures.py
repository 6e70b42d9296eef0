#!/usr/bin/env python3
"""Writes test/fixtures/torch/: state dicts saved by torch.save from PyG 2.4 models (GCNConv,
SAGEConv, GATConv, GINConv, SGConv, APPNP, RGCNConv) and from plain-PyTorch models laid out as
DGL's GraphConv / SAGEConv / GATConv / RelGraphConv (same parameter names and shapes, same forward), each trained
5 Adam steps on Cora, with the logits of every 10th node (<name>.logits.npy) and manifest.json.
Also dtype / layout fixtures and hostile files (scripts/torch_fixture_files.py); the hostile ones
are written as bytes and never unpickled here.

Run with Debian's torch and PyG 2.4's pure-Python source (never vendored):
  git --git-dir=<pyg mirror> archive 2.4.0 torch_geometric | tar -x -C /tmp/pyg24
  apt-get install python3-tqdm   # PyG 2.4 imports it
  PYTHONPATH=/tmp/pyg24:scripts /usr/bin/python3 scripts/make-torch-import-fixtures.py [../shared/data/planetoid/raw]
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.io import read_planetoid_data
from torch_geometric.nn import APPNP, GATConv, GCNConv, GINConv, RGCNConv, SAGEConv, SGConv
from torch_geometric.utils import add_self_loops

import torch_fixture_files
from dgl_layout import DGLGATConv, DGLGraphConv, DGLRelGraphConv, DGLSAGEConv

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'torch')
RAW = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data', 'planetoid', 'raw')
HIDDEN, STRIDE, STEPS, RELATIONS = 8, 10, 5, 3

data = read_planetoid_data(RAW, 'cora')
X, Y, EI = data.x, data.y, data.edge_index
N, FEATS, CLASSES = X.size(0), X.size(1), int(Y.max()) + 1
EI_LOOPS = add_self_loops(EI, num_nodes=N)[0]
# R-GCN relation of an edge, computed the same way by the test from the edge's endpoints.
ETYPE = (EI[0] + EI[1]) % RELATIONS
# Per-relation mean as an edge weight (what PyG's RGCNConv does with aggr='mean'), for the DGL layout.
_in_rel = torch.zeros(N * RELATIONS).index_add(0, EI[1] * RELATIONS + ETYPE, torch.ones(EI.size(1)))
REL_NORM = (1 / _in_rel[EI[1] * RELATIONS + ETYPE]).unsqueeze(1)


class PygGCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = GCNConv(FEATS, HIDDEN), GCNConv(HIDDEN, CLASSES)

    def forward(self):
        return self.conv2(self.conv1(X, EI).relu(), EI)


class PygSAGE(nn.Module):
    """Layer 2 is the 'gcn' aggregator: no root weight, mean over the neighbours and the node."""
    def __init__(self):
        super().__init__()
        self.conv1 = SAGEConv(FEATS, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN)
        self.conv2 = SAGEConv(HIDDEN, CLASSES, root_weight=False)

    def forward(self):
        return self.conv2(self.norm(self.conv1(X, EI)).relu(), EI_LOOPS)


class PygGAT(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = GATConv(FEATS, HIDDEN // 2, heads=2)
        self.conv2 = GATConv(HIDDEN, CLASSES, heads=2, concat=False)

    def forward(self):
        return self.conv2(F.elu(self.conv1(X, EI)), EI)


class PygGIN(nn.Module):
    def __init__(self):
        super().__init__()
        mlp = nn.Sequential(nn.Linear(FEATS, HIDDEN), nn.BatchNorm1d(HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN))
        self.conv1 = GINConv(mlp, train_eps=True)
        self.conv2 = GINConv(nn.Sequential(nn.Linear(HIDDEN, CLASSES)), eps=0.25)

    def forward(self):
        return self.conv2(self.conv1(X, EI).relu(), EI)


class PygSGC(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = SGConv(FEATS, CLASSES, K=2)

    def forward(self):
        return self.conv(X, EI)


class PygAPPNP(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin1, self.lin2, self.prop = nn.Linear(FEATS, HIDDEN), nn.Linear(HIDDEN, CLASSES), APPNP(K=3, alpha=0.1)

    def forward(self):
        return self.prop(self.lin2(self.lin1(X).relu()), EI)


class PygRGCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(FEATS, HIDDEN)
        self.conv = RGCNConv(HIDDEN, CLASSES, RELATIONS, num_bases=2)

    def forward(self):
        return self.conv(self.lin(X).relu(), EI, ETYPE)


class DglGCN(nn.Module):
    """DGL's GraphConv adds no self loops: the graph is used as it is."""
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = DGLGraphConv(FEATS, HIDDEN), DGLGraphConv(HIDDEN, CLASSES)

    def forward(self):
        return self.conv2(self.conv1(X, EI).relu(), EI)


class DglSAGE(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = DGLSAGEConv(FEATS, HIDDEN, 'mean'), DGLSAGEConv(HIDDEN, CLASSES, 'gcn')

    def forward(self):
        return self.conv2(self.conv1(X, EI).relu(), EI)


class DglGAT(nn.Module):
    """As DGL's GAT example: self loops added to the graph; layer 2 has a linear residual (bias in res_fc)."""
    def __init__(self):
        super().__init__()
        self.conv1 = DGLGATConv(FEATS, HIDDEN // 2, 2)
        self.conv2 = DGLGATConv(HIDDEN, CLASSES, 1, residual=True)

    def forward(self):
        h = F.elu(self.conv1(X, EI_LOOPS)).flatten(1)
        return self.conv2(h, EI_LOOPS).mean(1)


class DglRGCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(FEATS, HIDDEN)
        self.conv = DGLRelGraphConv(HIDDEN, CLASSES, RELATIONS, num_bases=2)

    def forward(self):
        return self.conv(self.lin(X).relu(), EI, ETYPE, REL_NORM)


MODELS = {
    'pyg_gcn': PygGCN, 'pyg_sage': PygSAGE, 'pyg_gat': PygGAT, 'pyg_gin': PygGIN, 'pyg_sgc': PygSGC,
    'pyg_appnp': PygAPPNP, 'pyg_rgcn': PygRGCN, 'dgl_gcn': DglGCN, 'dgl_sage': DglSAGE, 'dgl_gat': DglGAT,
    'dgl_rgcn': DglRGCN,
}


def train(name, cls):
    torch.manual_seed(0)
    model = cls()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    train_mask = data.train_mask
    losses = []
    for _ in range(STEPS):
        model.train()
        opt.zero_grad()
        loss = F.cross_entropy(model()[train_mask], Y[train_mask])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    model.eval()
    with torch.no_grad():
        logits = model()
    torch.save(model.state_dict(), os.path.join(OUT, f'{name}.pt'))
    np.save(os.path.join(OUT, f'{name}.logits.npy'), logits[::STRIDE].numpy().astype(np.float32))
    acc = float((logits.argmax(1)[data.test_mask] == Y[data.test_mask]).float().mean())
    return {'losses': losses, 'testAccuracy': acc}


def edge_checksum(ei):
    s = 0
    for u, v in ei.t().tolist():
        s = (s + (u * N + v) * (u * N + v + 1)) % 1000000007
    return s


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {
        'torch': torch.__version__, 'hidden': HIDDEN, 'stride': STRIDE, 'relations': RELATIONS,
        'cora': {'nodes': N, 'edges': EI.size(1), 'edgeChecksum': edge_checksum(EI)},
        'models': {name: train(name, cls) for name, cls in MODELS.items()},
    }
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    torch_fixture_files.write_all(OUT)


if __name__ == '__main__':
    main()
