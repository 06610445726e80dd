"""The example networks that torchvision does not build, written in PyTorch as the papers
and their reference code define them. Each mirrors an `examples/<name>.net` layer for layer;
counts.py builds them next to torchvision's and counts both the same way.

Sequences are batch-first (batch, tokens, features), as netlint's T×D leaves the batch out.
"""
import torch
from torch import nn


class AlexNet2012(nn.Module):
    """AlexNet as published (Krizhevsky, Sutskever & Hinton, 2012): the two-GPU layout as
    groups=2 and local response normalisation; not torchvision's single-tower variant."""

    def __init__(self, classes=1000):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(),  # conv1
            nn.LocalResponseNorm(5),  # norm1
            nn.MaxPool2d(3, stride=2),  # pool1
            nn.Conv2d(96, 256, 5, padding=2, groups=2), nn.ReLU(),  # conv2
            nn.LocalResponseNorm(5),  # norm2
            nn.MaxPool2d(3, stride=2),  # pool2
            nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(),  # conv3
            nn.Conv2d(384, 384, 3, padding=1, groups=2), nn.ReLU(),  # conv4
            nn.Conv2d(384, 256, 3, padding=1, groups=2), nn.ReLU(),  # conv5
            nn.MaxPool2d(3, stride=2),  # pool5
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(256 * 6 * 6, 4096), nn.ReLU(), nn.Dropout(0.5),  # fc6
            nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(0.5),  # fc7
            nn.Linear(4096, classes),  # fc8
            nn.Softmax(dim=1),  # prob
        )

    def forward(self, x):
        return self.classifier(self.features(x))


class BertLayer(nn.Module):
    """One post-norm encoder layer of BERT: self-attention, add, norm; feed-forward, add, norm."""

    def __init__(self, dim, heads, hidden, dropout):
        super().__init__()
        self.attention = nn.MultiheadAttention(dim, heads, dropout=dropout, batch_first=True)
        self.attention_dropout = nn.Dropout(dropout)
        self.attention_norm = nn.LayerNorm(dim, eps=1e-12)
        self.intermediate = nn.Linear(dim, hidden)
        self.output = nn.Linear(hidden, dim)
        self.output_dropout = nn.Dropout(dropout)
        self.output_norm = nn.LayerNorm(dim, eps=1e-12)

    def forward(self, x):
        a, _ = self.attention(x, x, x, need_weights=False)
        x = self.attention_norm(x + self.attention_dropout(a))
        f = self.output(nn.functional.gelu(self.intermediate(x)))
        return self.output_norm(x + self.output_dropout(f))


class Bert(nn.Module):
    """BERT-base (Devlin et al., 2018) as Hugging Face's BertModel: word, position and
    token-type embeddings, 12 post-norm layers, and the pooler on the first token."""

    def __init__(self, vocab=30522, dim=768, layers=12, heads=12, hidden=3072, max_positions=512, types=2, dropout=0.1):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, dim)
        self.position_embeddings = nn.Embedding(max_positions, dim)
        self.token_type_embeddings = nn.Embedding(types, dim)
        self.embedding_norm = nn.LayerNorm(dim, eps=1e-12)
        self.embedding_dropout = nn.Dropout(dropout)
        self.layers = nn.Sequential(*[BertLayer(dim, heads, hidden, dropout) for _ in range(layers)])
        self.pooler = nn.Linear(dim, dim)

    def forward(self, ids, types):
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings(types)
        x = self.layers(self.embedding_dropout(self.embedding_norm(x)))
        pooled = torch.tanh(self.pooler(x[:, 0]))
        return x, pooled


class GPT2Block(nn.Module):
    """A pre-norm decoder block: norm, causal self-attention, add; norm, MLP, add."""

    def __init__(self, dim, heads, dropout):
        super().__init__()
        self.ln_1 = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, dropout=dropout, batch_first=True)
        self.attn_dropout = nn.Dropout(dropout)
        self.ln_2 = nn.LayerNorm(dim)
        self.mlp_fc = nn.Linear(dim, 4 * dim)
        self.mlp_proj = nn.Linear(4 * dim, dim)
        self.mlp_dropout = nn.Dropout(dropout)

    def forward(self, x):
        t = x.shape[1]
        causal = torch.triu(torch.full((t, t), float('-inf'), device=x.device), diagonal=1)
        h = self.ln_1(x)
        a, _ = self.attn(h, h, h, attn_mask=causal, need_weights=False)
        x = x + self.attn_dropout(a)
        m = self.mlp_proj(nn.functional.gelu(self.mlp_fc(self.ln_2(x))))
        return x + self.mlp_dropout(m)


