#!/usr/bin/env python3
"""Writes test/fixtures/conv-torch.json: GraphConv, GATConv and SAGEConv (all four aggregators)
computed with plain PyTorch (float64, edge lists + index_add or a loop over destinations, no DGL)
on a 6-node graph with self-loops and a multi-edge, plus a 2-layer torch.nn.LSTM; fixed
closed-form weights and inputs; outputs, GAT attention, and the gradients of L = sum(out * R)
for the input, every parameter and the edge weights.

Run with the Debian torch: /usr/bin/python3 scripts/make-conv-fixture.py
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)

N, IN, OUT = 6, 5, 3
HEADS, GAT_OUT, SLOPE = 2, 3, 0.2
SRC = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 2]
DST = [0, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 0, 3, 3]
E = len(SRC)
src, dst = torch.tensor(SRC), torch.tensor(DST)


def values(count, seed, scale=0.8):
    # A fixed closed-form sequence, so the numbers do not depend on torch's RNG.
    return [math.sin(seed * 12.9898 + i * 78.233) * scale for i in range(count)]


def leaf(shape, seed, scale=0.8, shift=0.0):
    n = math.prod(shape)
    return (torch.tensor(values(n, seed, scale)).reshape(shape) + shift).requires_grad_(True)


def flat(t):
    return t.detach().flatten().tolist()


def aggregate(messages, index, rows):
    out = torch.zeros((rows,) + messages.shape[1:])
    return out.index_add(0, index, messages)


def graph_conv(x, weight, bias, norm, edge_weight):
    out_deg = torch.bincount(src, minlength=N).clamp(min=1).to(x.dtype)
    in_deg = torch.bincount(dst, minlength=N).clamp(min=1).to(x.dtype)
    p = -0.5 if norm == "both" else -1.0
    h = x
    if norm in ("left", "both"):
        h = h * out_deg.pow(p).unsqueeze(1)
    msg = h[src]
    if edge_weight is not None:
        msg = msg * edge_weight.unsqueeze(1)
    h = aggregate(msg, dst, N) @ weight
    if norm in ("right", "both"):
        h = h * in_deg.pow(p).unsqueeze(1)
    return h + bias


def gat_conv(x, fc_weight, attn_l, attn_r, bias, res_weight):
    ft = (x @ fc_weight.T).reshape(N, HEADS, GAT_OUT)
    el = (ft * attn_l).sum(-1)  # [N, H]
    er = (ft * attn_r).sum(-1)
    logits = torch.nn.functional.leaky_relu(el[src] + er[dst], SLOPE)  # [E, H]
    peak = torch.full((N, HEADS), -math.inf).scatter_reduce(0, dst.unsqueeze(1).expand(E, HEADS), logits, "amax")
    ex = torch.exp(logits - peak[dst])
    attention = ex / aggregate(ex, dst, N)[dst]
    out = aggregate(ft[src] * attention.unsqueeze(-1), dst, N)
    out = out + (x @ res_weight.T).reshape(N, HEADS, GAT_OUT) + bias.reshape(1, HEADS, GAT_OUT)
    return out, attention.unsqueeze(-1)


x0 = leaf([N, IN], 1, 1.0)
fixture = {
    "description": "GraphConv and GATConv in plain PyTorch (float64); made by scripts/make-conv-fixture.py",
    "torchVersion": torch.__version__,
    "graph": {"src": SRC, "dst": DST, "numNodes": N},
    "x": {"shape": [N, IN], "data": flat(x0)},
    "graphConv": {"inFeats": IN, "outFeats": OUT, "cases": []},
}

weight0, bias0 = leaf([IN, OUT], 2), leaf([OUT], 3, 0.3)
edge_weight0 = leaf([E], 4, 0.4, 1.0)
R = torch.tensor(values(N * OUT, 5)).reshape(N, OUT)
fixture["graphConv"].update({"weight": flat(weight0), "bias": flat(bias0), "edgeWeight": flat(edge_weight0), "R": flat(R)})
for norm in ("both", "right", "left", "none"):
    for weighted in (False, True):
        x, weight, bias, ew = (t.detach().clone().requires_grad_(True) for t in (x0, weight0, bias0, edge_weight0))
        out = graph_conv(x, weight, bias, norm, ew if weighted else None)
        (out * R).sum().backward()
        grads = {"x": flat(x.grad), "weight": flat(weight.grad), "bias": flat(bias.grad)}
        if weighted:
            grads["edgeWeight"] = flat(ew.grad)
        fixture["graphConv"]["cases"].append({"norm": norm, "edgeWeight": weighted, "out": flat(out), "grads": grads})

params = {
    "fc.weight": leaf([HEADS * GAT_OUT, IN], 6),
    "attnL": leaf([1, HEADS, GAT_OUT], 7),
    "attnR": leaf([1, HEADS, GAT_OUT], 8),
    "bias": leaf([HEADS * GAT_OUT], 9, 0.3),
    "resFc.weight": leaf([HEADS * GAT_OUT, IN], 10),
}
x = x0.detach().clone().requires_grad_(True)
out, attention = gat_conv(x, params["fc.weight"], params["attnL"], params["attnR"], params["bias"], params["resFc.weight"])
R_gat = torch.tensor(values(out.numel(), 11)).reshape(out.shape)
(out * R_gat).sum().backward()
fixture["gatConv"] = {
    "inFeats": IN, "outFeats": GAT_OUT, "numHeads": HEADS, "negativeSlope": SLOPE,
    "params": {k: {"shape": list(v.shape), "data": flat(v)} for k, v in params.items()},
    "R": flat(R_gat), "out": flat(out), "attention": flat(attention),
    "grads": {"x": flat(x.grad), **{k: flat(v.grad) for k, v in params.items()}},
}

def sage_conv(x, p, aggr, edge_weight):
    h = x if aggr != "pool" else torch.relu(x @ p["fcPool.weight"].T + p["fcPool.bias"])
    msg = h[src] if edge_weight is None else h[src] * edge_weight.unsqueeze(1)
    rows = []
    for v in range(N):
        edges = [e for e in range(E) if DST[e] == v]  # in edge-id order, as DGL's mailbox
        m = msg[edges]
        if aggr == "mean":
            rows.append(m.mean(0))
        elif aggr == "gcn":
            rows.append((m.sum(0) + x[v]) / (len(edges) + 1))
        elif aggr == "pool":
            rows.append(m.max(0).values)
        else:
            _, (hn, _) = lstm_of(p)(m.unsqueeze(0))
            rows.append(hn[0, 0])
    neigh = torch.stack(rows) @ p["fcNeigh.weight"].T
    out = neigh if aggr == "gcn" else x @ p["fcSelf.weight"].T + neigh
    return out + p["bias"]


def lstm_of(p):
    # The LSTM whose parameters are the p["lstm.*"] leaves (made once per case).
    if "_lstm" not in p:
        lstm = torch.nn.LSTM(IN, IN, batch_first=True)
        for name, q in lstm.named_parameters():
            with torch.no_grad():
                q.copy_(p["lstm." + camel(name)])
            p["lstm." + camel(name)] = q
        p["_lstm"] = lstm
    return p["_lstm"]


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest[:-1]) + rest[-1].upper()


fixture["sageConv"] = {"inFeats": IN, "cases": []}
for aggr in ("mean", "gcn", "pool", "lstm"):
    for out_feats, weighted in ((3, False), (3, True), (7, False)):
        seed = 20 + 10 * ("mean", "gcn", "pool", "lstm").index(aggr) + out_feats
        shapes = {"fcNeigh.weight": [out_feats, IN], "bias": [out_feats]}
        if aggr != "gcn":
            shapes["fcSelf.weight"] = [out_feats, IN]
        if aggr == "pool":
            shapes.update({"fcPool.weight": [IN, IN], "fcPool.bias": [IN]})
        if aggr == "lstm":
            shapes.update({"lstm.weightIhL0": [4 * IN, IN], "lstm.weightHhL0": [4 * IN, IN],
                           "lstm.biasIhL0": [4 * IN], "lstm.biasHhL0": [4 * IN]})
        p = {k: leaf(v, seed + i, 0.6) for i, (k, v) in enumerate(sorted(shapes.items()))}
        x = x0.detach().clone().requires_grad_(True)
        ew = edge_weight0.detach().clone().requires_grad_(True)
        if aggr == "lstm":
            lstm_of(p)
        out = sage_conv(x, p, aggr, ew if weighted else None)
        p.pop("_lstm", None)
        R_sage = torch.tensor(values(out.numel(), seed)).reshape(out.shape)
        (out * R_sage).sum().backward()
        grads = {"x": flat(x.grad), **{k: flat(v.grad) for k, v in p.items()}}
        if weighted:
            grads["edgeWeight"] = flat(ew.grad)
        fixture["sageConv"]["cases"].append({
            "aggregator": aggr, "outFeats": out_feats, "edgeWeight": weighted,
            "params": {k: {"shape": list(v.shape), "data": flat(v)} for k, v in p.items()},
            "R": flat(R_sage), "out": flat(out), "grads": grads,
        })

# A 2-layer LSTM on a [batch 2, seq 4, input 3] sequence with a given initial state.
lstm = torch.nn.LSTM(3, 2, num_layers=2, batch_first=True)
with torch.no_grad():
    for k, (name, q) in enumerate(lstm.named_parameters()):
        q.copy_(torch.tensor(values(q.numel(), 40 + k, 0.7)).reshape(q.shape))
seq, h0, c0 = leaf([2, 4, 3], 50, 1.0), leaf([2, 2, 2], 51, 0.5), leaf([2, 2, 2], 52, 0.5)
output, (hn, cn) = lstm(seq, (h0, c0))
Ro, Rh, Rc = (torch.tensor(values(t.numel(), 53 + i)).reshape(t.shape) for i, t in enumerate((output, hn, cn)))
((output * Ro).sum() + (hn * Rh).sum() + (cn * Rc).sum()).backward()
fixture["lstm"] = {
    "inputSize": 3, "hiddenSize": 2, "numLayers": 2,
    "params": {camel(n): {"shape": list(q.shape), "data": flat(q)} for n, q in lstm.named_parameters()},
    "input": flat(seq), "h0": flat(h0), "c0": flat(c0), "R": {"output": flat(Ro), "h": flat(Rh), "c": flat(Rc)},
    "output": flat(output), "h": flat(hn), "c": flat(cn),
    "grads": {"input": flat(seq.grad), "h0": flat(h0.grad), "c0": flat(c0.grad),
              **{camel(n): flat(q.grad) for n, q in lstm.named_parameters()}},
}

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "conv-torch.json")
tmp = path + ".tmp"
with open(tmp, "w") as f:
    json.dump(fixture, f, separators=(",", ":"))
    f.write("\n")
os.replace(tmp, path)
print("wrote", os.path.normpath(path))
