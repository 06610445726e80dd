"""Builds single torch.nn modules and runs each on a zero tensor without its batch.

Reads a JSON list from stdin, each item {"module": "ConvTranspose2d", "args": [...],
"kwargs": {...}, "input": [C, H, W]}; writes a JSON list, each item {"shape": [...],
"params": n} (the output's shape without the batch, and the module's parameter count) or
{"error": "..."} when PyTorch refuses the module or the input.
"""
import json
import sys

import torch
from torch import nn


def run(case):
    try:
        module = getattr(nn, case["module"])(*case["args"], **case["kwargs"])
        with torch.no_grad():
            output = module(torch.zeros(1, *case["input"]))
    except (RuntimeError, ValueError) as error:
        return {"error": str(error).splitlines()[0]}
    return {"shape": list(output.shape[1:]), "params": sum(p.numel() for p in module.parameters())}


def main():
    torch.set_num_threads(1)
    print(json.dumps([run(case) for case in json.load(sys.stdin)]))


if __name__ == "__main__":
    main()
