"""The default conditional GAN of plugins/gan, written in PyTorch as a user would write it.

Layer for layer what io.synthaug.plugins.gan.ConditionalGenerator and ConditionalDiscriminator
compute (see their javadoc), with b = base channels, c0 = 4b, c1 = 2b, c2 = b, s0 = size / 4:

  G(z, y): Linear(zDim, c0*s0*s0) + embed[y] -> reshape (c0, s0, s0) -> BatchNorm -> ReLU
           -> nearest x2 -> Conv3x3(c0, c1, no bias) -> BatchNorm -> ReLU
           -> nearest x2 -> Conv3x3(c1, c2, no bias) -> BatchNorm -> ReLU
           -> Conv3x3(c2, channels, bias) -> tanh
  D(x, y): 3 x [Conv3x3 stride 2 padding 1 (bias) -> LeakyReLU(0.2)] to b, 2b, 4b channels,
           flatten to f, score = Linear(f, 1) + <embed[y], f>   (projection discriminator)

The Java side builds the label term as one-hot x embed; here it is an nn.Embedding lookup, the
same values. Parameter names map to the Java names in JAVA_NAMES, so weights exported from
Java (bench/peers/gan_sample.py) load one to one.
"""

import json

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LEAKY_SLOPE = 0.2


class Generator(nn.Module):
    def __init__(self, z_dim, base, size, channels, classes):
        super().__init__()
        c0, c1, c2 = 4 * base, 2 * base, base
        self.c0 = c0
        self.s0 = size // 4
        dense = c0 * self.s0 * self.s0
        self.fc = nn.Linear(z_dim, dense)
        self.embed = nn.Embedding(classes, dense)
        self.bn0 = nn.BatchNorm2d(c0)
        self.conv1 = nn.Conv2d(c0, c1, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c1)
        self.conv2 = nn.Conv2d(c1, c2, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c2)
        self.out = nn.Conv2d(c2, channels, 3, padding=1)

    def forward(self, z, y):
        h = (self.fc(z) + self.embed(y)).view(-1, self.c0, self.s0, self.s0)
        h = F.relu(self.bn0(h))
        h = F.relu(self.bn1(self.conv1(F.interpolate(h, scale_factor=2, mode="nearest"))))
        h = F.relu(self.bn2(self.conv2(F.interpolate(h, scale_factor=2, mode="nearest"))))
        return torch.tanh(self.out(h))


class Discriminator(nn.Module):
    def __init__(self, base, size, channels, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, base, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(base, 2 * base, 3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(2 * base, 4 * base, 3, stride=2, padding=1)
        grid = size
        for _ in range(3):
            grid = (grid + 1) // 2
        features = 4 * base * grid * grid
        self.fc = nn.Linear(features, 1)
        self.embed = nn.Embedding(classes, features)

    def forward(self, x, y):
        h = F.leaky_relu(self.conv1(x), LEAKY_SLOPE)
        h = F.leaky_relu(self.conv2(h), LEAKY_SLOPE)
        h = F.leaky_relu(self.conv3(h), LEAKY_SLOPE)
        f = h.flatten(1)
        return self.fc(f).squeeze(1) + (f * self.embed(y)).sum(1)


def dcgan_init(module, generator):
    """N(0, 0.02) weights, zero biases, batch norms at (1, 0): what the Java trainer starts from."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear, nn.Embedding)):
                m.weight.normal_(0.0, 0.02, generator=generator)
                if getattr(m, "bias", None) is not None:
                    m.bias.zero_()


# Java parameter name -> (PyTorch state_dict name) for the generator.
JAVA_NAMES = {
    "fc.weight": "fc.weight", "fc.bias": "fc.bias", "embed": "embed.weight",
    "conv1.weight": "conv1.weight", "conv2.weight": "conv2.weight",
    "out.weight": "out.weight", "out.bias": "out.bias",
}
for _bn in ("bn0", "bn1", "bn2"):
    JAVA_NAMES.update({_bn + ".gamma": _bn + ".weight", _bn + ".beta": _bn + ".bias",
                       _bn + ".runningMean": _bn + ".running_mean", _bn + ".runningVar": _bn + ".running_var"})


def load_java_weights(module, index_file, data_file):
    """Loads weights the Java harness wrote: a JSON index (name, shape, offset in floats) and
    one little-endian float32 file."""
    with open(index_file) as f:
        index = json.load(f)
    values = np.fromfile(data_file, dtype="<f4")
    state = module.state_dict()
    seen = set()
    for entry in index:
        name = JAVA_NAMES[entry["name"]]
        count = int(np.prod(entry["shape"]))
        t = torch.from_numpy(values[entry["offset"]:entry["offset"] + count].copy()).view(entry["shape"])
        if tuple(state[name].shape) != tuple(t.shape):
            raise ValueError("%s: Java shape %s, PyTorch shape %s" % (name, tuple(t.shape), tuple(state[name].shape)))
        state[name].copy_(t)
        seen.add(name)
    missing = [k for k in state if k not in seen and not k.endswith("num_batches_tracked")]
    if missing:
        raise ValueError("no Java values for " + ", ".join(missing))


def count_parameters(module):
    return sum(p.numel() for p in module.parameters())


def set_threads(n):
    """Intra-op threads for ATen/oneDNN (OpenMP); no inter-op pool is used by these models."""
    torch.set_num_threads(n)
    return torch.get_num_threads()
