#!/usr/bin/env python3
"""PyTorch side of deepgraph's side-by-side benchmarks.

Plain, standard PyTorch (CPU) implementations of the same workloads as `deepgraph bench`, on the very
same graph: the graph and features are read from the .npy files that `bench/compare/run` writes.
Prints one JSON line per workload in deepgraph's bench format. Run with Debian's python3-torch:
  /usr/bin/python3 bench/compare/torch_bench.py --workload spmm --dir /tmp/dg-graph --threads 2
"""
import argparse
import json
import os
import resource
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F


def timed(fn, runs):
    fn()  # warm-up
    ms = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    return min(ms), statistics.median(ms)


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def emit(name, threads, runs, min_ms, median_ms, **fields):
    line = {"name": name, **fields, "backend": "torch", "threads": threads, "runs": runs,
            "minMs": round(min_ms, 3), "medianMs": round(median_ms, 3), "peakRssMb": peak_rss_mb()}
    print(json.dumps(line), flush=True)


def load_graph(d):
    src = torch.from_numpy(np.load(os.path.join(d, "src.npy")).astype(np.int64))
    dst = torch.from_numpy(np.load(os.path.join(d, "dst.npy")).astype(np.int64))
    meta = json.load(open(os.path.join(d, "meta.json")))
    return src, dst, meta


def csr_by_dst(src, dst, n, values=None):
    """Adjacency with rows = destinations, so A @ X sums in-neighbours (copy_u + sum)."""
    if values is None:
        values = torch.ones(src.numel(), dtype=torch.float32)
    coo = torch.sparse_coo_tensor(torch.stack([dst, src]), values, (n, n)).coalesce()
    return coo.to_sparse_csr()


def bench_spmm(args, src, dst, meta):
    n, f = meta["nodes"], args.feats
    g = torch.Generator().manual_seed(0)
    x = torch.rand(n, f, generator=g)
    e = src.numel()
    byte_model = e * f * 4 + n * f * 4 + e * 4 + (n + 1) * 4
    a = csr_by_dst(src, dst, n)
    mn, md = timed(lambda: torch.sparse.mm(a, x), args.runs)
    emit("spmm", args.threads, args.runs, mn, md, op="copyU-sum", nodes=n, edges=e, feats=f,
         gbPerS=round(byte_model / (mn * 1e6), 3), impl="torch.sparse.mm(csr)")
    w = torch.rand(e, f, generator=g)

    def umule():
        out = torch.zeros(n, f)
        out.index_add_(0, dst, x[src] * w)
        return out
    mn, md = timed(umule, args.runs)
    emit("spmm", args.threads, args.runs, mn, md, op="uMulE-sum", nodes=n, edges=e, feats=f,
         gbPerS=round((2 * e * f * 4 + n * f * 4 + e * 8) / (mn * 1e6), 3), impl="index_add_")

    def copyu_max():
        out = torch.zeros(n, f)
        return out.scatter_reduce(0, dst.unsqueeze(1).expand(e, f), x[src], reduce="amax", include_self=False)
    mn, md = timed(copyu_max, args.runs)
    emit("spmm", args.threads, args.runs, mn, md, op="copyU-max", nodes=n, edges=e, feats=f,
         gbPerS=round(byte_model / (mn * 1e6), 3), impl="scatter_reduce(amax)")


def bench_sddmm(args, src, dst, meta):
    n, f = meta["nodes"], args.feats
    x = torch.rand(n, f, generator=torch.Generator().manual_seed(1))
    e = src.numel()
    mn, md = timed(lambda: (x[src] * x[dst]).sum(-1), args.runs)
    emit("sddmm", args.threads, args.runs, mn, md, op="uDotV", nodes=n, edges=e, feats=f,
         gbPerS=round((2 * e * f * 4 + e * 4 + e * 8) / (mn * 1e6), 3), impl="gather+sum")


def sym_norm_adj(src, dst, n):
    """GCN's D^-1/2 (A) D^-1/2 where the graph already has self loops, as a CSR by destination."""
    deg = torch.zeros(n).index_add_(0, dst, torch.ones(src.numel()))
    w = deg[src].pow(-0.5) * deg[dst].pow(-0.5)
    return csr_by_dst(src, dst, n, w)


class GCN(torch.nn.Module):
    def __init__(self, a, fin, hid, out, dropout):
        super().__init__()
        self.a, self.dropout = a, dropout
        self.l1, self.l2 = torch.nn.Linear(fin, hid), torch.nn.Linear(hid, out)

    def forward(self, x):
        x = F.dropout(x, self.dropout, self.training)
        h = F.relu(torch.sparse.mm(self.a, self.l1(x)))
        h = F.dropout(h, self.dropout, self.training)
        return torch.sparse.mm(self.a, self.l2(h))


