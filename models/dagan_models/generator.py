"""DepthAwareGenerator and SPADEDepthAwareGenerator.

Both are split in two so a streaming pipeline can cache the source-only work once per job:
`encode_source` (appearance features F_s and the depth-derived attention query Q) and
`generate` (dense motion, warping, depth-aware attention and decoding for one driving pose).
`forward` is the monolithic call with the released code's signature.
"""
from __future__ import annotations

from typing import Tuple

import torch
import torch.nn.functional as F
from torch import nn

from .blocks import DownBlock2d, ResBlock2d, SameBlock2d, UpBlock2d, warp
from .config import DEPTH_AWARE, SPADE_DEPTH_AWARE, GeneratorConfig
from .motion import DenseMotionNetwork
from .spade import SPADEDecoder


class DepthAwareAttention(nn.Module):
    """Cross attention: query from source-depth features, key/value from warped appearance.

    A = softmax_j(Q_i . K_j) over all h*w positions (no 1/sqrt(d) scale); out = V A^T;
    result = gamma * out + warped.
    """

    def __init__(self, channels: int):
        super().__init__()
        self.query_conv = nn.Conv2d(channels, channels // 8, kernel_size=1)
        self.key_conv = nn.Conv2d(channels, channels // 8, kernel_size=1)
        self.value_conv = nn.Conv2d(channels, channels, kernel_size=1)
        self.gamma = nn.Parameter(torch.zeros(1))

    def query(self, depth_features):
        return F.relu(self.query_conv(depth_features))

    def attend(self, query, warped):
        n, c, h, w = warped.shape
        q = query.reshape(n, query.shape[1], h * w).permute(0, 2, 1)          # (N, hw, Cq)
        k = F.relu(self.key_conv(warped)).reshape(n, -1, h * w)              # (N, Cq, hw)
        attention = torch.softmax(torch.bmm(q, k), dim=-1)                    # (N, hw, hw), internal only
        v = F.relu(self.value_conv(warped)).reshape(n, c, h * w)              # (N, C, hw)
        out = torch.bmm(v, attention.permute(0, 2, 1)).reshape(n, c, h, w)
        return self.gamma * out + warped

    def forward(self, depth_features, warped):
        return self.attend(self.query(depth_features), warped)


def _down_blocks(config: GeneratorConfig) -> nn.ModuleList:
    blocks = []
    for i in range(config.num_down_blocks):
        fin = min(config.max_features, config.block_expansion * 2 ** i)
        fout = min(config.max_features, config.block_expansion * 2 ** (i + 1))
        blocks.append(DownBlock2d(fin, fout, kernel_size=3, padding=1))
    return nn.ModuleList(blocks)


class _DepthAwareBase(nn.Module):
    """Encoders, dense motion and attention shared by both generator kinds."""

    def __init__(self, config: GeneratorConfig):
        super().__init__()
        self.config = config
        self.dense_motion_network = DenseMotionNetwork(config.dense_motion, config.num_kp, config.num_channels)
        self.first = SameBlock2d(config.num_channels, config.block_expansion, kernel_size=7, padding=3)
        self.down_blocks = _down_blocks(config)
        self.src_first = SameBlock2d(1, config.block_expansion, kernel_size=7, padding=3)
        self.src_down_blocks = _down_blocks(config)
        self.AttnModule = DepthAwareAttention(config.feature_channels)

    def appearance_features(self, source_image):
        out = self.first(source_image)
        for block in self.down_blocks:
            out = block(out)
        return out

    def depth_features(self, source_depth):
        out = self.src_first(source_depth)
        for block in self.src_down_blocks:
            out = block(out)
        return out

    def encode_source(self, source_image, source_depth) -> Tuple[torch.Tensor, torch.Tensor]:
        """Everything that depends only on the source: (F_s (N,C,64,64), Q (N,C/8,64,64))."""
        return self.appearance_features(source_image), self.AttnModule.query(self.depth_features(source_depth))

    def _motion(self, source_image, kp_source_value, kp_source_jacobian, kp_driving_value, kp_driving_jacobian):
        return self.dense_motion_network(source_image, kp_driving_value, kp_driving_jacobian,
                                         kp_source_value, kp_source_jacobian)

    @staticmethod
    def _occlude(features, occlusion):
        if occlusion.shape[2:] != features.shape[2:]:
            occlusion = F.interpolate(occlusion, size=features.shape[2:], mode="bilinear", align_corners=False)
        return features * occlusion

    def generate(self, source_feature, attention_query, source_image, kp_source_value, kp_source_jacobian,
                 kp_driving_value, kp_driving_jacobian) -> torch.Tensor:
        """Prediction (N, 3, H, W) in [0, 1] from cached source tensors and one driving pose."""
        deformation, occlusion = self._motion(source_image, kp_source_value, kp_source_jacobian,
                                              kp_driving_value, kp_driving_jacobian)
        warped = self._occlude(warp(source_feature, deformation), occlusion)
        attended = self.AttnModule.attend(attention_query, warped)
        return self.decode(attended, source_image, deformation, occlusion)

    def forward(self, source_image, kp_driving: dict, kp_source: dict, source_depth, driving_depth=None) -> dict:
        """Monolithic forward with the released signature (driving depth is accepted but unused)."""
        feature = self.appearance_features(source_image)
        depth_feature = self.depth_features(source_depth)
        deformation, occlusion = self._motion(source_image, kp_source["value"], kp_source["jacobian"],
                                              kp_driving["value"], kp_driving["jacobian"])
        warped = self._occlude(warp(feature, deformation), occlusion)
        attended = self.AttnModule(depth_feature, warped)
        prediction = self.decode(attended, source_image, deformation, occlusion)
        return {"prediction": prediction, "deformation": deformation, "occlusion_map": occlusion}

    def decode(self, attended, source_image, deformation, occlusion):
        raise NotImplementedError


class DepthAwareGenerator(_DepthAwareBase):
    """Residual bottleneck + two UpBlocks + 7x7 conv + sigmoid."""

    kind = DEPTH_AWARE

    def __init__(self, config: GeneratorConfig):
        super().__init__(config)
        be, mf, nd = config.block_expansion, config.max_features, config.num_down_blocks
        ups = []
        for i in range(nd):
            fin = min(mf, be * 2 ** (nd - i))
            fout = min(mf, be * 2 ** (nd - i - 1))
            ups.append(UpBlock2d(fin, fout, kernel_size=3, padding=1))
        self.up_blocks = nn.ModuleList(ups)
        self.bottleneck = nn.Sequential()
        for i in range(config.num_bottleneck_blocks):
            self.bottleneck.add_module(f"r{i}", ResBlock2d(config.feature_channels, kernel_size=3, padding=1))
        self.final = nn.Conv2d(be, config.num_channels, kernel_size=(7, 7), padding=(3, 3))

    def decode(self, attended, source_image, deformation, occlusion):
        out = self.bottleneck(attended)
        for block in self.up_blocks:
            out = block(out)
        return torch.sigmoid(self.final(out))


class SPADEDepthAwareGenerator(_DepthAwareBase):
    """SPADE decoder conditioned on compressed features and the occluded, deformed source image."""

    kind = SPADE_DEPTH_AWARE

    def __init__(self, config: GeneratorConfig):
        super().__init__(config)
        self.decoder = SPADEDecoder(config)

    def decode(self, attended, source_image, deformation, occlusion):
        deformed = self._occlude(warp(source_image, deformation), occlusion)
        return self.decoder(attended, deformed)


def build_generator(config: GeneratorConfig) -> _DepthAwareBase:
    if config.kind == DEPTH_AWARE:
        return DepthAwareGenerator(config)
    if config.kind == SPADE_DEPTH_AWARE:
        return SPADEDepthAwareGenerator(config)
    raise ValueError(f"unknown generator kind '{config.kind}'")
