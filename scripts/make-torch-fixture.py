#!/usr/bin/env python3
"""Writes test/fixtures/mlp-torch.json: a 5 -> 8 -> 3 tanh MLP in float64 with fixed weights and
inputs, its cross-entropy loss and gradients, and the weights after Adam, SGD (momentum + weight
decay, two steps) and AdamW (two steps), each run from the same start.

Run with the Debian torch: /usr/bin/python3 scripts/make-torch-fixture.py
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
N, IN, HIDDEN, OUT = 6, 5, 8, 3


def values(count, seed):
    # A fixed closed-form sequence, so the numbers do not depend on torch's RNG.
    return [math.sin(seed * 12.9898 + i * 78.233) * 0.8 for i in range(count)]


def build():
    model = torch.nn.Sequential(torch.nn.Linear(IN, HIDDEN), torch.nn.Tanh(), torch.nn.Linear(HIDDEN, OUT))
    with torch.no_grad():
        for k, (name, p) in enumerate(model.named_parameters()):
            p.copy_(torch.tensor(values(p.numel(), k + 1)).reshape(p.shape))
    return model


x = torch.tensor(values(N * IN, 10)).reshape(N, IN) * 2
target = torch.tensor([0, 2, 1, 1, 0, 2])


def loss_of(model):
    return torch.nn.functional.cross_entropy(model(x), target)


def tensors(model):
    return {name: p.detach().flatten().tolist() for name, p in model.named_parameters()}


def run(make_opt, steps):
    model = build()
    opt = make_opt(model.parameters())
    for _ in range(steps):
        opt.zero_grad()
        loss_of(model).backward()
        opt.step()
    return tensors(model)


model = build()
loss = loss_of(model)
loss.backward()

fixture = {
    "description": "5 -> 8 -> 3 MLP (Linear, Tanh, Linear), float64, mean cross-entropy; made by scripts/make-torch-fixture.py",
    "torchVersion": torch.__version__,
    "input": {"shape": list(x.shape), "data": x.flatten().tolist()},
    "target": target.tolist(),
    "shapes": {name: list(p.shape) for name, p in model.named_parameters()},
    "params": tensors(build()),
    "loss": loss.item(),
    "grads": {name: p.grad.flatten().tolist() for name, p in model.named_parameters()},
    "adam": {"options": {"lr": 0.01}, "steps": 1,
             "params": run(lambda ps: torch.optim.Adam(ps, lr=0.01), 1)},
    "sgd": {"options": {"lr": 0.1, "momentum": 0.9, "weightDecay": 0.01}, "steps": 2,
            "params": run(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01), 2)},
    "adamw": {"options": {"lr": 0.01, "weightDecay": 0.1}, "steps": 2,
              "params": run(lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1), 2)},
}

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "mlp-torch.json")
with open(out, "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(out))
