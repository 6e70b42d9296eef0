"""The same GCN and GAT as torch_models.py, built from PyTorch Geometric 2.4's layers (GCNConv,
GATConv), for the Cora epoch comparison against PyG. PyG is not a dependency: its pure-Python
source runs on Debian's torch 1.13 from an extracted release on PYTHONPATH, e.g.

    git --git-dir=<pytorch_geometric mirror> archive 2.4.0 | tar -x -C /tmp/pyg24
    node dist/bench/compare/run.js --workloads gcn-epoch,gat-epoch --pyg /tmp/pyg24 --data-dir ../shared/data

The edge lists already carry one self-loop per node (as deepgraph's and torch_models.py's do), so
the layers add none; dropout placement and sizes are those of bench/models.ts.
"""
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import GATConv, GCNConv
import torch_geometric


class PygGCN(nn.Module):
    def __init__(self, src, dst, fin, hidden, classes):
        super().__init__()
        self.edge_index = torch.stack([src, dst])
        # cached=True keeps the normalised adjacency across epochs, PyG's advice for full-graph training.
        self.conv1 = GCNConv(fin, hidden, add_self_loops=False, cached=True)
        self.conv2 = GCNConv(hidden, classes, add_self_loops=False, cached=True)
        self.describe = {"hidden": hidden, "dropout": 0.5, "norm": "both", "input": "dense",
                         "impl": f"pyg {torch_geometric.__version__}"}

    def forward(self, x):
        h = F.dropout(F.relu(self.conv1(x, self.edge_index)), 0.5, self.training)
        return self.conv2(h, self.edge_index)


class PygGAT(nn.Module):
    def __init__(self, src, dst, fin, hidden, heads, classes):
        super().__init__()
        self.edge_index = torch.stack([src, dst])
        self.conv1 = GATConv(fin, hidden, heads=heads, dropout=0.6, add_self_loops=False)
        self.conv2 = GATConv(hidden * heads, classes, heads=1, dropout=0.6, add_self_loops=False)
        self.describe = {"hidden": hidden, "heads": heads, "featDrop": 0.6, "attnDrop": 0.6, "input": "dense",
                         "impl": f"pyg {torch_geometric.__version__}"}

    def forward(self, x):
        h = F.elu(self.conv1(F.dropout(x, 0.6, self.training), self.edge_index))
        return self.conv2(F.dropout(h, 0.6, self.training), self.edge_index)