class GPT2(nn.Module):
    """GPT-2 small (Radford et al., 2019) as Hugging Face's GPT2LMHeadModel: token and
    position tables, 12 pre-norm blocks, a final norm, and a head tied to the token table.
    c_attn (768 → 2304, bias) and c_proj are nn.MultiheadAttention's in_proj and out_proj."""

    def __init__(self, vocab=50257, dim=768, layers=12, heads=12, context=1024, dropout=0.1):
        super().__init__()
        self.wte = nn.Embedding(vocab, dim)
        self.wpe = nn.Embedding(context, dim)
        self.drop = nn.Dropout(dropout)
        self.h = nn.Sequential(*[GPT2Block(dim, heads, dropout) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(dim)
        self.lm_head = nn.Linear(dim, vocab, bias=False)
        self.lm_head.weight = self.wte.weight

    def forward(self, ids):
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.drop(self.wte(ids) + self.wpe(positions))
        return self.lm_head(self.ln_f(self.h(x)))


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(),
        nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(),
    )


class UNetUp(nn.Module):
    """A decoder step: a 2×2 transposed conv of stride 2 halves the channels and doubles the
    size, the encoder's map of that size is concatenated, two 3×3 convs follow."""

    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.conv = double_conv(2 * cout, cout)

    def forward(self, x, skip):
        return self.conv(torch.cat([self.up(x), skip], dim=1))


class UNet(nn.Module):
    """U-Net (Ronneberger, Fischer & Brox, 2015) with padded 3×3 convs, so that the skips
    need no crop: 64 … 1024 channels, four 2×2 max pools, four up-convolutions, a 1×1
    classifier. Without batch normalisation, as in the paper."""

    def __init__(self, channels=1, classes=2):
        super().__init__()
        self.enc1 = double_conv(channels, 64)
        self.enc2 = double_conv(64, 128)
        self.enc3 = double_conv(128, 256)
        self.enc4 = double_conv(256, 512)
        self.bottom = double_conv(512, 1024)
        self.pool = nn.MaxPool2d(2)
        self.up1 = UNetUp(1024, 512)
        self.up2 = UNetUp(512, 256)
        self.up3 = UNetUp(256, 128)
        self.up4 = UNetUp(128, 64)
        self.head = nn.Conv2d(64, classes, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool(e1))
        e3 = self.enc3(self.pool(e2))
        e4 = self.enc4(self.pool(e3))
        b = self.bottom(self.pool(e4))
        return self.head(self.up4(self.up3(self.up2(self.up1(b, e4), e3), e2), e1))


class LSTMTagger(nn.Module):
    """A sequence tagger (as in Lample et al., 2016, without the CRF): word embeddings, a
    two-layer bidirectional LSTM, and a dense layer per token over the tag set."""

    def __init__(self, vocab=20000, dim=128, hidden=256, layers=2, tags=17, dropout=0.5):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, num_layers=layers, bidirectional=True, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.tags = nn.Linear(2 * hidden, tags)

    def forward(self, ids):
        x, _ = self.lstm(self.embed(ids))
        return self.tags(self.drop(x))


class M5(nn.Module):
    """M5 (Dai, Dai, Qu, Li & Das, 2017, "Very deep convolutional neural networks for raw
    waveforms"), as torchaudio's speech-commands tutorial builds it: 1-D convs on a second of
    16 kHz audio, batch norm, max pools, a global average pool and a linear classifier."""

    def __init__(self, channels=32, classes=35):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(1, channels, 80, stride=16), nn.BatchNorm1d(channels), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(channels, channels, 3), nn.BatchNorm1d(channels), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(channels, 2 * channels, 3), nn.BatchNorm1d(2 * channels), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(2 * channels, 2 * channels, 3), nn.BatchNorm1d(2 * channels), nn.ReLU(), nn.MaxPool1d(4),
            nn.AdaptiveAvgPool1d(1), nn.Flatten(),
        )
        self.fc = nn.Linear(2 * channels, classes)

    def forward(self, x):
        return self.fc(self.features(x))
