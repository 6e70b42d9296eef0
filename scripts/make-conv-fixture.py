#!/usr/bin/env python3
"""Writes test/fixtures/conv-torch.json: GraphConv and GATConv computed with plain PyTorch
(float64, edge lists + index_add, no DGL) on a 6-node graph with self-loops and a multi-edge,
with fixed closed-form weights and inputs: outputs, GAT attention, and the gradients of
L = sum(out * R) for the input, every parameter and the edge weights.

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

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "conv-torch.json")
tmp = path + ".tmp"
with open(tmp, "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
os.replace(tmp, path)
print("wrote", os.path.normpath(path))
