"""Dense motion estimation inside the generator, and the demo's keypoint normalisation."""
from __future__ import annotations

from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .blocks import (AntiAliasDownsample, Hourglass, coordinate_grid, inverse_2x2, keypoint_gaussians,
                     matmul_2x2)
from .config import DenseMotionConfig


class DenseMotionNetwork(nn.Module):
    """Predicts a dense backward flow (N, h, w, 2) and an occlusion map (N, 1, h, w) at the
    downsampled source resolution from K sparse keypoint motions plus the identity."""

    def __init__(self, config: DenseMotionConfig, num_kp: int, num_channels: int = 3):
        super().__init__()
        self.config = config
        self.num_kp = num_kp
        self.hourglass = Hourglass(config.block_expansion, in_features=(num_kp + 1) * (num_channels + 1),
                                   max_features=config.max_features, num_blocks=config.num_blocks)
        self.mask = nn.Conv2d(self.hourglass.out_filters, num_kp + 1, kernel_size=(7, 7), padding=(3, 3))
        self.occlusion = nn.Conv2d(self.hourglass.out_filters, 1, kernel_size=(7, 7), padding=(3, 3))
        self.down = AntiAliasDownsample(num_channels, config.scale_factor)

    def heatmap_representation(self, h, w, kp_driving_value, kp_source_value):
        """G(kp_d) - G(kp_s) with a zero background channel first: (N, K+1, 1, h, w)."""
        heatmap = (keypoint_gaussians(kp_driving_value, h, w, self.config.kp_variance)
                   - keypoint_gaussians(kp_source_value, h, w, self.config.kp_variance))
        background = torch.zeros_like(heatmap[:, :1])
        return torch.cat([background, heatmap], dim=1).unsqueeze(2)

    def sparse_motions(self, h, w, kp_driving_value, kp_driving_jacobian, kp_source_value,
                       kp_source_jacobian):
        """T_0(z) = z; T_k(z) = kp_s + J_s inv(J_d) (z - kp_d): (N, K+1, h, w, 2)."""
        grid = coordinate_grid(h, w, kp_source_value.dtype, kp_source_value.device).view(1, 1, h, w, 2)
        delta = grid - kp_driving_value.unsqueeze(2).unsqueeze(2)
        jac = matmul_2x2(kp_source_jacobian, inverse_2x2(kp_driving_jacobian))
        j = jac.unsqueeze(2).unsqueeze(2)  # (N, K, 1, 1, 2, 2)
        dx, dy = delta[..., 0], delta[..., 1]
        tx = j[..., 0, 0] * dx + j[..., 0, 1] * dy
        ty = j[..., 1, 0] * dx + j[..., 1, 1] * dy
        driving_to_source = torch.stack([tx, ty], dim=-1) + kp_source_value.unsqueeze(2).unsqueeze(2)
        identity = grid.expand(driving_to_source.shape[0], 1, h, w, 2)
        return torch.cat([identity, driving_to_source], dim=1)

    def deformed_sources(self, source, sparse_motions):
        """The source warped by each sparse motion: (N, K+1, C, h, w)."""
        n, c, h, w = source.shape
        k1 = sparse_motions.shape[1]
        repeated = source.unsqueeze(1).expand(n, k1, c, h, w).reshape(n * k1, c, h, w)
        flows = sparse_motions.reshape(n * k1, h, w, 2)
        deformed = F.grid_sample(repeated, flows, mode="bilinear", padding_mode="zeros", align_corners=False)
        return deformed.reshape(n, k1, c, h, w)

    def forward(self, source_image, kp_driving_value, kp_driving_jacobian, kp_source_value,
                kp_source_jacobian) -> Tuple[torch.Tensor, torch.Tensor]:
        source = self.down(source_image)
        n, _, h, w = source.shape
        heatmap = self.heatmap_representation(h, w, kp_driving_value, kp_source_value)
        motions = self.sparse_motions(h, w, kp_driving_value, kp_driving_jacobian, kp_source_value,
                                      kp_source_jacobian)
        deformed = self.deformed_sources(source, motions)
        x = torch.cat([heatmap, deformed], dim=2).reshape(n, -1, h, w)
        prediction = self.hourglass(x)
        mask = F.softmax(self.mask(prediction), dim=1).unsqueeze(2)  # (N, K+1, 1, h, w)
        deformation = (motions.permute(0, 1, 4, 2, 3) * mask).sum(dim=1).permute(0, 2, 3, 1)
        occlusion = torch.sigmoid(self.occlusion(prediction))
        return deformation, occlusion


def hull_area(points: np.ndarray) -> float:
    """Area of the 2-D convex hull (scipy's ConvexHull.volume), as the reference computes it."""
    from scipy.spatial import ConvexHull
    return float(ConvexHull(np.asarray(points, dtype=np.float64)).volume)


def adapt_scale(kp_source_value: torch.Tensor, kp_initial_value: torch.Tensor) -> float:
    """sqrt(hull area of the source kp) / sqrt(hull area of the anchor driving kp), first batch item."""
    source_area = hull_area(kp_source_value[0].detach().cpu().double().numpy())
    initial_area = hull_area(kp_initial_value[0].detach().cpu().double().numpy())
    return float(np.sqrt(source_area) / np.sqrt(initial_area))


def normalize_kp(kp_source: dict, kp_driving: dict, kp_initial: dict, relative: bool = True,
                 adapt_movement_scale: bool = True, scale: Optional[float] = None) -> dict:
    """Relative motion transfer of the reference demo.

    relative: value = (kp_d - kp_initial) * scale + kp_s, jacobian = J_d inv(J_initial) J_s;
    otherwise the driving keypoints pass unchanged (absolute mode). scale is the convex-hull
    ratio when adapt_movement_scale is set, else 1; pass `scale` to reuse a precomputed one.
    """
    if not relative:
        return {"value": kp_driving["value"], "jacobian": kp_driving["jacobian"]}
    if scale is None:
        scale = adapt_scale(kp_source["value"], kp_initial["value"]) if adapt_movement_scale else 1.0
    value = (kp_driving["value"] - kp_initial["value"]) * scale + kp_source["value"]
    jacobian_diff = matmul_2x2(kp_driving["jacobian"], inverse_2x2(kp_initial["jacobian"]))
    jacobian = matmul_2x2(jacobian_diff, kp_source["jacobian"])
    return {"value": value, "jacobian": jacobian}
