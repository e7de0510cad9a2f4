"""Building blocks shared by the keypoint detector, dense motion network and generators.

Module attribute names follow the released DaGAN code so that state_dict keys match the
official checkpoints exactly (see models/keys).
"""
from __future__ import annotations

from typing import List

import torch
import torch.nn.functional as F
from torch import nn


def coordinate_grid(height: int, width: int, dtype: torch.dtype = torch.float32,
                    device=None) -> torch.Tensor:
    """(height, width, 2) grid of normalised coordinates in [-1, 1], last dim ordered (x, y).

    Computed as 2 * (i / (n - 1)) - 1 in the working dtype, the same operation order as the
    released code, so float32 results agree bit for bit.
    """
    x = torch.arange(width, dtype=dtype, device=device)
    y = torch.arange(height, dtype=dtype, device=device)
    x = 2 * (x / (width - 1)) - 1
    y = 2 * (y / (height - 1)) - 1
    xx = x.view(1, width).expand(height, width)
    yy = y.view(height, 1).expand(height, width)
    return torch.stack([xx, yy], dim=2)


def keypoint_gaussians(kp_value: torch.Tensor, height: int, width: int, kp_variance: float) -> torch.Tensor:
    """Gaussian blob per keypoint: exp(-0.5 * |z - kp|^2 / variance), (N, K, H, W)."""
    grid = coordinate_grid(height, width, kp_value.dtype, kp_value.device)
    diff = grid.view(1, 1, height, width, 2) - kp_value.unsqueeze(2).unsqueeze(2)
    return torch.exp(-0.5 * (diff ** 2).sum(-1) / kp_variance)


