#!/usr/bin/env python3
"""Writes test/fixtures/lstm-torch.json: a 2-layer torch.nn.LSTM (3 -> 4) in float64 with fixed
weights, run on a [T=3, B=2, 3] input from a given (h0, c0): the output, (hN, cN), and the
gradients of sum(output * wOut) + sum(hN * wH) + sum(cN * wC) for the input, h0, c0 and every
parameter. Parameter names are camelCased as deepgraph's LSTM names them (weight_ih_l0 -> weightIhL0).

Run with the Debian torch: /usr/bin/python3 scripts/make-lstm-fixture.py
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
T, B, IN, H, L = 3, 2, 3, 4, 2


def values(count, seed):
    # A fixed closed-form sequence, so the numbers do not depend on torch's RNG.
    return [math.sin(seed * 12.9898 + i * 78.233) * 0.8 for i in range(count)]


def camel(name):
    head, *rest = name.split('_')
    return head + ''.join(p[0].upper() + p[1:] for p in rest)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


lstm = torch.nn.LSTM(IN, H, L)
with torch.no_grad():
    for k, (name, p) in enumerate(lstm.named_parameters()):
        p.copy_(torch.tensor(values(p.numel(), k + 1)).reshape(p.shape))
x = torch.tensor(values(T * B * IN, 20)).reshape(T, B, IN).requires_grad_()
h0 = torch.tensor(values(L * B * H, 21)).reshape(L, B, H).requires_grad_()
c0 = torch.tensor(values(L * B * H, 22)).reshape(L, B, H).requires_grad_()
out, (hn, cn) = lstm(x, (h0, c0))
w_out = torch.tensor(values(out.numel(), 30)).reshape(out.shape)
w_h = torch.tensor(values(hn.numel(), 31)).reshape(hn.shape)
w_c = torch.tensor(values(cn.numel(), 32)).reshape(cn.shape)
((out * w_out).sum() + (hn * w_h).sum() + (cn * w_c).sum()).backward()

fixture = {
    'sizes': {'seqLen': T, 'batch': B, 'inputSize': IN, 'hiddenSize': H, 'numLayers': L},
    'params': {camel(n): flat(p) for n, p in lstm.named_parameters()},
    'input': flat(x), 'h0': flat(h0), 'c0': flat(c0),
    'output': flat(out), 'hN': flat(hn), 'cN': flat(cn),
    'weights': {'output': flat(w_out), 'hN': flat(w_h), 'cN': flat(w_c)},
    'grads': {'input': flat(x.grad), 'h0': flat(h0.grad), 'c0': flat(c0.grad),
              **{camel(n): flat(p.grad) for n, p in lstm.named_parameters()}},
}
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'lstm-torch.json')
tmp = path + '.tmp'
with open(tmp, 'w') as f:
    json.dump(fixture, f)
os.replace(tmp, path)
print('wrote', path)
