"""PyTorch's answer for v2's ops that keep or join shapes (mul, chunk, channelshuffle,
concat, the new activations, droppath, identity), for test/core/pointwise-torch.test.ts.

Reads a JSON list of cases from stdin, each {"op", "shapes": [[...], ...], "args": {...}},
and prints a JSON list of {"shape": [...], "params": n} or {"error": message}, one a case.
Shapes are without the batch; channelshuffle gets a batch of 1, as nn.ChannelShuffle
reads dimension 1 as the channels.
"""
import json
import sys

import torch
import torch.nn as nn
from torchvision.ops import StochasticDepth

MODULES = {
    'silu': nn.SiLU,
    'hardswish': nn.Hardswish,
    'hardsigmoid': nn.Hardsigmoid,
    'relu6': nn.ReLU6,
    'leakyrelu': nn.LeakyReLU,
    'elu': nn.ELU,
    'identity': nn.Identity,
}


def run(case):
    op, shapes, args = case['op'], case['shapes'], case.get('args', {})
    tensors = [torch.zeros(shape) for shape in shapes]
    params = 0
    if op == 'mul':
        out = torch.mul(tensors[0], tensors[1])
    elif op == 'concat':
        out = torch.cat(tensors, 0)
    elif op == 'chunk':
        parts = tensors[0].chunk(args['parts'], 0)
        # PyTorch may make fewer parts than asked: an index past them is its error too.
        if args['index'] >= len(parts):
            raise IndexError(f"chunk made {len(parts)} parts")
        out = parts[args['index']]
    elif op == 'channelshuffle':
        module = nn.ChannelShuffle(args['groups'])
        out = module(tensors[0].unsqueeze(0)).squeeze(0)
    elif op == 'droppath':
        module = StochasticDepth(args['p'], 'row')
        params = sum(p.numel() for p in module.parameters())
        out = module.eval()(tensors[0])
    else:
        module = MODULES[op]()
        params = sum(p.numel() for p in module.parameters())
        out = module(tensors[0])
    return {'shape': list(out.shape), 'params': params}


def main():
    results = []
    for case in json.load(sys.stdin):
        try:
            results.append(run(case))
        except (RuntimeError, IndexError, ValueError) as error:
            results.append({'error': str(error).split('\n')[0]})
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
