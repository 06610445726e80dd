"""Exports torchvision models to ONNX and prints what netlint's import must reproduce.

Usage: /usr/bin/python3 torch/export_onnx.py OUTDIR [--weights] NAME [[--weights] NAME]...

With --weights before a NAME, its file holds the weights as initialisers, as a model shared for use
does (alexnet: 244 MB); without, they are graph inputs with their shapes only
(export_params=False), a far smaller file that takes a fraction of the time to write.

For each NAME (a torchvision.models builder, built with weights=None: nothing is
downloaded), writes OUTDIR/NAME.onnx from a 1x3x224x224 input and prints one JSON line:
{"name", "file", "params", "macs"}, where params is sum(p.numel()) over the model's
parameters and macs the multiply-accumulates of its Conv2d and Linear layers measured by
forward hooks (a conv: output elements x in_channels/groups x kernel area; a linear:
output elements x in_features), which is netlint's `connections`.

The export keeps each BatchNorm as its own node: an export in eval mode folds it into
the conv before it (a conv bias of C for the norm's 2C params), which changes the
count; so the model's top module is marked as training (TrainingMode.PRESERVE, which
skips that folding) while every submodule stays in eval, and the graph computes what
the model computes in eval.
"""
import json
import sys
import warnings

import torch
import torchvision

OPTIONS = {
    # Its auxiliary classifiers run only in training: an eval graph leaves them out.
    'googlenet': {'aux_logits': False, 'init_weights': False},
    'inception_v3': {'aux_logits': False, 'init_weights': False},
}


def measure(model):
    macs = 0

    def hook(module, inputs, output):
        nonlocal macs
        if isinstance(module, torch.nn.Conv2d):
            kh, kw = module.kernel_size
            macs += output.numel() * (module.in_channels // module.groups) * kh * kw
        elif isinstance(module, torch.nn.Linear):
            macs += output.numel() * module.in_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    for handle in handles:
        handle.remove()
    return macs


def main():
    outdir, args = sys.argv[1], sys.argv[2:]
    with_weights = {args[i + 1] for i, arg in enumerate(args) if arg == '--weights'}
    names = [arg for arg in args if arg != '--weights']
    warnings.filterwarnings('ignore')
    torch.manual_seed(0)
    for name in names:
        model = getattr(torchvision.models, name)(weights=None, **OPTIONS.get(name, {}))
        model.eval()
        params = sum(p.numel() for p in model.parameters())
        macs = measure(model)
        path = f'{outdir}/{name}.onnx'
        model.training = True  # the top module only: see the docstring
        torch.onnx.export(
            model,
            torch.zeros(1, 3, 224, 224),
            path,
            training=torch.onnx.TrainingMode.PRESERVE,
            do_constant_folding=False,
            opset_version=13,
            export_params=name in with_weights,
            input_names=['image'],
        )
        print(json.dumps({'name': name, 'file': path, 'params': params, 'macs': macs}), flush=True)


if __name__ == '__main__':
    main()
