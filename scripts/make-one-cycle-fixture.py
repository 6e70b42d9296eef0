#!/usr/bin/python3
"""Writes test/fixtures/one-cycle-torch.json: the lr and Adam beta1 that torch.optim.lr_scheduler.OneCycleLR
(defaults: pct_start 0.3, cosine annealing, div_factor 25, final_div_factor 1e4, momentum 0.85-0.95)
gives an Adam optimizer before each of its steps, for two (max_lr, total_steps) settings.

Run with the Debian PyTorch: /usr/bin/python3 scripts/make-one-cycle-fixture.py
"""
import json
import os
import torch

cases = []
for max_lr, total in [(1e-3, 50), (0.1, 7)]:
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.Adam([p], lr=max_lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=total)
    lrs, beta1s = [], []
    for _ in range(total):
        lrs.append(opt.param_groups[0]['lr'])
        beta1s.append(opt.param_groups[0]['betas'][0])
        opt.step()
        sched.step()
    cases.append({'maxLr': max_lr, 'totalSteps': total, 'lr': lrs, 'beta1': beta1s})
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'one-cycle-torch.json')
tmp = path + '.tmp'
with open(tmp, 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': cases}, f)
os.replace(tmp, path)
