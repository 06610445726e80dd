"""Builds every example network of examples/ in PyTorch and prints its counts as JSON, in
netlint's conventions (docs/language.md, Costs), so that the tests compare netlint with
PyTorch to the digit and no expected figure is typed in by hand.

    /usr/bin/python3 torch/counts.py            # every example, JSON on stdout
    /usr/bin/python3 torch/counts.py vit_b_16   # some of them
    /usr/bin/python3 torch/counts.py --layers unet   # a table per layer, to read beside netlint's
    /usr/bin/python3 torch/counts.py --readme   # rewrites README.md's table of the examples

Per example: params = sum(p.numel() for p in model.parameters()), split into
- weights: the multiplicative tensors of Conv, ConvTranspose, Linear, Embedding,
  MultiheadAttention (in_proj_weight, or q/k/v_proj_weight; out_proj is a Linear), LSTM and
  GRU (weight_ih, weight_hh), and the learned position tables and class tokens;
- biases: the bias tensors of those layers (MultiheadAttention's in_proj_bias; the two
  bias vectors b_ih and b_hh of a recurrent layer);
- extras: every other learned tensor: the scales and shifts of the norms, ConvNeXt's layer scale.
A tensor that fits none of these stops the script, so nothing is counted by accident.

connections (multiply-accumulates, per sample) are summed by forward hooks:
- Conv: output elements · (Cin/groups) · kernel elements;
- ConvTranspose: input elements · kernel elements · (Cout/groups);
- Linear: (input elements / in_features) · in_features · out_features;
- MultiheadAttention (self-attention): T·(D·q + 2·D·kv + q·D) + 2·T²·q, its projections and
  the two T×T products; out_proj is used as a tensor, never called, so never hooked;
- LSTM and GRU: T · their weights.
Nothing else has connections. The counts depend on shapes only, so the networks are built
without initialising their weights and run on PyTorch's "meta" device, which works out
shapes and computes nothing: all of them take a few seconds.
"""
import json
import math
import os
import re
import sys
import warnings

