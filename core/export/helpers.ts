/**
 * Small modules the generated code defines for itself, where PyTorch 1.13 has none that
 * does the op (or none that trains): written once at the top of the module, before the
 * classes, and only when a layer uses them. Each needs only torch, never torchvision.
 */

/** A helper class: its Python source, and whether that source uses `torch.`. */
interface Helper {
  readonly lines: readonly string[];
  readonly usesTorch: boolean;
}

/** The helpers, in the order the module writes them; an emitter names the one it uses (`Emitted.helper`). */
export const HELPERS = {
  // torchvision's LayerNorm2d (ConvNeXt) is this, with the channels moved last and back.
  LayerNorm2d: {
    usesTorch: false,
    lines: [
      'class LayerNorm2d(nn.LayerNorm):',
      '    """nn.LayerNorm over the channels at each position of a map (ConvNeXt\'s).',
      '',
      '    bias=False leaves out the shift, which nn.LayerNorm of PyTorch 1.13 cannot.',
      '    """',
      '',
      '    def __init__(self, channels, bias=True):',
      '        super().__init__(channels)',
      '        if not bias:',
      '            self.bias = None',
      '',
      '    def forward(self, x):',
      '        x = super().forward(x.permute(0, 2, 3, 1))',
      '        return x.permute(0, 3, 1, 2)',
    ],
  },
  LayerScale: {
    usesTorch: true,
    lines: [
      'class LayerScale(nn.Module):',
      '    """A learned scale per channel (shape C x 1 x 1 on a map) or per feature.',
      '',
      "    It starts at 1e-6, as torchvision's ConvNeXt does.",
      '    """',
      '',
      '    def __init__(self, shape, init=1e-6):',
      '        super().__init__()',
      '        self.scale = nn.Parameter(init * torch.ones(shape))',
      '',
      '    def forward(self, x):',
      '        return x * self.scale',
    ],
  },
  DropPath: {
    usesTorch: true,
    lines: [
      'class DropPath(nn.Module):',
      '    """Stochastic depth, as torchvision.ops.StochasticDepth(p, "row").',
      '',
      "    In training, each sample's path is dropped with probability p and the",
      '    others are scaled by 1 / (1 - p); in eval, the identity.',
      '    """',
      '',
      '    def __init__(self, p):',
      '        super().__init__()',
      '        self.p = p',
      '',
      '    def forward(self, x):',
      '        if not self.training or self.p == 0.0:',
      '            return x',
      '        keep = 1.0 - self.p',
      '        shape = (x.shape[0],) + (1,) * (x.dim() - 1)',
      '        mask = torch.empty(shape, dtype=x.dtype, device=x.device)',
      '        mask.bernoulli_(keep)',
      '        if keep > 0.0:',
      '            mask.div_(keep)',
      '        return x * mask',
    ],
  },
  // nn.ChannelShuffle exists in PyTorch 1.13 but has no backward: it cannot train.
  ChannelShuffle: {
    usesTorch: false,
    lines: [
      'class ChannelShuffle(nn.Module):',
      '    """Interleaves the channels of its groups (ShuffleNet V2)."""',
      '',
      '    def __init__(self, groups):',
      '        super().__init__()',
      '        self.groups = groups',
      '',
      '    def forward(self, x):',
      '        n, c = x.shape[:2]',
      '        x = x.view(n, self.groups, c // self.groups, *x.shape[2:])',
      '        return x.transpose(1, 2).reshape(n, c, *x.shape[3:])',
    ],
  },
} satisfies Record<string, Helper>;

export type HelperName = keyof typeof HELPERS;
