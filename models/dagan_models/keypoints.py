"""RGB-D keypoint detector: 15 keypoints with local 2x2 Jacobians from image + depth."""
from __future__ import annotations

from typing import Tuple

import torch
import torch.nn.functional as F
from torch import nn

from .blocks import AntiAliasDownsample, Hourglass, coordinate_grid
from .config import KeypointConfig


class KeypointDetector(nn.Module):
    """(N, 4, H, W) RGB-D -> value (N, K, 2) in [-1, 1] and jacobian (N, K, 2, 2).

    Heatmaps are a softmax over positions of the `kp` logits / temperature; the keypoint is the
    heatmap-weighted mean of the coordinate grid and the Jacobian the heatmap-weighted sum of the
    `jacobian` maps.
    """

    def __init__(self, config: KeypointConfig):
        super().__init__()
        self.config = config
        self.predictor = Hourglass(config.block_expansion, in_features=config.num_channels,
                                   max_features=config.max_features, num_blocks=config.num_blocks)
        self.kp = nn.Conv2d(self.predictor.out_filters, config.num_kp, kernel_size=(7, 7), padding=config.pad)
        self.jacobian = nn.Conv2d(self.predictor.out_filters, 4 * config.num_kp, kernel_size=(7, 7),
                                  padding=config.pad)
        self.down = AntiAliasDownsample(config.num_channels, config.scale_factor)

    def forward(self, rgbd: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        x = self.down(rgbd)
        features = self.predictor(x)
        logits = self.kp(features)
        n, k, h, w = logits.shape
        heatmap = F.softmax(logits.reshape(n, k, h * w) / self.config.temperature, dim=2)
        heatmap = heatmap.reshape(n, k, h, w)
        grid = coordinate_grid(h, w, heatmap.dtype, heatmap.device)
        value = (heatmap.unsqueeze(-1) * grid.view(1, 1, h, w, 2)).sum(dim=(2, 3))
        jacobian_map = self.jacobian(features).reshape(n, k, 4, h, w)
        jacobian = (heatmap.unsqueeze(2) * jacobian_map).reshape(n, k, 4, h * w).sum(dim=-1)
        return value, jacobian.reshape(n, k, 2, 2)

    def detect(self, image: torch.Tensor, depth: torch.Tensor) -> dict:
        """Dict form used by the reference loop: {'value', 'jacobian'}."""
        value, jacobian = self(torch.cat([image, depth], dim=1))
        return {"value": value, "jacobian": jacobian}