import torch
import torchvision
from torch import nn
from torchvision import models as tv

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402  (this folder's models.py)


# ---------------------------------------------------------------------------------------
# The examples: each .net file, the network it describes, its inputs, and some of its
# layers (netlint's path → the PyTorch module whose output is that layer's output).

def image(c=3, h=224, w=224):
    return ('float', (c, h, w))


def ids(t):
    return ('ids', (t,))


def signal(c, length):
    return ('float', (c, length))


def torchvision_model(builder, **options):
    arguments = ''.join(f', {k}={v}' for k, v in options.items())
    return dict(source=f'torchvision.models.{builder}(weights=None{arguments})', build=lambda: getattr(tv, builder)(weights=None, **options))


def own_model(cls):
    return dict(source=f'torch/models.py: {cls.__name__}', build=cls)


EXAMPLES = [
    # Language v1: the convolutional networks of 2012–2018.
    dict(
        name='alexnet', file='alexnet.net', **own_model(models.AlexNet2012), inputs=[image(3, 227, 227)],
        shapes={'conv1': 'features.0', 'pool1': 'features.3', 'pool2': 'features.7', 'pool5': 'features.14', 'fc6': 'classifier.1'},
    ),
    dict(
        name='vgg16', file='vgg16.net', **torchvision_model('vgg16'), inputs=[image()],
        shapes={'conv1_2': 'features.2', 'pool3': 'features.16', 'pool5': 'features.30', 'fc6': 'classifier.0'},
    ),
    dict(
        name='resnet50', file='resnet50.net', **torchvision_model('resnet50'), inputs=[image()],
        shapes={'conv1': 'conv1', 'pool1': 'maxpool', 'layer1': 'layer1', 'layer2': 'layer2', 'layer3': 'layer3', 'layer4': 'layer4'},
    ),
    dict(
        name='googlenet', file='googlenet.net',
        **torchvision_model('googlenet', aux_logits=False, init_weights=False), inputs=[image()],
        shapes={'maxpool1': 'maxpool1', 'inception3a': 'inception3a', 'inception4e': 'inception4e', 'inception5b': 'inception5b'},
    ),
    dict(
        name='mobilenet_v2', file='mobilenetv2.net', **torchvision_model('mobilenet_v2'), inputs=[image()],
        shapes={'stem': 'features.0', 'ir1': 'features.1', 'ir7': 'features.17', 'head': 'features.18'},
    ),
    dict(
        name='squeezenet1_0', file='squeezenet.net', **torchvision_model('squeezenet1_0'), inputs=[image()],
        # ceil_mode=True pools: 109 → 54 → 27 → 13
        shapes={'conv1': 'features.0', 'pool1': 'features.2', 'pool4': 'features.6', 'pool8': 'features.11', 'conv10': 'classifier.1'},
    ),
    # Language v2: the networks of today.
    dict(
        name='inception_v3', file='inception_v3.net', **torchvision_model('inception_v3', init_weights=False), inputs=[image(3, 299, 299)],
        # The auxiliary classifier runs only in training: it is run and counted, its output
        # first, as the .net file writes it.
        train=True, outputs=lambda out: (out.aux_logits, out.logits),
        shapes={'maxpool1': 'maxpool1', 'maxpool2': 'maxpool2', 'mixed_5b': 'Mixed_5b', 'mixed_6a': 'Mixed_6a', 'mixed_6e': 'Mixed_6e',
                'aux': 'AuxLogits', 'mixed_7a': 'Mixed_7a', 'mixed_7c': 'Mixed_7c'},
    ),
    dict(
        name='vit_b_16', file='vit_b_16.net', **torchvision_model('vit_b_16'), inputs=[image()],
        shapes={'patches': 'conv_proj', 'encoder': 'encoder.layers', 'norm': 'encoder.ln'},
    ),
    dict(
        name='convnext_tiny', file='convnext_tiny.net', **torchvision_model('convnext_tiny'), inputs=[image()],
        shapes={'stem': 'features.0', 'stage1': 'features.1', 'stage2': 'features.3', 'stage3': 'features.5', 'stage4': 'features.7'},
    ),
    dict(
        name='efficientnet_b0', file='efficientnet_b0.net', **torchvision_model('efficientnet_b0'), inputs=[image()],
        shapes={'stem': 'features.0', 'stage1': 'features.1', 'stage2': 'features.2', 'stage3': 'features.3', 'stage4': 'features.4',
                'stage5': 'features.5', 'stage6': 'features.6', 'stage7': 'features.7', 'head': 'features.8'},
    ),
    dict(
        name='mobilenet_v3_small', file='mobilenet_v3_small.net', **torchvision_model('mobilenet_v3_small'), inputs=[image()],
        shapes={'stem': 'features.0', 'bneck1': 'features.1', 'bneck3': 'features.3', 'bneck8': 'features.8', 'bneck11': 'features.11',
                'head': 'features.12', 'fc1': 'classifier.0'},
    ),
    dict(
        name='shufflenet_v2_x1_0', file='shufflenet_v2_x1_0.net', **torchvision_model('shufflenet_v2_x1_0'), inputs=[image()],
        shapes={'pool1': 'maxpool', 'stage2': 'stage2', 'stage3': 'stage3', 'stage4': 'stage4', 'conv5': 'conv5'},
    ),
    dict(
        name='regnet_y_400mf', file='regnet_y_400mf.net', **torchvision_model('regnet_y_400mf'), inputs=[image()],
        shapes={'stem': 'stem', 'stage1': 'trunk_output.block1', 'stage2': 'trunk_output.block2', 'stage3': 'trunk_output.block3',
                'stage4': 'trunk_output.block4'},
    ),
    dict(
        name='bert_base', file='bert_base.net', **own_model(models.Bert), inputs=[ids(128), ids(128)],
        shapes={'words': 'word_embeddings', 'types_table': 'token_type_embeddings', 'embedded': 'embedding_norm', 'encoder': 'layers',
                'pooler': 'pooler'},
    ),
    dict(
        name='gpt2_small', file='gpt2_small.net', **own_model(models.GPT2), inputs=[ids(1024)],
        shapes={'wte': 'wte', 'blocks': 'h', 'ln_f': 'ln_f', 'head': 'lm_head'},
    ),
    dict(
        name='unet', file='unet.net', **own_model(models.UNet), inputs=[image(1, 512, 512)],
        shapes={'e1': 'enc1', 'e2': 'enc2', 'e3': 'enc3', 'e4': 'enc4', 'bottom': 'bottom', 'u1': 'up1', 'u2': 'up2', 'u3': 'up3', 'u4': 'up4'},
    ),
    dict(
        name='lstm_tagger', file='lstm_tagger.net', **own_model(models.LSTMTagger), inputs=[ids(64)],
        shapes={'embed': 'embed', 'encoder': 'lstm', 'tags': 'tags'},
    ),
    dict(
        name='m5_audio', file='m5_audio.net', **own_model(models.M5), inputs=[signal(1, 16000)],
        shapes={'stage1.conv_1': 'features.0', 'stage1': 'features.3', 'stage2': 'features.7', 'stage3': 'features.11', 'stage4': 'features.15',
                'gap': 'features.17'},
    ),
]


# ---------------------------------------------------------------------------------------
# Weights, biases and extras: each learned tensor classified by the module that holds it
# and its name there.

WEIGHT, BIAS, EXTRA = 'weights', 'biases', 'extras'

_LAYER = {'weight': WEIGHT, 'bias': BIAS}
_NORM = {'weight': EXTRA, 'bias': EXTRA}
_ATTENTION = {'in_proj_weight': WEIGHT, 'q_proj_weight': WEIGHT, 'k_proj_weight': WEIGHT, 'v_proj_weight': WEIGHT, 'in_proj_bias': BIAS}
_RECURRENT = re.compile(r'^(weight|bias)_(ih|hh)_l\d+(_reverse)?$')

# Learned tensors that torchvision keeps on a module of its own, by class and name.
_HELD = {
    ('VisionTransformer', 'class_token'): WEIGHT,  # clstoken: D
    ('Encoder', 'pos_embedding'): WEIGHT,  # posembed: T·D
    ('CNBlock', 'layer_scale'): EXTRA,  # layerscale: C
}


def classify(module, name):
    """Weights, biases or extras for the tensor `name` held directly by `module`."""
    kind = None
    if isinstance(module, (nn.modules.conv._ConvNd, nn.Linear)):
        kind = _LAYER.get(name)
    elif isinstance(module, nn.Embedding):
        kind = WEIGHT if name == 'weight' else None
    elif isinstance(module, nn.MultiheadAttention):
        kind = _ATTENTION.get(name)
    elif isinstance(module, (nn.LSTM, nn.GRU)):
        match = _RECURRENT.match(name)
        kind = (WEIGHT if match.group(1) == 'weight' else BIAS) if match else None
    elif isinstance(module, (nn.modules.batchnorm._BatchNorm, nn.LayerNorm, nn.GroupNorm)):
        kind = _NORM.get(name)
    else:
        kind = _HELD.get((type(module).__name__, name))
    if kind is None:
        raise SystemExit(f'counts.py: no rule for the tensor {name!r} of {type(module).__name__}: say whether it is a weight, a bias or neither')
    return kind


def parameter_counts(model):
    totals = {WEIGHT: 0, BIAS: 0, EXTRA: 0}
    seen = set()  # a tied tensor (GPT-2's head) is counted once, where it is first held
    for module in model.modules():
        for name, tensor in module.named_parameters(recurse=False):
            if id(tensor) in seen:
                continue
            seen.add(id(tensor))
            totals[classify(module, name)] += tensor.numel()
    params = sum(p.numel() for p in model.parameters())
    assert totals[WEIGHT] + totals[BIAS] + totals[EXTRA] == params, (totals, params)
    return params, totals


# ---------------------------------------------------------------------------------------
# Connections, by forward hooks.

def _tokens(module, x):
    """The tokens of a batch-first (1, T, D) or sequence-first (T, 1, D) input of batch 1."""
    first = getattr(module, 'batch_first', False)
    assert x.dim() == 3 and x.shape[0 if first else 1] == 1, f'{type(module).__name__}: batch 1 expected, got {tuple(x.shape)}'
    return x.shape[1 if first else 0]


def connections_of(module, inputs, output):
    if isinstance(module, nn.modules.conv._ConvTransposeNd):
        return inputs[0].numel() * math.prod(module.kernel_size) * (module.out_channels // module.groups)
    if isinstance(module, nn.modules.conv._ConvNd):
        return output.numel() * (module.in_channels // module.groups) * math.prod(module.kernel_size)
    if isinstance(module, nn.Linear):
        x = inputs[0]
        return x.numel() // module.in_features * module.in_features * module.out_features
    if isinstance(module, nn.MultiheadAttention):
        # Self-attention, the only kind the examples hold: T tokens in, T out. The output
        # gives T, since a hook is not shown keyword arguments (torchvision passes query=x).
        t, d = _tokens(module, output[0]), module.embed_dim
        q = kv = module.embed_dim  # heads · head_dim; kdim = vdim = embed_dim
        return t * (d * q + 2 * d * kv + q * d) + 2 * t * t * q
    if isinstance(module, (nn.LSTM, nn.GRU)):
        weights = sum(p.numel() for n, p in module.named_parameters() if n.startswith('weight_'))
        return _tokens(module, inputs[0]) * weights
    return 0


def _shape(output):
    """An output's shape without the batch; a recurrent layer's output is its first tensor."""
    if isinstance(output, (tuple, list)):
        output = output[0]
    return list(output.shape[1:])


def run(model, inputs, shapes, pick_outputs):
    """Connections, the outputs' shapes and the named modules' output shapes, on batch 1."""
    connections = 0
    fired = set()
    named = {}
    wanted = {module_name: path for path, module_name in shapes.items()}
    modules = dict(model.named_modules())
    missing = set(wanted) - set(modules)
    assert not missing, f'no such modules: {sorted(missing)}'

    def hook(module, args, output):
        nonlocal connections
        fired.add(module)
        connections += connections_of(module, args, output)

    def shape_hook(path):
        def record(module, args, output):
            named.setdefault(path, _shape(output))  # the first call's: a shared module may run again

        return record

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    handles += [modules[name].register_forward_hook(shape_hook(path)) for name, path in wanted.items()]
    with torch.no_grad():
        outputs = model(*inputs)
    for handle in handles:
        handle.remove()
    outputs = pick_outputs(outputs) if pick_outputs else outputs if isinstance(outputs, tuple) else (outputs,)

    # Every layer with weights ran, but an attention's out_proj, which its attention counts.
    projections = {m.out_proj for m in model.modules() if isinstance(m, nn.MultiheadAttention)}
    assert not projections & fired, 'an out_proj ran as a module: its connections would be counted twice'
    idle = [n for n, m in model.named_modules() if m not in fired and m not in projections and any(True for _ in m.parameters(recurse=False))]
    assert not idle, f'layers with parameters that never ran: {idle}'
    assert set(named) == set(shapes), f'shapes not seen: {sorted(set(shapes) - set(named))}'
    return connections, [list(o.shape[1:]) for o in outputs], {path: named[path] for path in shapes}


def make_inputs(specs):
    made = []
    for kind, shape in specs:
        if kind == 'ids':
            made.append(torch.zeros((1, *shape), dtype=torch.long, device='meta'))
        else:
            made.append(torch.zeros((1, *shape), device='meta'))
    return made


def _skip_initialisation():
    """The weights' values change no count: building without drawing them saves seconds."""
    for name in dir(nn.init):
        if name.endswith('_') and not name.startswith('_'):
            setattr(nn.init, name, lambda tensor, *args, **kwargs: tensor)


def build(example):
    model = example['build']().eval()
    # A head that runs only in training (Inception-v3's aux) runs on the model's own flag;
    # its layers stay in eval mode, as batch norm on batch 1 must.
    model.training = example.get('train', False)
    return model


def count(example):
    model = build(example)
    params, split = parameter_counts(model)
    model = model.to('meta')
    connections, outputs, shapes = run(model, make_inputs(example['inputs']), example['shapes'], example.get('outputs'))
    return {
        'name': example['name'],
        'file': example['file'],
        'source': example['source'],
        'inputs': [list(shape) for _, shape in example['inputs']],
        'params': str(params),
        'weights': str(split[WEIGHT]),
        'biases': str(split[BIAS]),
        'extras': str(split[EXTRA]),
        'connections': str(connections),
        'outputs': outputs,
        'shapes': shapes,
    }


def layer_table(example):
    """Each module with parameters or connections: its output shape, parameters and connections."""
    model = build(example).to('meta')
    rows = []

    def hook(name):
        def record(module, args, output):
            direct = sum(p.numel() for p in module.parameters(recurse=False))
            macs = connections_of(module, args, output)
            if direct or macs:
                rows.append(f'{name:40} {type(module).__name__:24} {"×".join(map(str, _shape(output))):>14} {direct:>12,} {macs:>16,}')
        return record

    for name, module in model.named_modules():
        module.register_forward_hook(hook(name))
    with torch.no_grad():
        model(*make_inputs(example['inputs']))
    return '\n'.join(rows)


README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'README.md')
TABLE_START = '<!-- examples:start'
TABLE_END = '<!-- examples:end -->'


def readme_table(counted):
    """The README's table of the examples, from their counts."""
    lines = [
        f'{TABLE_START}: written by /usr/bin/python3 torch/counts.py --readme -->',
        '| example | PyTorch model | input | params | weights | connections (MACs) |',
        '|---|---|---|---:|---:|---:|',
    ]
    for e in counted:
        inputs = ', '.join('×'.join(map(str, shape)) for shape in e['inputs'])
        lines.append(f"| [{e['file']}](examples/{e['file']}) | `{e['source']}` | {inputs} | {int(e['params']):,} | {int(e['weights']):,} | {int(e['connections']):,} |")
    lines.append(TABLE_END)
    return '\n'.join(lines)


def write_readme(table):
    with open(README, encoding='utf-8') as f:
        text = f.read()
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise SystemExit(f'counts.py: README.md has no {TABLE_START} … {TABLE_END} section')
    with open(README, 'w', encoding='utf-8') as f:
        f.write(text[:start] + table + text[end + len(TABLE_END):])


def main(argv):
    warnings.simplefilter('ignore')
    torch.set_num_threads(1)
    _skip_initialisation()
    names = [a for a in argv if not a.startswith('--')]
    unknown = set(names) - {e['name'] for e in EXAMPLES}
    if unknown:
        raise SystemExit(f'counts.py: no example {sorted(unknown)}; the examples are {[e["name"] for e in EXAMPLES]}')
    chosen = [e for e in EXAMPLES if not names or e['name'] in names]
    if '--layers' in argv:
        for example in chosen:
            print(f'# {example["name"]}\n{layer_table(example)}')
        return
    counted = [count(e) for e in chosen]
    if '--readme' in argv:
        if names:
            raise SystemExit('counts.py: --readme writes the table of every example; name none')
        write_readme(readme_table(counted))
        return
    report = {'torch': torch.__version__, 'torchvision': torchvision.__version__, 'examples': counted, 'readme': readme_table(counted)}
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == '__main__':
    main(sys.argv[1:])
