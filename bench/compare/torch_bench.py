#!/usr/bin/python3
"""PyTorch side of deepgraph's side-by-side benchmarks.

Plain, standard PyTorch (CPU) versions of the `deepgraph bench` workloads, run on the very same
graph: edges come from the .npy files deepgraph writes (`--edges-npy src.npy dst.npy`), Cora and
CiteSeer from the arrays deepgraph's Planetoid loader exports (`--node-data DIR`). One JSON line
per result, in the format of shared/BENCH.md (backend "torch"). Run it with Debian's python3-torch:

  /usr/bin/python3 bench/compare/torch_bench.py spmm --edges-npy src.npy dst.npy --feats 64 --threads 2

Like deepgraph's side: one warm-up, then >= 5 timed runs, min and median in ms, throughput from the
fastest run, peak RSS from getrusage (MB = 10^6 bytes). The byte and FLOP models are deepgraph's
(bench/cost-model.ts), so a GB/s here and there measure the same work.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn.functional as F

from torch_models import GAT, GCN, SAGE, SageLayer, csr_by_dst

IGNORE = -100
# torch 1.13 calls sparse CSR and scatter_reduce "beta" on every use; the note is not a result.
warnings.filterwarnings("ignore", message=".*(beta|Sparse CSR).*")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def timed(fn, runs, warmup, label, setup=None):
    for _ in range(warmup):
        if setup:
            setup()
        fn()
    ms, cpu = [], []
    for i in range(runs):
        if setup:
            setup()
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
        log(f"{label}: run {i + 1}/{runs} {ms[-1]:.2f} ms")
    # CPU time (all threads) of the fastest run, as deepgraph's harness reports it
    return round(min(ms), 3), round(statistics.median(ms), 3), round(cpu[ms.index(min(ms))], 3)


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6, 1)


def reset_peak_rss():
    """Linux: restarts the process's peak RSS (VmHWM, which getrusage reports) from the current RSS, so
    the peak afterwards is the timed runs' own and not a transient of setup. Returns the peak before."""
    before = peak_rss_mb()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return before


def out_of_memory(err):
    """True for an allocation that failed (torch's allocator, or Python's MemoryError)."""
    return isinstance(err, MemoryError) or "can't allocate memory" in str(err) or "not enough memory" in str(err)


def rss_mb():
    with open("/proc/self/statm") as f:
        return round(int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6, 1)


def emit(name, params, args, timing, throughput, notes=None):
    mn, md, cpu = timing
    line = {"name": name, **params, "backend": "torch", "threads": torch.get_num_threads(), "runs": args.runs,
            "minMs": mn, "medianMs": md, "cpuMs": cpu, **throughput, "peakRssMb": peak_rss_mb(), **(notes or {}),
            "load1": round(os.getloadavg()[0], 2)}
    print(json.dumps(line), flush=True)


# ---- graphs ----

def load_edges(args):
    if args.edges_npy is None:
        sys.exit("torch_bench: this workload needs --edges-npy SRC DST (or --node-data DIR)")
    src = torch.from_numpy(np.load(args.edges_npy[0]).astype(np.int64))
    dst = torch.from_numpy(np.load(args.edges_npy[1]).astype(np.int64))
    if src.numel() != dst.numel():
        sys.exit(f"torch_bench: {dst.numel()} destinations for {src.numel()} sources")
    implied = int(max(src.max().item(), dst.max().item())) + 1 if src.numel() else 1
    n = args.nodes if args.nodes is not None else implied
    if n < implied:
        sys.exit(f"torch_bench: --nodes {n} is smaller than the largest id + 1 ({implied})")
    return src, dst, n


def uniform(shape, seed):
    return torch.rand(*shape, generator=torch.Generator().manual_seed(seed))


# ---- sparse kernels ----

def spmm_bytes(e, n, f):
    return e * f * 4 + n * f * 4 + e * 4 + (n + 1) * 4


