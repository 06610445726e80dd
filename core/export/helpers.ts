/**
 * Small modules and functions the generated code defines for itself, where PyTorch 1.13
 * has none that does the op (or none that trains): written once at the top of the module,
 * before the classes, in the order below, and only when a layer uses them. Each needs
 * only torch, never torchvision.
 */

/** A helper class or function: its Python source, and whether that source uses `torch.`. */
interface Helper {
  readonly lines: readonly string[];
  readonly usesTorch: boolean;
}

/** The helpers, in the order the module writes them; an emitter names those it uses (`Emitted.helpers`). */
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
  // Language v2's sequences: a causal mask, and the modules PyTorch 1.13's nn has not.
  causal_mask: {
    usesTorch: true,
    lines: [
      'def causal_mask(x):',
      '    """True above the diagonal: token i attends to tokens 0 to i only."""',
      '    n = x.shape[1]',
      '    return torch.ones(n, n, dtype=torch.bool, device=x.device).triu(1)',
    ],
  },
  RMSNorm: {
    usesTorch: true,
    lines: [
      'class RMSNorm(nn.Module):',
      '    """Root-mean-square normalisation over the last size: a learned scale per',
      '    feature and no shift (PyTorch 1.13 has no nn.RMSNorm).',
      '    """',
      '',
      '    def __init__(self, features, eps=1e-6):',
      '        super().__init__()',
      '        self.eps = eps',
      '        self.weight = nn.Parameter(torch.ones(features))',
      '',
      '    def forward(self, x):',
      '        scale = x.pow(2).mean(-1, keepdim=True).add(self.eps).rsqrt()',
      '        return x * scale * self.weight',
    ],
  },
  GroupedQueryAttention: {
    usesTorch: true,
    lines: [
      'class GroupedQueryAttention(nn.Module):',
      '    """Self-attention whose query heads share fewer key and value heads',
      '    (grouped-query attention), or whose heads are not dim / heads wide: PyTorch',
      "    1.13's nn.MultiheadAttention does neither. Its parameters are the query,",
      '    key, value and output projections.',
      '    """',
      '',
      '    def __init__(self, dim, heads, kv_heads, head_dim, bias=True,',
      '                 causal=False):',
      '        super().__init__()',
      '        self.heads = heads',
      '        self.kv_heads = kv_heads',
      '        self.head_dim = head_dim',
      '        self.causal = causal',
      '        self.q_proj = nn.Linear(dim, heads * head_dim, bias=bias)',
      '        self.k_proj = nn.Linear(dim, kv_heads * head_dim, bias=bias)',
      '        self.v_proj = nn.Linear(dim, kv_heads * head_dim, bias=bias)',
      '        self.out_proj = nn.Linear(heads * head_dim, dim, bias=bias)',
      '',
      '    def forward(self, x):',
      '        batch, tokens, _ = x.shape',
      '        q = self.q_proj(x).view(batch, tokens, self.heads, self.head_dim)',
      '        k = self.k_proj(x).view(batch, tokens, self.kv_heads, self.head_dim)',
      '        v = self.v_proj(x).view(batch, tokens, self.kv_heads, self.head_dim)',
      '        # Each key and value head serves heads // kv_heads query heads.',
      '        k = k.repeat_interleave(self.heads // self.kv_heads, dim=2)',
      '        v = v.repeat_interleave(self.heads // self.kv_heads, dim=2)',
      '        q, k, v = (t.transpose(1, 2) for t in (q, k, v))',
      '        scores = q @ k.transpose(2, 3) / self.head_dim**0.5',
      '        if self.causal:',
      "            scores = scores.masked_fill(causal_mask(x), float('-inf'))",
      '        out = scores.softmax(-1) @ v',
      '        return self.out_proj(out.transpose(1, 2).reshape(batch, tokens, -1))',
    ],
  },
} satisfies Record<string, Helper>;

export type HelperName = keyof typeof HELPERS;
