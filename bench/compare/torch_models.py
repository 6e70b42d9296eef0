"""The PyTorch models of the side-by-side comparison, written the standard way: a normalised sparse
adjacency (torch.sparse.mm on CSR) for GCN and GraphSAGE, an edge list with gather, scatter softmax
and index_add_ for GAT. Each mirrors the deepgraph model of bench/models.ts (DGL's examples):
the same layer sizes, dropout placement, bias placement, and DGL's choice to multiply by the weight
before aggregating when that shrinks the features (in > out), which is also the cheaper order here.
"""
import torch
import torch.nn.functional as F
from torch import nn


def csr_by_dst(src, dst, n, values=None):
    """Adjacency with rows = destinations, so A @ X sums over in-edges (copy_u + sum). Multi-edges are
    coalesced into one entry holding their count or summed weight (torch's CSR needs distinct columns)."""
    if values is None:
        values = torch.ones(src.numel(), dtype=torch.float32)
    return torch.sparse_coo_tensor(torch.stack([dst, src]), values, (n, n)).coalesce().to_sparse_csr()


def degrees(ids, n):
    return torch.zeros(n).index_add_(0, ids, torch.ones(ids.numel()))


def propagate(a, x, lin):
    """lin(A @ x), computed as A @ lin(x) when lin shrinks the width (the two are equal; DGL's order)."""
    if lin.in_features > lin.out_features:
        return torch.sparse.mm(a, lin(x))
    return lin(torch.sparse.mm(a, x))


class GraphConv(nn.Module):
    """DGL GraphConv(norm='both'): D_in^-1/2 A D_out^-1/2 X W + b, bias after aggregation."""

    def __init__(self, a, fin, fout):
        super().__init__()
        self.a, self.lin, self.bias = a, nn.Linear(fin, fout, bias=False), nn.Parameter(torch.zeros(fout))

    def forward(self, x):
        if x.is_sparse:
            # x W on the nonzeros first (in > out), as the GCN authors' code does with sparse features.
            return torch.sparse.mm(self.a, torch.sparse.mm(x, self.lin.weight.t())) + self.bias
        return propagate(self.a, x, self.lin) + self.bias


class GCN(nn.Module):
    def __init__(self, src, dst, n, fin, hidden, classes, sparse_input=False):
        super().__init__()
        w = degrees(src, n).clamp(min=1)[src].pow(-0.5) * degrees(dst, n).clamp(min=1)[dst].pow(-0.5)
        a = csr_by_dst(src, dst, n, w)
        self.conv1, self.conv2 = GraphConv(a, fin, hidden), GraphConv(a, hidden, classes)
        self.describe = {"hidden": hidden, "dropout": 0.5, "norm": "both", "input": "sparse" if sparse_input else "dense"}

    def forward(self, x):
        h = F.dropout(F.relu(self.conv1(x)), 0.5, self.training)
        return self.conv2(h)


class SAGEConv(nn.Module):
    """DGL SAGEConv(aggregator_type='mean'): fc_self(x) + fc_neigh(mean of in-neighbours) + bias."""

    def __init__(self, a_mean, fin, fout):
        super().__init__()
        self.a = a_mean
        self.fc_self, self.fc_neigh = nn.Linear(fin, fout), nn.Linear(fin, fout, bias=False)

    def forward(self, x):
        return self.fc_self(x) + propagate(self.a, x, self.fc_neigh)


def mean_adjacency(src, dst, n):
    return csr_by_dst(src, dst, n, 1.0 / degrees(dst, n).clamp(min=1)[dst])


class SAGE(nn.Module):
    def __init__(self, src, dst, n, fin, hidden, classes):
        super().__init__()
        a = mean_adjacency(src, dst, n)
        self.conv1, self.conv2 = SAGEConv(a, fin, hidden), SAGEConv(a, hidden, classes)
        self.describe = {"hidden": hidden, "dropout": 0.5, "aggregator": "mean"}

    def forward(self, x):
        h = F.relu(self.conv1(F.dropout(x, 0.5, self.training)))
        return self.conv2(F.dropout(h, 0.5, self.training))


class SageLayer(SAGEConv):
    def __init__(self, src, dst, n, f):
        super().__init__(mean_adjacency(src, dst, n), f, f)


class GATConv(nn.Module):
    """DGL GATConv: project, el[u] + er[v], leaky relu, softmax over in-edges, attention dropout,
    weighted sum; output [N, heads, out] plus a bias. The edge softmax is the scatter one (max
    detached, as PyG's softmax does)."""

    def __init__(self, src, dst, n, fin, fout, heads, feat_drop, attn_drop):
        super().__init__()
        self.src, self.dst, self.n = src, dst, n
        self.heads, self.fout = heads, fout
        self.fc = nn.Linear(fin, heads * fout, bias=False)
        self.attn_l = nn.Parameter(torch.randn(1, heads, fout) * 0.1)
        self.attn_r = nn.Parameter(torch.randn(1, heads, fout) * 0.1)
        self.bias = nn.Parameter(torch.zeros(heads * fout))
        self.feat_drop, self.attn_drop = feat_drop, attn_drop
        self.index = dst.unsqueeze(1).expand(dst.numel(), heads)

    def forward(self, x):
        src, dst, n = self.src, self.dst, self.n
        if x.is_sparse:
            # Dropout on the nonzeros (dropped zeros stay zero), then W x on them: the GCN authors' sparse input.
            xd = torch.sparse_coo_tensor(x.indices(), F.dropout(x.values(), self.feat_drop, self.training), x.shape)
            h = torch.sparse.mm(xd, self.fc.weight.t()).view(-1, self.heads, self.fout)
        else:
            h = self.fc(F.dropout(x, self.feat_drop, self.training)).view(-1, self.heads, self.fout)
        el, er = (h * self.attn_l).sum(-1), (h * self.attn_r).sum(-1)
        logits = F.leaky_relu(el[src] + er[dst], 0.2)
        mx = torch.zeros(n, self.heads).scatter_reduce(0, self.index, logits.detach(), reduce="amax", include_self=False)
        ex = (logits - mx[dst]).exp()
        alpha = ex / torch.zeros(n, self.heads).index_add_(0, dst, ex)[dst]
        alpha = F.dropout(alpha, self.attn_drop, self.training)
        out = torch.zeros(n, self.heads, self.fout).index_add_(0, dst, h[src] * alpha.unsqueeze(-1))
        return out + self.bias.view(1, self.heads, self.fout)


class GAT(nn.Module):
    def __init__(self, src, dst, n, fin, hidden, heads, classes, sparse_input=False):
        super().__init__()
        self.conv1 = GATConv(src, dst, n, fin, hidden, heads, 0.6, 0.6)
        self.conv2 = GATConv(src, dst, n, hidden * heads, classes, 1, 0.6, 0.6)
        self.describe = {"hidden": hidden, "heads": heads, "featDrop": 0.6, "attnDrop": 0.6,
                         "input": "sparse" if sparse_input else "dense"}

    def forward(self, x):
        h = F.elu(self.conv1(x)).flatten(1)
        return self.conv2(h).mean(1)