def bench_spmm(args):
    src, dst, n = load_edges(args)
    e, f = src.numel(), args.feats
    x = uniform((n, f), args.seed + 1)
    base = {"nodes": n, "edges": e, "feats": f, "graph": "npy"}
    ops = [args.op] if args.op else ["copyU-sum", "uMulE-sum", "copyU-max"]
    for op in ops:
        if op == "copyU-sum":
            a = csr_by_dst(src, dst, n)
            t = timed(lambda: torch.sparse.mm(a, x), args.runs, args.warmup, "spmm copyU-sum sparse.mm")
            emit("spmm", {"op": op, **base}, args, t, {"gbPerS": round(spmm_bytes(e, n, f) / (t[0] * 1e6), 3)},
                 {"impl": "torch.sparse.mm(csr)", "nnz": a._nnz()})

            def scatter():
                return torch.zeros(n, f).index_add_(0, dst, x[src])
            t = timed(scatter, args.runs, args.warmup, "spmm copyU-sum index_add_")
            emit("spmm", {"op": op, **base}, args, t, {"gbPerS": round(spmm_bytes(e, n, f) / (t[0] * 1e6), 3)},
                 {"impl": "index_add_(x[src])"})
        elif op == "uMulE-sum":
            w = uniform((e, args.efeats), args.seed + 2)

            def umule():
                return torch.zeros(n, f).index_add_(0, dst, x[src] * w)
            t = timed(umule, args.runs, args.warmup, "spmm uMulE-sum")
            model = spmm_bytes(e, n, f) + e * args.efeats * 4 + e * 4
            emit("spmm", {"op": op, **base, "efeats": args.efeats}, args, t, {"gbPerS": round(model / (t[0] * 1e6), 3)},
                 {"impl": "index_add_(x[src] * w)"})
        else:
            index = dst.unsqueeze(1).expand(e, f)

            def copyu_max():
                return torch.zeros(n, f).scatter_reduce(0, index, x[src], reduce="amax", include_self=False)
            t = timed(copyu_max, args.runs, args.warmup, "spmm copyU-max")
            emit("spmm", {"op": op, **base}, args, t, {"gbPerS": round(spmm_bytes(e, n, f) / (t[0] * 1e6), 3)},
                 {"impl": "scatter_reduce(amax)"})


def bench_sddmm(args):
    src, dst, n = load_edges(args)
    e, f = src.numel(), args.feats
    x, y = uniform((n, f), args.seed + 1), uniform((n, f), args.seed + 3)
    t = timed(lambda: (x[src] * y[dst]).sum(-1, keepdim=True), args.runs, args.warmup, "sddmm uDotV")
    emit("sddmm", {"op": "uDotV", "nodes": n, "edges": e, "feats": f, "graph": "npy"}, args, t,
         {"gbPerS": round((2 * e * f * 4 + e * 4 + e * 8) / (t[0] * 1e6), 3)}, {"impl": "(x[src] * y[dst]).sum(-1)"})


def bench_matmul(args):
    a, b = uniform((args.m, args.k), args.seed + 1), uniform((args.k, args.n), args.seed + 2)
    t = timed(lambda: a @ b, args.runs, args.warmup, "matmul")
    emit("matmul", {"m": args.m, "k": args.k, "n": args.n, "dtype": "float32"}, args, t,
         {"gflopPerS": round(2 * args.m * args.k * args.n / (t[0] * 1e6), 2)})


# ---- node classification ----

