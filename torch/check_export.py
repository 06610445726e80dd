"""Runs a module netlint exported, and prints what PyTorch makes of it.

Usage: check_export.py MODULE.py < networks.json

The JSON lists each network class to build, its inputs' shapes (batch left out) and
the module paths whose output shapes to record. For each class this prints, as JSON:
the sum of its parameters' numel(), the output shape of a forward pass on zeros
(batch 1, eval mode), and the output shape each listed module gave to a forward hook
(or null when no module has that path). The test compares them with netlint's.
"""
import importlib.util
import json
import sys

import torch


def load(path):
    spec = importlib.util.spec_from_file_location("exported", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(module, network):
    model = getattr(module, network["className"])()
    model.eval()
    wanted = {entry["path"] for entry in network["modules"]}
    seen = {}
    by_path = dict(model.named_modules())

    def record(path):
        def hook(_module, _inputs, output):
            seen[path] = list(output.shape[1:])
        return hook

    for path in wanted:
        if path in by_path:
            by_path[path].register_forward_hook(record(path))
    inputs = [torch.zeros(1, *i["shape"]) for i in network["inputs"]]
    with torch.no_grad():
        output = model(*inputs)
    return {
        "params": sum(p.numel() for p in model.parameters()),
        "output": list(output.shape[1:]),
        "modules": {path: seen.get(path) for path in sorted(wanted)},
    }


def main():
    module = load(sys.argv[1])
    networks = json.load(sys.stdin)
    print(json.dumps([check(module, network) for network in networks]))


if __name__ == "__main__":
    main()
