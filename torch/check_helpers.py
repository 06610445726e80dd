"""Checks the helpers an exported module defines against PyTorch's own modules.

Usage: check_helpers.py MODULE.py

GroupedQueryAttention with as many key and value heads as query heads must compute what
nn.MultiheadAttention computes with the same weights, with and without causal_mask; with
fewer, what nn.MultiheadAttention computes with each key and value head repeated for its
group; RMSNorm, x / sqrt(mean(x²) + eps) times its weight. Prints, as JSON, whether each
agrees on random inputs (to 1e-5).
"""
import importlib.util
import json
import sys

import torch
from torch import nn


def load(path):
    spec = importlib.util.spec_from_file_location("exported", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_multihead(attention, groups):
    """nn.MultiheadAttention with the weights of a GroupedQueryAttention, each key and
    value head repeated for the query heads of its group."""
    dim = attention.q_proj.in_features
    mha = nn.MultiheadAttention(dim, attention.heads, batch_first=True)

    def repeat(tensor):
        heads = tensor.view(attention.kv_heads, attention.head_dim, *tensor.shape[1:])
        return heads.repeat_interleave(groups, 0).reshape(-1, *tensor.shape[1:])

    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([attention.q_proj.weight, repeat(attention.k_proj.weight), repeat(attention.v_proj.weight)]))
        mha.in_proj_bias.copy_(torch.cat([attention.q_proj.bias, repeat(attention.k_proj.bias), repeat(attention.v_proj.bias)]))
        mha.out_proj.weight.copy_(attention.out_proj.weight)
        mha.out_proj.bias.copy_(attention.out_proj.bias)
    return mha


def attention_agrees(module, kv_heads, causal):
    attention = module.GroupedQueryAttention(16, 4, kv_heads, 4, causal=causal)
    mha = as_multihead(attention, 4 // kv_heads)
    x = torch.randn(2, 7, 16)
    mask = module.causal_mask(x) if causal else None
    with torch.no_grad():
        expected, _ = mha(x, x, x, attn_mask=mask, need_weights=False)
        return torch.allclose(attention(x), expected, atol=1e-5)


def main():
    torch.manual_seed(0)
    module = load(sys.argv[1])
    norm = module.RMSNorm(16)
    with torch.no_grad():
        norm.weight.uniform_()
        x = torch.randn(2, 7, 16)
        rms = torch.allclose(norm(x), x / x.pow(2).mean(-1, keepdim=True).add(1e-6).sqrt() * norm.weight, atol=1e-5)
    print(json.dumps({
        "multihead": attention_agrees(module, 4, False),
        "multihead causal": attention_agrees(module, 4, True),
        "grouped": attention_agrees(module, 2, False),
        "grouped causal": attention_agrees(module, 1, True),
        "rmsnorm": rms,
    }))


if __name__ == "__main__":
    main()