def load_task(args, self_loops):
    """Edges, features, int64 labels (IGNORE outside train) from --node-data, or synthetic over --edges-npy."""
    if args.node_data:
        d = args.node_data
        src = torch.from_numpy(np.load(os.path.join(d, "src.npy")).astype(np.int64))
        dst = torch.from_numpy(np.load(os.path.join(d, "dst.npy")).astype(np.int64))
        x = torch.from_numpy(np.load(os.path.join(d, "feat.npy")).astype(np.float32))
        y = torch.from_numpy(np.load(os.path.join(d, "label.npy")).astype(np.int64))
        train = torch.from_numpy(np.load(os.path.join(d, "train_mask.npy")).astype(bool))
        n, dataset = x.shape[0], json.load(open(os.path.join(d, "meta.json")))["dataset"]
        classes = int(y.max()) + 1
    else:
        src, dst, n = load_edges(args)
        x = uniform((n, args.feats), args.seed + 1)
        num_train = max(1, -(-n // 10))  # deepgraph's syntheticTrainCount: the first tenth
        y = torch.randint(0, args.classes, (n,), generator=torch.Generator().manual_seed(args.seed + 7))
        train = torch.zeros(n, dtype=torch.bool)
        train[:num_train] = True
        dataset, classes = "synthetic", args.classes
    if self_loops:
        loops = torch.arange(n)
        src, dst = torch.cat([src, loops]), torch.cat([dst, loops])
    return src, dst, n, x, y, train, classes, dataset


def bench_epoch(args):
    kind = args.workload.split("-")[0]
    src, dst, n, x, y, train, classes, dataset = load_task(args, kind != "sage")
    hidden = args.hidden or (8 if kind == "gat" else 16)
    torch.manual_seed(args.seed)
    sparse_input = args.input == "sparse" and kind != "sage"
    if args.impl == "pyg":
        if kind == "sage" or sparse_input:
            sys.exit("torch_bench: --impl pyg runs gcn-epoch and gat-epoch on dense features")
        from pyg_models import PygGAT, PygGCN  # needs PyG's source on PYTHONPATH (see pyg_models.py)
        model, lr = (PygGCN(src, dst, x.shape[1], hidden, classes), 1e-2) if kind == "gcn" else \
            (PygGAT(src, dst, x.shape[1], hidden, args.heads, classes), 5e-3)
    elif kind == "gcn":
        model, lr = GCN(src, dst, n, x.shape[1], hidden, classes, sparse_input), 1e-2
    elif kind == "gat":
        model, lr = GAT(src, dst, n, x.shape[1], hidden, args.heads, classes, sparse_input), 5e-3
    else:
        model, lr = SAGE(src, dst, n, x.shape[1], hidden, classes), 1e-2
    if sparse_input:
        x = x.to_sparse().coalesce()  # COO, built once: torch.sparse.mm(COO, dense) has a gradient for the dense side
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=5e-4)
    model.train()
    train_idx = train.nonzero().squeeze(1)

    def epoch():
        opt.zero_grad()
        loss = F.cross_entropy(model(x)[train_idx], y[train_idx])
        loss.backward()
        opt.step()
    notes = {"setupPeakRssMb": reset_peak_rss()} if args.peak_after_setup else {}
    setup_rss = rss_mb()
    params = {"dataset": dataset, "nodes": n, "edges": src.numel(), "feats": x.shape[1], "classes": classes,
              "numTrain": int(train.sum()), **model.describe}
    try:
        t = timed(epoch, args.runs, args.warmup, args.workload)
    except (RuntimeError, MemoryError) as err:
        if not out_of_memory(err):
            raise
        report_out_of_memory(args, params, err, {**notes, "setupRssMb": setup_rss})
        return
    emit(args.workload, params, args, t, {"epochsPerS": round(1e3 / t[0], 3)}, {**notes, "setupRssMb": setup_rss})


def report_out_of_memory(args, params, err, notes):
    """The line of a workload that ran out of memory: no times, the failed allocation's message."""
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    line = {"name": args.workload, **params, "backend": "torch", "threads": torch.get_num_threads(), "runs": 0,
            "outOfMemory": True, "error": str(err).strip().splitlines()[-1][:300], "peakRssMb": peak_rss_mb(),
            "addressSpaceLimitGb": None if limit == resource.RLIM_INFINITY else round(limit / 2 ** 30, 1), **notes,
            "load1": round(os.getloadavg()[0], 2)}
    log(f"{args.workload}: out of memory: {line['error']}")
    print(json.dumps(line), flush=True)


def bench_sage_layer(args):
    src, dst, n = load_edges(args)
    f = args.feats
    x = uniform((n, f), args.seed + 1).requires_grad_()
    torch.manual_seed(args.seed)
    layer = SageLayer(src, dst, n, f)

    def setup():
        x.grad = None
        layer.zero_grad(set_to_none=True)
    setup_rss = rss_mb()
    t = timed(lambda: layer(x).sum().backward(), args.runs, args.warmup, "sage-layer", setup)
    emit("sage-layer", {"nodes": n, "edges": src.numel(), "feats": f, "aggregator": "mean", "graph": "npy"}, args, t,
         {"edgesPerS": round(src.numel() / (t[0] / 1e3))}, {"setupRssMb": setup_rss})


def bench_op_overhead(args):
    """deepgraph's op-overhead chain (bench/workloads/op-overhead.ts): per block matmul, add bias,
    relu, multiply by the block input, tanh, add the block input; then sum and backward."""
    rows, width, blocks, repeats = args.m, args.feats, args.layers, args.batches
    x = uniform((rows, width), args.seed + 1)
    ws = [((uniform((width, width), args.seed + 10 + i) - 0.5) * (2 / width ** 0.5)).requires_grad_() for i in range(blocks)]
    bs = [uniform((width,), args.seed + 100 + i).requires_grad_() for i in range(blocks)]

    def chain():
        h = x
        for w, b in zip(ws, bs):
            a = torch.relu(torch.matmul(h, w) + b)
            h = torch.tanh(a * h) + h
        h.sum().backward()

    def run():
        for _ in range(repeats):
            for p in ws + bs:
                p.grad = None
            chain()
    t = timed(run, args.runs, args.warmup, "op-overhead")
    ops = blocks * 6 + 1
    emit("op-overhead", {"rows": rows, "feats": width, "blocks": blocks, "ops": ops, "repeats": repeats}, args, t,
         {"perOpUs": round(t[0] * 1e3 / (ops * repeats), 3), "opsPerS": round(ops * repeats / (t[0] / 1e3))},
         {"medianPerOpUs": round(t[1] * 1e3 / (ops * repeats), 3)})


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("workload", choices=["spmm", "sddmm", "gcn-epoch", "gat-epoch", "sage-epoch", "sage-layer", "matmul", "op-overhead"])
    p.add_argument("--edges-npy", nargs=2, metavar=("SRC", "DST"))
    p.add_argument("--node-data", help="folder with src/dst/feat/label/train_mask .npy and meta.json (exported by deepgraph)")
    p.add_argument("--dataset", choices=["synthetic"], help="epochs without --node-data: random features and labels")
    p.add_argument("--nodes", type=int)
    p.add_argument("--feats", type=int, default=64)
    p.add_argument("--efeats", type=int, default=1)
    p.add_argument("--op", choices=["copyU-sum", "uMulE-sum", "copyU-max", "uDotV"])
    p.add_argument("--classes", type=int, default=8)
    p.add_argument("--hidden", type=int)
    p.add_argument("--input", choices=["dense", "sparse"], default="dense", help="gcn-epoch, gat-epoch: dense features or their nonzeros")
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--impl", choices=["torch", "pyg"], default="torch", help="gcn-epoch, gat-epoch: plain PyTorch or PyG's layers")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--peak-after-setup", action="store_true",
                   help="epochs: restart the peak RSS after setup (Linux), so peakRssMb is the runs' own")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--m", type=int, default=100000)
    p.add_argument("--k", type=int, default=128)
    p.add_argument("--n", type=int, default=128)
    p.add_argument("--layers", type=int, default=8, help="op-overhead: blocks of the chain")
    p.add_argument("--batches", type=int, default=200, help="op-overhead: chains per timed run")
    args = p.parse_args()
    if args.runs < 5:
        sys.exit("torch_bench: --runs must be >= 5")
    torch.set_num_threads(args.threads)
    {"spmm": bench_spmm, "sddmm": bench_sddmm, "matmul": bench_matmul, "sage-layer": bench_sage_layer,
     "op-overhead": bench_op_overhead, "gcn-epoch": bench_epoch, "gat-epoch": bench_epoch, "sage-epoch": bench_epoch}[args.workload](args)


if __name__ == "__main__":
    main()
