"""Face-depth network: monodepth2-style ResNet encoder + disparity decoder.

Key names match the released `encoder.pth` (`encoder.conv1.*`, `encoder.layerN.M.*`, `encoder.fc.*`)
and `depth.pth` (`decoder.0..13.*`). Only the full-resolution disparity ("disp", 0) is used by
DaGAN, so the decoder computes just that one; the other three disparity heads are kept as weights.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .config import RESNET_LAYOUTS, DepthConfig

IMAGENET_MEAN = 0.45
IMAGENET_STD = 0.225


def _conv3x3(fin, fout, stride=1):
    return nn.Conv2d(fin, fout, kernel_size=3, stride=stride, padding=1, bias=False)


def _conv1x1(fin, fout, stride=1):
    return nn.Conv2d(fin, fout, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, fin, width, stride=1, downsample=None):
        super().__init__()
        self.conv1 = _conv3x3(fin, width, stride)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = _conv3x3(width, width)
        self.bn2 = nn.BatchNorm2d(width)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + identity)


class Bottleneck(nn.Module):
    """ResNet v1.5 bottleneck: the stride sits on the 3x3 convolution."""
    expansion = 4

    def __init__(self, fin, width, stride=1, downsample=None):
        super().__init__()
        self.conv1 = _conv1x1(fin, width)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = _conv3x3(width, width, stride)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = _conv1x1(width, width * self.expansion)
        self.bn3 = nn.BatchNorm2d(width * self.expansion)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return F.relu(out + identity)


class ResNet(nn.Module):
    """ResNet trunk with the classic attribute names (conv1, bn1, layer1..4, fc)."""

    def __init__(self, config: DepthConfig):
        super().__init__()
        kind, counts = RESNET_LAYOUTS[config.num_layers]
        block = Bottleneck if kind == "bottleneck" else BasicBlock
        w = config.base_width
        self.conv1 = nn.Conv2d(3, w, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(w)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        fin = w
        layers = []
        for stage, count in enumerate(counts):
            width = w * 2 ** stage
            stride = 1 if stage == 0 else 2
            blocks = []
            for i in range(count):
                downsample = None
                if i == 0 and (stride != 1 or fin != width * block.expansion):
                    downsample = nn.Sequential(_conv1x1(fin, width * block.expansion, stride),
                                               nn.BatchNorm2d(width * block.expansion))
                blocks.append(block(fin, width, stride if i == 0 else 1, downsample))
                fin = width * block.expansion
            layers.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.fc = nn.Linear(fin, config.fc_classes)


class DepthEncoder(nn.Module):
    """Normalises the image and returns the five ResNet feature maps (strides 2, 4, 8, 16, 32)."""

    def __init__(self, config: DepthConfig):
        super().__init__()
        self.config = config
        self.encoder = ResNet(config)

    def forward(self, image):
        x = (image - IMAGENET_MEAN) / IMAGENET_STD
        e = self.encoder
        f0 = F.relu(e.bn1(e.conv1(x)))
        f1 = e.layer1(e.maxpool(f0))
        f2 = e.layer2(f1)
        f3 = e.layer3(f2)
        f4 = e.layer4(f3)
        return [f0, f1, f2, f3, f4]


class ReflectConv3x3(nn.Module):
    """Reflection pad 1 then 3x3 convolution (attribute `conv`, as in the released decoder)."""

    def __init__(self, fin, fout):
        super().__init__()
        self.conv = nn.Conv2d(int(fin), int(fout), 3)

    def forward(self, x):
        return self.conv(F.pad(x, (1, 1, 1, 1), mode="reflect"))


class ConvBlock(nn.Module):
    """Reflect-padded 3x3 convolution followed by ELU."""

    def __init__(self, fin, fout):
        super().__init__()
        self.conv = ReflectConv3x3(fin, fout)

    def forward(self, x):
        return F.elu(self.conv(x))


class DepthDecoder(nn.Module):
    """Skip-connected upsampling decoder; `decoder.0..9` are the ConvBlocks for levels 4..0
    (two per level), `decoder.10..13` the disparity heads for scales 0..3."""

    def __init__(self, config: DepthConfig, num_scales: int = 4):
        super().__init__()
        enc = config.encoder_channels
        dec = config.decoder_channels
        blocks = []
        for i in range(4, -1, -1):
            fin = enc[-1] if i == 4 else dec[i + 1]
            blocks.append(ConvBlock(fin, dec[i]))
            fin = dec[i] + (enc[i - 1] if i > 0 else 0)
            blocks.append(ConvBlock(fin, dec[i]))
        for s in range(num_scales):
            blocks.append(ReflectConv3x3(dec[s], 1))
        self.decoder = nn.ModuleList(blocks)

    def forward(self, features):
        """Full-resolution disparity in [0, 1], (N, 1, H, W)."""
        x = features[-1]
        for level, i in enumerate(range(4, -1, -1)):
            x = self.decoder[2 * level](x)
            x = F.interpolate(x, scale_factor=2.0, mode="nearest")
            if i > 0:
                x = torch.cat([x, features[i - 1]], dim=1)
            x = self.decoder[2 * level + 1](x)
        return torch.sigmoid(self.decoder[10](x))


class DepthNetwork(nn.Module):
    """Image (N, 3, H, W) in [0, 1] -> disparity (N, 1, H, W) in [0, 1], DaGAN's "depth"."""

    def __init__(self, config: DepthConfig):
        super().__init__()
        self.encoder = DepthEncoder(config)
        self.decoder = DepthDecoder(config)

    def forward(self, image):
        return self.decoder(self.encoder(image))