class SameBlock2d(nn.Module):
    """conv -> batch norm -> ReLU, spatial size kept."""

    def __init__(self, in_features: int, out_features: int, kernel_size: int = 3, padding: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(in_features, out_features, kernel_size=kernel_size, padding=padding)
        self.norm = nn.BatchNorm2d(out_features, affine=True)

    def forward(self, x):
        return F.relu(self.norm(self.conv(x)))


class DownBlock2d(nn.Module):
    """conv3x3 -> batch norm -> ReLU -> 2x2 average pool."""

    def __init__(self, in_features: int, out_features: int, kernel_size: int = 3, padding: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(in_features, out_features, kernel_size=kernel_size, padding=padding)
        self.norm = nn.BatchNorm2d(out_features, affine=True)
        self.pool = nn.AvgPool2d(kernel_size=(2, 2))

    def forward(self, x):
        return self.pool(F.relu(self.norm(self.conv(x))))


class UpBlock2d(nn.Module):
    """nearest x2 upsample -> conv3x3 -> batch norm -> ReLU."""

    def __init__(self, in_features: int, out_features: int, kernel_size: int = 3, padding: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(in_features, out_features, kernel_size=kernel_size, padding=padding)
        self.norm = nn.BatchNorm2d(out_features, affine=True)

    def forward(self, x):
        out = F.interpolate(x, scale_factor=2.0, mode="nearest")
        return F.relu(self.norm(self.conv(out)))


class ResBlock2d(nn.Module):
    """Pre-activation residual block: BN, ReLU, conv, BN, ReLU, conv, + input."""

    def __init__(self, features: int, kernel_size: int = 3, padding: int = 1):
        super().__init__()
        # registration order (conv1, conv2, norm1, norm2) fixes the state_dict key order
        self.conv1 = nn.Conv2d(features, features, kernel_size=kernel_size, padding=padding)
        self.conv2 = nn.Conv2d(features, features, kernel_size=kernel_size, padding=padding)
        self.norm1 = nn.BatchNorm2d(features, affine=True)
        self.norm2 = nn.BatchNorm2d(features, affine=True)

    def forward(self, x):
        out = self.conv1(F.relu(self.norm1(x)))
        out = self.conv2(F.relu(self.norm2(out)))
        return out + x


def _hourglass_width(block_expansion: int, max_features: int, level: int) -> int:
    return min(max_features, block_expansion * 2 ** level)


class HourglassEncoder(nn.Module):
    def __init__(self, block_expansion: int, in_features: int, num_blocks: int, max_features: int):
        super().__init__()
        blocks = []
        for i in range(num_blocks):
            fin = in_features if i == 0 else _hourglass_width(block_expansion, max_features, i)
            blocks.append(DownBlock2d(fin, _hourglass_width(block_expansion, max_features, i + 1)))
        self.down_blocks = nn.ModuleList(blocks)

    def forward(self, x) -> List[torch.Tensor]:
        outs = [x]
        for block in self.down_blocks:
            outs.append(block(outs[-1]))
        return outs


class HourglassDecoder(nn.Module):
    def __init__(self, block_expansion: int, in_features: int, num_blocks: int, max_features: int):
        super().__init__()
        blocks = []
        for i in reversed(range(num_blocks)):
            skip_factor = 1 if i == num_blocks - 1 else 2
            fin = skip_factor * _hourglass_width(block_expansion, max_features, i + 1)
            blocks.append(UpBlock2d(fin, _hourglass_width(block_expansion, max_features, i)))
        self.up_blocks = nn.ModuleList(blocks)
        self.out_filters = block_expansion + in_features

    def forward(self, features: List[torch.Tensor]) -> torch.Tensor:
        out = features[-1]
        for i, block in enumerate(self.up_blocks):
            out = block(out)
            out = torch.cat([out, features[-(i + 2)]], dim=1)
        return out


class Hourglass(nn.Module):
    """U-Net style encoder/decoder; output has block_expansion + in_features channels."""

    def __init__(self, block_expansion: int, in_features: int, num_blocks: int = 3, max_features: int = 256):
        super().__init__()
        self.encoder = HourglassEncoder(block_expansion, in_features, num_blocks, max_features)
        self.decoder = HourglassDecoder(block_expansion, in_features, num_blocks, max_features)
        self.out_filters = self.decoder.out_filters

    def forward(self, x):
        return self.decoder(self.encoder(x))


def gaussian_kernel(scale: float) -> torch.Tensor:
    """Normalised 2-D Gaussian used for anti-aliased downsampling by `scale` (sigma = (1/scale - 1)/2)."""
    sigma = (1 / scale - 1) / 2
    size = 2 * round(sigma * 4) + 1
    coords = torch.arange(size, dtype=torch.float32)
    mean = (size - 1) / 2
    g = torch.exp(-(coords - mean) ** 2 / (2 * sigma ** 2))
    kernel = g.view(size, 1) * g.view(1, size)
    return kernel / torch.sum(kernel)


class AntiAliasDownsample(nn.Module):
    """Gaussian blur (depthwise, zero padding) then keep every (1/scale)-th pixel.

    The kernel is a persistent buffer named `weight`, as in the official state_dicts.
    """

    def __init__(self, channels: int, scale: float):
        super().__init__()
        kernel = gaussian_kernel(scale)
        size = kernel.shape[0]
        self.pad_before = size // 2
        self.pad_after = self.pad_before - 1 if size % 2 == 0 else self.pad_before
        self.register_buffer("weight", kernel.view(1, 1, size, size).repeat(channels, 1, 1, 1).contiguous())
        self.groups = channels
        self.step = int(1 / scale)

    def forward(self, x):
        out = F.pad(x, (self.pad_before, self.pad_after, self.pad_before, self.pad_after))
        out = F.conv2d(out, weight=self.weight, groups=self.groups)
        return out[:, :, ::self.step, ::self.step]


def inverse_2x2(matrix: torch.Tensor) -> torch.Tensor:
    """Closed-form inverse of (..., 2, 2) matrices (torch.inverse does not export to ONNX)."""
    a = matrix[..., 0, 0]
    b = matrix[..., 0, 1]
    c = matrix[..., 1, 0]
    d = matrix[..., 1, 1]
    det = a * d - b * c
    row0 = torch.stack([d / det, -b / det], dim=-1)
    row1 = torch.stack([-c / det, a / det], dim=-1)
    return torch.stack([row0, row1], dim=-2)


def matmul_2x2(left: torch.Tensor, right: torch.Tensor) -> torch.Tensor:
    """Product of (..., 2, 2) matrices written out elementwise (exports as plain Mul/Add)."""
    l00, l01, l10, l11 = left[..., 0, 0], left[..., 0, 1], left[..., 1, 0], left[..., 1, 1]
    r00, r01, r10, r11 = right[..., 0, 0], right[..., 0, 1], right[..., 1, 0], right[..., 1, 1]
    row0 = torch.stack([l00 * r00 + l01 * r10, l00 * r01 + l01 * r11], dim=-1)
    row1 = torch.stack([l10 * r00 + l11 * r10, l10 * r01 + l11 * r11], dim=-1)
    return torch.stack([row0, row1], dim=-2)


def warp(inp: torch.Tensor, deformation: torch.Tensor) -> torch.Tensor:
    """Samples `inp` at `deformation` (N, h, w, 2), resizing the flow bilinearly to inp's size first."""
    _, h_flow, w_flow, _ = deformation.shape
    _, _, h, w = inp.shape
    if h_flow != h or w_flow != w:
        flow = deformation.permute(0, 3, 1, 2)
        flow = F.interpolate(flow, size=(h, w), mode="bilinear", align_corners=False)
        deformation = flow.permute(0, 2, 3, 1)
    return F.grid_sample(inp, deformation, mode="bilinear", padding_mode="zeros", align_corners=False)
