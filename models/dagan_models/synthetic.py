"""Deterministic, smooth, face-like test images (no data set needed).

Used to calibrate random weights, for the parity fixtures and for the resize fixtures. A face is
drawn from soft-edged ellipses (hair, face, eyes, brows, nose, mouth) on a gradient background;
pose parameters move it so consecutive frames show motion.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FacePose:
    dx: float = 0.0          # horizontal shift, in [-1, 1] image units
    dy: float = 0.0          # vertical shift
    scale: float = 1.0
    angle: float = 0.0       # in-plane rotation, radians
    mouth_open: float = 0.25  # 0 closed .. 1 wide open
    eye_open: float = 1.0     # 0 shut .. 1 open


def _soft_ellipse(x, y, cx, cy, rx, ry, softness):
    d = np.sqrt(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2)
    return 1.0 / (1.0 + np.exp((d - 1.0) / softness))


def _paint(canvas, mask, color):
    for c in range(3):
        canvas[c] = canvas[c] * (1 - mask) + color[c] * mask


def face_image(height: int = 256, width: int = 256, pose: FacePose = FacePose(),
               skin=(0.87, 0.68, 0.56), hair=(0.25, 0.16, 0.10)) -> np.ndarray:
    """Float64 (3, height, width) image in [0, 1]."""
    ys = (np.arange(height, dtype=np.float64) + 0.5) / height * 2 - 1
    xs = (np.arange(width, dtype=np.float64) + 0.5) / width * 2 - 1
    gy, gx = np.meshgrid(ys, xs, indexing="ij")
    # face-local coordinates: undo shift, rotation and scale
    cos, sin = np.cos(pose.angle), np.sin(pose.angle)
    lx = ((gx - pose.dx) * cos + (gy - pose.dy) * sin) / pose.scale
    ly = (-(gx - pose.dx) * sin + (gy - pose.dy) * cos) / pose.scale
    soft = 0.06

    canvas = np.empty((3, height, width))
    canvas[0] = 0.35 + 0.25 * (gy + 1) / 2 + 0.05 * gx
    canvas[1] = 0.45 + 0.20 * (gy + 1) / 2
    canvas[2] = 0.65 - 0.15 * (gy + 1) / 2 - 0.05 * gx
    _paint(canvas, _soft_ellipse(lx, ly, 0.0, 1.05, 0.42, 0.6, soft), (0.55, 0.42, 0.38))  # shoulders/neck
    _paint(canvas, _soft_ellipse(lx, ly, 0.0, -0.12, 0.62, 0.78, soft), hair)
    face = _soft_ellipse(lx, ly, 0.0, 0.05, 0.5, 0.66, soft)
    shade = np.clip(1.0 - 0.18 * lx - 0.10 * ly, 0.7, 1.2)
    _paint(canvas, face, tuple(s * 1.0 for s in skin))
    for c in range(3):
        canvas[c] = canvas[c] * (1 - face + face * shade)
    for side in (-1, 1):
        _paint(canvas, _soft_ellipse(lx, ly, 0.2 * side, -0.2, 0.16, 0.035, 0.15), hair)            # brow
        eye = _soft_ellipse(lx, ly, 0.2 * side, -0.08, 0.13, 0.07 * max(pose.eye_open, 0.05), 0.12)
        _paint(canvas, eye, (0.95, 0.95, 0.93))
        _paint(canvas, eye * _soft_ellipse(lx, ly, 0.2 * side, -0.08, 0.055, 0.055, 0.1), (0.2, 0.25, 0.35))
    _paint(canvas, _soft_ellipse(lx, ly, 0.0, 0.12, 0.07, 0.16, 0.3) * 0.35, (0.6, 0.4, 0.35))       # nose
    mouth_h = 0.025 + 0.09 * pose.mouth_open
    _paint(canvas, _soft_ellipse(lx, ly, 0.0, 0.4, 0.2, mouth_h + 0.02, 0.12), (0.7, 0.3, 0.32))    # lips
    _paint(canvas, _soft_ellipse(lx, ly, 0.0, 0.4, 0.15, mouth_h, 0.12), (0.25, 0.08, 0.1))         # opening
    return np.clip(canvas, 0.0, 1.0)


SOURCE_POSE = FacePose()
DRIVING_POSES = (
    FacePose(dx=0.04, dy=-0.02, scale=1.03, angle=0.05, mouth_open=0.6, eye_open=0.9),
    FacePose(dx=-0.06, dy=0.03, scale=0.96, angle=-0.08, mouth_open=0.05, eye_open=0.4),
)
CALIBRATION_POSES = (
    FacePose(),
    FacePose(dx=0.05, dy=0.02, scale=1.05, angle=0.1, mouth_open=0.8, eye_open=0.7),
    FacePose(dx=-0.08, dy=-0.04, scale=0.92, angle=-0.12, mouth_open=0.1, eye_open=0.3),
)


def face_batch(poses, height: int = 256, width: int = 256) -> np.ndarray:
    """float32 (N, 3, H, W) stack of face images, one per pose."""
    return np.stack([face_image(height, width, p) for p in poses]).astype(np.float32)
