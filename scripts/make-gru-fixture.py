#!/usr/bin/python3
"""Writes test/fixtures/gru-torch.json: one torch.nn.GRUCell step (float64) with its gradients.

Run with the Debian PyTorch: /usr/bin/python3 scripts/make-gru-fixture.py
"""
import json
import os
import torch

torch.manual_seed(7)
cell = torch.nn.GRUCell(3, 4).double()
x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
h = torch.randn(2, 4, dtype=torch.float64, requires_grad=True)
w = torch.randn(2, 4, dtype=torch.float64)
out = cell(x, h)
(out * w).sum().backward()
names = {'weight_ih': 'weightIh', 'weight_hh': 'weightHh', 'bias_ih': 'biasIh', 'bias_hh': 'biasHh'}
flat = lambda t: t.detach().reshape(-1).tolist()
fixture = {
    'x': flat(x), 'h': flat(h), 'lossWeights': flat(w), 'out': flat(out),
    'params': {names[n]: flat(p) for n, p in cell.named_parameters()},
    'grads': {'x': flat(x.grad), 'h': flat(h.grad), **{names[n]: flat(p.grad) for n, p in cell.named_parameters()}},
}
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'gru-torch.json')
tmp = path + '.tmp'
with open(tmp, 'w') as f:
    json.dump(fixture, f)
os.replace(tmp, path)