class GATLayer(torch.nn.Module):
    """The standard edge-list GAT: project, per-edge logits, scatter softmax, weighted sum."""

    def __init__(self, fin, fout, heads, concat, feat_drop, attn_drop):
        super().__init__()
        self.heads, self.fout, self.concat = heads, fout, concat
        self.lin = torch.nn.Linear(fin, heads * fout, bias=False)
        self.al = torch.nn.Parameter(torch.randn(1, heads, fout) * 0.1)
        self.ar = torch.nn.Parameter(torch.randn(1, heads, fout) * 0.1)
        self.bias = torch.nn.Parameter(torch.zeros(heads * fout if concat else fout))
        self.feat_drop, self.attn_drop = feat_drop, attn_drop

    def forward(self, x, src, dst, n):
        x = F.dropout(x, self.feat_drop, self.training)
        h = self.lin(x).view(-1, self.heads, self.fout)
        el, er = (h * self.al).sum(-1), (h * self.ar).sum(-1)
        logits = F.leaky_relu(el[src] + er[dst], 0.2)
        mx = torch.full((n, self.heads), -1e30).scatter_reduce(0, dst.unsqueeze(1).expand_as(logits), logits,
                                                               reduce="amax", include_self=True)
        ex = (logits - mx[dst]).exp()
        den = torch.zeros(n, self.heads).index_add_(0, dst, ex)
        alpha = F.dropout(ex / den[dst], self.attn_drop, self.training)
        out = torch.zeros(n, self.heads, self.fout).index_add_(0, dst, h[src] * alpha.unsqueeze(-1))
        out = out.reshape(n, -1) if self.concat else out.mean(1)
        return out + self.bias


class GAT(torch.nn.Module):
    def __init__(self, fin, hid, out, heads=8):
        super().__init__()
        self.l1 = GATLayer(fin, hid, heads, True, 0.6, 0.6)
        self.l2 = GATLayer(hid * heads, out, 1, False, 0.6, 0.6)

    def forward(self, x, src, dst, n):
        return self.l2(F.elu(self.l1(x, src, dst, n)), src, dst, n)


def load_node_data(d, meta):
    x = torch.from_numpy(np.load(os.path.join(d, "feat.npy")).astype(np.float32))
    y = torch.from_numpy(np.load(os.path.join(d, "label.npy")).astype(np.int64))
    train = torch.from_numpy(np.load(os.path.join(d, "train_mask.npy")).astype(bool))
    return x, y, train


def bench_epoch(args, src, dst, meta, model_name):
    n = meta["nodes"]
    x, y, train = load_node_data(args.dir, meta)
    loops = torch.arange(n)
    s2, d2 = torch.cat([src, loops]), torch.cat([dst, loops])
    torch.manual_seed(0)
    classes = int(y.max()) + 1
    if model_name == "gcn":
        model = GCN(sym_norm_adj(s2, d2, n), x.shape[1], 16, classes, 0.5)
        fwd = lambda: model(x)
        opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)
    else:
        model = GAT(x.shape[1], 8, classes)
        fwd = lambda: model(x, s2, d2, n)
        opt = torch.optim.Adam(model.parameters(), lr=0.005, weight_decay=5e-4)
    model.train()

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(fwd()[train], y[train])
        loss.backward()
        opt.step()
    mn, md = timed(step, args.runs)
    emit(f"{model_name}-epoch", args.threads, args.runs, mn, md, dataset=meta.get("dataset", "graph"),
         nodes=n, edges=src.numel(), feats=x.shape[1], epochsPerS=round(1e3 / md, 3))


def bench_sage_layer(args, src, dst, meta):
    n, f = meta["nodes"], args.feats
    g = torch.Generator().manual_seed(2)
    x = torch.rand(n, f, generator=g, requires_grad=True)
    deg = torch.zeros(n).index_add_(0, dst, torch.ones(src.numel())).clamp(min=1)
    a = csr_by_dst(src, dst, n, 1.0 / deg[dst])
    lin_self, lin_neigh = torch.nn.Linear(f, f), torch.nn.Linear(f, f, bias=False)

    def step():
        out = lin_self(x) + lin_neigh(torch.sparse.mm(a, x))
        out.sum().backward()
    mn, md = timed(step, args.runs)
    emit("sage-layer", args.threads, args.runs, mn, md, nodes=n, edges=src.numel(), feats=f, aggregator="mean")


def bench_matmul(args):
    m, k, n = args.m, args.k, args.n
    a, b = torch.rand(m, k), torch.rand(k, n)
    mn, md = timed(lambda: a @ b, args.runs)
    emit("matmul", args.threads, args.runs, mn, md, m=m, k=k, n=n, gflopPerS=round(2 * m * k * n / (mn * 1e6), 2))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--workload", required=True,
                   choices=["spmm", "sddmm", "gcn-epoch", "gat-epoch", "sage-layer", "matmul"])
    p.add_argument("--dir", help="folder with src.npy, dst.npy, meta.json (and feat/label/train_mask for epochs)")
    p.add_argument("--feats", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--m", type=int, default=100000)
    p.add_argument("--k", type=int, default=128)
    p.add_argument("--n", type=int, default=128)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    if args.workload == "matmul":
        return bench_matmul(args)
    src, dst, meta = load_graph(args.dir)
    {"spmm": bench_spmm, "sddmm": bench_sddmm, "sage-layer": bench_sage_layer,
     "gcn-epoch": lambda *a: bench_epoch(*a, "gcn"), "gat-epoch": lambda *a: bench_epoch(*a, "gat")}[args.workload](
        args, src, dst, meta)


if __name__ == "__main__":
    main()
