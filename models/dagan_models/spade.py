"""SPADE decoder of SPADEDepthAwareGenerator, with inference-only spectral normalisation.

Spectrally normalised convolutions keep the checkpoint layout of torch.nn.utils.spectral_norm
(`weight_orig`, `weight_u`, `weight_v`, plus `bias`) so official files load strictly; at inference
the effective weight is W = weight_orig / (u . (W_mat v)) with W_mat = weight_orig reshaped to
(out, -1), exactly what spectral_norm computes in eval mode (no power iteration).
"""
from __future__ import annotations

import copy

import torch
import torch.nn.functional as F
from torch import nn

from .config import GeneratorConfig


def fold_spectral_weight(weight_orig: torch.Tensor, u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Plain weight equal to spectral_norm's eval-mode weight."""
    sigma = torch.dot(u, torch.mv(weight_orig.reshape(weight_orig.shape[0], -1), v))
    return weight_orig / sigma


class SpectralConv2d(nn.Module):
    """Conv2d whose weight is stored spectrally normalised (inference only)."""

    def __init__(self, fin: int, fout: int, kernel_size: int, padding: int = 0, bias: bool = True):
        super().__init__()
        self.padding = padding
        # registration order matches spectral_norm's: bias, weight_orig, then the u/v buffers
        if bias:
            self.bias = nn.Parameter(torch.zeros(fout))
        else:
            self.register_parameter("bias", None)
        self.weight_orig = nn.Parameter(torch.empty(fout, fin, kernel_size, kernel_size))
        nn.init.kaiming_uniform_(self.weight_orig, a=5 ** 0.5)
        fan = fin * kernel_size * kernel_size
        self.register_buffer("weight_u", F.normalize(torch.ones(fout), dim=0))
        self.register_buffer("weight_v", F.normalize(torch.ones(fan), dim=0))

    def weight(self) -> torch.Tensor:
        return fold_spectral_weight(self.weight_orig, self.weight_u, self.weight_v)

    def forward(self, x):
        return F.conv2d(x, self.weight(), self.bias, padding=self.padding)

    def to_plain_conv(self) -> nn.Conv2d:
        """An ordinary Conv2d with the folded weight (used before ONNX export)."""
        w = self.weight().detach()
        conv = nn.Conv2d(w.shape[1], w.shape[0], w.shape[2], padding=self.padding, bias=self.bias is not None)
        with torch.no_grad():
            conv.weight.copy_(w)
            if self.bias is not None:
                conv.bias.copy_(self.bias.detach())
        return conv.to(w.dtype)


def fold_spectral_norm(module: nn.Module) -> nn.Module:
    """Copy of `module` with every SpectralConv2d replaced by a plain Conv2d."""
    module = copy.deepcopy(module)
    for name, child in list(module.named_modules()):
        for attr, sub in list(child.named_children()):
            if isinstance(sub, SpectralConv2d):
                setattr(child, attr, sub.to_plain_conv())
    return module


class SPADE(nn.Module):
    """Instance norm modulated per pixel by gamma/beta predicted from a segmentation-like map."""

    def __init__(self, norm_nc: int, label_nc: int, hidden: int):
        super().__init__()
        self.mlp_shared = nn.Sequential(nn.Conv2d(label_nc, hidden, kernel_size=3, padding=1), nn.ReLU())
        self.mlp_gamma = nn.Conv2d(hidden, norm_nc, kernel_size=3, padding=1)
        self.mlp_beta = nn.Conv2d(hidden, norm_nc, kernel_size=3, padding=1)

    def forward(self, x, segmap):
        normalized = F.instance_norm(x, eps=1e-5)
        seg = F.interpolate(segmap, size=x.shape[2:], mode="nearest")
        actv = self.mlp_shared(seg)
        return normalized * (1 + self.mlp_gamma(actv)) + self.mlp_beta(actv)


class SPADEResBlock(nn.Module):
    def __init__(self, fin: int, fout: int, label_nc: int, hidden: int):
        super().__init__()
        self.learned_shortcut = fin != fout
        fmiddle = min(fin, fout)
        self.conv_0 = SpectralConv2d(fin, fmiddle, kernel_size=3, padding=1)
        self.conv_1 = SpectralConv2d(fmiddle, fout, kernel_size=3, padding=1)
        if self.learned_shortcut:
            self.conv_s = SpectralConv2d(fin, fout, kernel_size=1, bias=False)
        self.norm_0 = SPADE(fin, label_nc, hidden)
        self.norm_1 = SPADE(fmiddle, label_nc, hidden)
        if self.learned_shortcut:
            self.norm_s = SPADE(fin, label_nc, hidden)

    def forward(self, x, seg):
        x_s = self.conv_s(self.norm_s(x, seg)) if self.learned_shortcut else x
        dx = self.conv_0(F.leaky_relu(self.norm_0(x, seg), 0.2))
        dx = self.conv_1(F.leaky_relu(self.norm_1(dx, seg), 0.2))
        return x_s + dx


class SPADEDecoder(nn.Module):
    """Attended features (N, C, 64, 64) + occluded deformed source (N, 3, 256, 256) -> image."""

    def __init__(self, config: GeneratorConfig):
        super().__init__()
        ic = config.feature_channels
        oc = config.block_expansion
        label_nc = config.num_channels + config.spade_compress
        hidden = config.spade_hidden
        self.compress = nn.Conv2d(ic, config.spade_compress, 3, padding=1)
        self.fc = nn.Conv2d(ic, 2 * ic, 3, padding=1)
        for i in range(config.spade_middle_blocks):
            self.add_module(f"G_middle_{i}", SPADEResBlock(2 * ic, 2 * ic, label_nc, hidden))
        self.middle_blocks = config.spade_middle_blocks
        self.up_0 = SPADEResBlock(2 * ic, ic, label_nc, hidden)
        self.up_1 = SPADEResBlock(ic, oc, label_nc, hidden)
        self.conv_img = nn.Conv2d(oc, config.num_channels, 3, padding=1)

    def forward(self, feature, image):
        compressed = self.compress(feature)
        seg = torch.cat([F.interpolate(compressed, size=image.shape[2:], mode="nearest"), image], dim=1)
        x = self.fc(feature)
        for i in range(self.middle_blocks):
            x = getattr(self, f"G_middle_{i}")(x, seg)
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        x = self.up_0(x, seg)
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        x = self.up_1(x, seg)
        x = self.conv_img(F.leaky_relu(x, 0.2))
        return torch.sigmoid(x)
