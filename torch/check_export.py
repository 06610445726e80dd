"""Runs modules netlint exported, and prints what PyTorch makes of them.

Usage: check_export.py < checks.json

The JSON lists modules to load, each with the network classes to build, their inputs'
shapes (batch left out) and the module paths whose output shapes to record. For each
class this prints, as JSON: the sum of its parameters' numel(), the output shapes of a
forward pass on zeros (batch 1, eval mode: one, or each of the tuple a network with
several outputs returns; an input marked "ids" is token ids, zeros of dtype long), and
the output shape each listed module gave to a forward hook (null when no module has that
path; the first element of a module's tuple, as nn.LSTM and nn.MultiheadAttention
return). The test compares them with netlint's.

A module marked "meta" is run on PyTorch's meta device once its parameters are counted:
every shape is worked out and nothing is computed, for a network whose forward pass
would take minutes (GPT-2 small on 1,024 tokens: 146 billion MACs).

Weights are filled with zeros instead of drawn at random: the shapes and counts do not
depend on them, and drawing VGG-16's 138 million takes seconds.
"""
import importlib.util
import json
import sys

import torch
from torch.nn import init


def fill_with_zeros(tensor, *_args, **_kwargs):
    with torch.no_grad():
        return tensor.zero_()


for _name in ("kaiming_uniform_", "uniform_", "normal_", "kaiming_normal_",
              "xavier_uniform_", "xavier_normal_", "trunc_normal_"):
    setattr(init, _name, fill_with_zeros)


def load(path, index):
    spec = importlib.util.spec_from_file_location(f"exported_{index}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(module, network, device):
    model = getattr(module, network["className"])()
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    model.to(device)
    wanted = {entry["path"] for entry in network["modules"]}
    seen = {}
    by_path = dict(model.named_modules())

    def record(path):
        def hook(_module, _inputs, output):
            if isinstance(output, tuple):
                output = output[0]
            seen[path] = list(output.shape[1:])
        return hook

    for path in wanted:
        if path in by_path:
            by_path[path].register_forward_hook(record(path))
    inputs = [torch.zeros(1, *i["shape"], device=device,
                          dtype=torch.long if i.get("ids") else torch.float)
              for i in network["inputs"]]
    with torch.no_grad():
        output = model(*inputs)
    outputs = output if isinstance(output, tuple) else (output,)
    return {
        "params": params,
        "outputs": [list(o.shape[1:]) for o in outputs],
        "modules": {path: seen.get(path) for path in sorted(wanted)},
    }


def main():
    checks = json.load(sys.stdin)
    results = []
    for index, entry in enumerate(checks):
        module = load(entry["file"], index)
        device = "meta" if entry.get("meta") else "cpu"
        results.append([check(module, n, device) for n in entry["networks"]])
    print(json.dumps(results))


if __name__ == "__main__":
    main()
