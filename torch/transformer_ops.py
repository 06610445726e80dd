"""PyTorch's counts for the transformer's weighted ops, one layer a line of JSON on stdin.

Each line: {"op": "attention", "T": 197, "D": 768, "heads": 12, "kv_heads": 12, "head_dim": 64, "bias": true}
or {"op": "embedding", "T": 16, "vocab": 100, "dim": 32}, {"op": "dense", "T": 4, "D": 8, "units": 3, "bias": true},
or {"op": "tied", "vocab": 100, "dim": 32} (an embedding and a bias-free head sharing its table).
Prints one line of JSON for each: params (sum of numel over model.parameters(), which counts a
shared tensor once) and macs, the multiply-accumulates of a forward pass on a tensor without
batch, counted at each matmul from the shapes it multiplies.
"""
import json
import sys

import torch
from torch import nn


class Counter:
    def __init__(self):
        self.macs = 0

    def linear(self, layer, x):
        self.macs += x.shape[0] * layer.in_features * layer.out_features
        return layer(x)

    def matmul(self, a, b):
        # (..., n, k) @ (..., k, m): n·k·m per leading index
        lead = 1
        for size in a.shape[:-2]:
            lead *= size
        self.macs += lead * a.shape[-2] * a.shape[-1] * b.shape[-1]
        return a @ b


class Attention(nn.Module):
    """Self-attention with separate projections, grouped-query when kv_heads < heads."""

    def __init__(self, d, heads, kv_heads, head_dim, bias):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, head_dim
        self.q = nn.Linear(d, heads * head_dim, bias=bias)
        self.k = nn.Linear(d, kv_heads * head_dim, bias=bias)
        self.v = nn.Linear(d, kv_heads * head_dim, bias=bias)
        self.o = nn.Linear(heads * head_dim, d, bias=bias)

    def forward(self, x, counter):
        t = x.shape[0]
        q = counter.linear(self.q, x).view(t, self.heads, self.head_dim).transpose(0, 1)
        k = counter.linear(self.k, x).view(t, self.kv_heads, self.head_dim).transpose(0, 1)
        v = counter.linear(self.v, x).view(t, self.kv_heads, self.head_dim).transpose(0, 1)
        repeat = self.heads // self.kv_heads
        k = k.repeat_interleave(repeat, dim=0)
        v = v.repeat_interleave(repeat, dim=0)
        weights = torch.softmax(counter.matmul(q, k.transpose(1, 2)) / self.head_dim**0.5, dim=-1)
        out = counter.matmul(weights, v).transpose(0, 1).reshape(t, self.heads * self.head_dim)
        return counter.linear(self.o, out)


def params(module):
    return sum(p.numel() for p in module.parameters())


def measure(layer):
    counter = Counter()
    op = layer["op"]
    with torch.no_grad():
        if op == "attention":
            module = Attention(layer["D"], layer["heads"], layer["kv_heads"], layer["head_dim"], layer["bias"])
            out = module(torch.zeros(layer["T"], layer["D"]), counter)
            result = {"params": params(module), "macs": counter.macs, "shape": list(out.shape)}
            if layer["kv_heads"] == layer["heads"] and layer["head_dim"] * layer["heads"] == layer["D"]:
                result["mha_params"] = params(nn.MultiheadAttention(layer["D"], layer["heads"], bias=layer["bias"]))
            return result
        if op == "embedding":
            module = nn.Embedding(layer["vocab"], layer["dim"])
            out = module(torch.zeros(layer["T"], dtype=torch.long))
            return {"params": params(module), "macs": 0, "shape": list(out.shape)}
        if op == "dense":
            module = nn.Linear(layer["D"], layer["units"], bias=layer["bias"])
            out = counter.linear(module, torch.zeros(layer["T"], layer["D"]))
            return {"params": params(module), "macs": counter.macs, "shape": list(out.shape)}
        if op == "tied":
            model = nn.ModuleDict({"wte": nn.Embedding(layer["vocab"], layer["dim"]), "head": nn.Linear(layer["dim"], layer["vocab"], bias=False)})
            model["head"].weight = model["wte"].weight
            return {"params": params(model), "macs": 0, "shape": []}
    raise ValueError(f"unknown op {op}")


for line in sys.stdin:
    if line.strip():
        print(json.dumps(measure(json.loads(line))))
