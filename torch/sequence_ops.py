"""PyTorch's side of the sequence, recurrent and feature-norm ops of language v2.

Reads a JSON list of layers from stdin, each {"op", "args", "input"} as netlint reads it
(`args` by name, `input` the shape without a batch), builds the same module in PyTorch,
runs it on a tensor of that shape without a batch, and prints a JSON list of what it
gives: the output's shape, and the sizes of its parameters named weight…, named bias…,
and of all of them (which of these netlint calls weights, biases or params is the test's).
"""
import json
import sys

import torch
from torch import nn


class Table(nn.Module):
    """posembed: a learned table of `rows` positions, its first T rows added (ViT's pos_embedding)."""

    def __init__(self, rows, features):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(rows, features))

    def forward(self, x):
        return x + self.weight[: x.shape[0]]


class ClassToken(nn.Module):
    """clstoken: a learned token put first (ViT's class_token)."""

    def __init__(self, features):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1, features))

    def forward(self, x):
        return torch.cat([self.weight, x], dim=0)


class Lambda(nn.Module):
    def __init__(self, function):
        super().__init__()
        self.function = function

    def forward(self, x):
        return self.function(x)


class ChannelsLast(nn.Module):
    """A feature module over the channels of a C×H×W map, as ConvNeXt's LayerNorm2d."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x.permute(1, 2, 0)).permute(2, 0, 1)


class RMSNorm(nn.Module):
    """torch 1.13 has no nn.RMSNorm (2.4 added it): a scale per feature, no shift."""

    def __init__(self, features):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(features))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * self.weight


class LayerScale(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(features))

    def forward(self, x):
        return x * self.weight


class ChannelScale(nn.Module):
    """layerscale on a C×H×W map: a scale per channel (ConvNeXt's gamma)."""

    def __init__(self, channels):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(channels))

    def forward(self, x):
        return x * self.weight.view(-1, 1, 1)


def layernorm(features, bias):
    norm = nn.LayerNorm(features)
    if not bias:
        # torch 1.13's LayerNorm has no bias=False (2.1 added it); F.layer_norm takes None.
        norm.register_parameter("bias", None)
    return norm


def feature_module(make, input):
    """A module over the last size of a vector or sequence, or over C of C×H×W."""
    return ChannelsLast(make(input[0])) if len(input) == 3 else make(input[-1])


def build(op, args, input):
    if op == "posembed":
        return Table(args.get("max", input[0]), input[1])
    if op == "clstoken":
        return ClassToken(input[1])
    if op == "token":
        return Lambda(lambda x: x[args.get("index", 0)])
    if op == "tokenmean":
        return Lambda(lambda x: x.mean(0))
    if op == "tokens":
        return Lambda(lambda x: x.flatten(1).transpose(0, 1))
    if op == "transpose":
        return Lambda(lambda x: x.transpose(0, 1))
    if op == "spatial":
        return Lambda(lambda x: x.transpose(0, 1).reshape(x.shape[1], args["height"], args["width"]))
    if op == "layernorm":
        return feature_module(lambda f: layernorm(f, args.get("bias", True)), input)
    if op == "rmsnorm":
        return feature_module(RMSNorm, input)
    if op == "layerscale":
        return ChannelScale(input[0]) if len(input) == 3 else LayerScale(input[-1])
    if op in ("lstm", "gru"):
        kind = nn.LSTM if op == "lstm" else nn.GRU
        return kind(
            input[1],
            args["hidden"],
            num_layers=args.get("layers", 1),
            bidirectional=args.get("bidirectional", False),
            bias=args.get("bias", True),
        )
    raise ValueError(f"unknown op {op}")


def measure(case):
    op, args, input = case["op"], case.get("args", {}), case["input"]
    module = build(op, args, input)
    output = module(torch.zeros(*input))
    if isinstance(output, tuple):  # a recurrent module's (output, state)
        output = output[0]
    named = dict(module.named_parameters())

    def numel(prefix):
        return sum(p.numel() for name, p in named.items() if name.split(".")[-1].startswith(prefix))

    # nn.LSTM's weight_ih_l0, bias_hh_l0_reverse, …; a norm's weight and bias.
    return {"shape": list(output.shape), "weights": numel("weight"), "biases": numel("bias"), "params": sum(p.numel() for p in named.values())}


def main():
    torch.manual_seed(0)
    with torch.no_grad():
        print(json.dumps([measure(case) for case in json.load(sys.stdin)]))


if __name__ == "__main__":
    main()
