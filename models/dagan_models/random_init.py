"""Deterministic random weights that still behave like a trained model numerically.

Plain random weights make DaGAN's outputs degenerate (keypoints collapse to the centre, sigmoid
outputs saturate, batch norm with unit statistics lets activations explode or vanish), which would
make parity tests meaningless. So after drawing He-normal weights from a seeded generator, one
forward pass in float64 over synthetic face frames *calibrates* the model:
- every BatchNorm gets running statistics equal to the statistics of its input on those frames;
- convolutions not followed by a normalisation are rescaled so their outputs have a chosen mean and
  spread (e.g. keypoint logits peaked enough to spread keypoints, sigmoid inputs away from 0/1,
  Jacobian maps near identity, generator gains low enough that float32 noise on the keypoints
  is not amplified into visible output changes).
All derived numbers are rounded to 4 significant digits, so the float32 weights come out
bit-identical on any CPU (float64 rounding noise cannot reach the 4th digit).
"""
from __future__ import annotations

import copy
import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Union

import torch
from torch import nn

from .blocks import ResBlock2d
from .config import ModelConfig
from .networks import Networks, build_networks
from .spade import SPADE, SpectralConv2d, SPADEDecoder, SPADEResBlock
from .synthetic import CALIBRATION_POSES, face_batch

SIGNIFICANT_DIGITS = 4


def round_significant(t: torch.Tensor, digits: int = SIGNIFICANT_DIGITS) -> torch.Tensor:
    """Rounds each element of a float64 tensor to `digits` significant decimal digits."""
    t = t.double()
    magnitude = torch.floor(torch.log10(t.abs().clamp_min(1e-30)))
    factor = torch.pow(10.0, digits - 1 - magnitude)
    out = torch.round(t * factor) / factor
    return torch.where(t == 0, torch.zeros_like(t), out)


def _round_scalar(x: float) -> float:
    return float(round_significant(torch.tensor([x], dtype=torch.float64))[0])


# --------------------------------------------------------------------------- initial draw

def _he_normal_(weight: torch.Tensor, gen: torch.Generator):
    fan_in = weight[0].numel()
    with torch.no_grad():
        weight.copy_(torch.randn(weight.shape, generator=gen, dtype=torch.float64) * math.sqrt(2.0 / fan_in))


def _small_normal_(t: torch.Tensor, gen: torch.Generator, std: float, mean: float = 0.0):
    with torch.no_grad():
        t.copy_(torch.randn(t.shape, generator=gen, dtype=torch.float64) * std + mean)


def draw_weights(module: nn.Module, gen: torch.Generator) -> None:
    """He-normal conv/linear weights, small biases, BN affine near (1, 0); in module order."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            _he_normal_(m.weight, gen)
            if m.bias is not None:
                _small_normal_(m.bias, gen, 0.02)
        elif isinstance(m, SpectralConv2d):
            _he_normal_(m.weight_orig, gen)
            if m.bias is not None:
                _small_normal_(m.bias, gen, 0.02)
            _set_singular_vectors(m)
        elif isinstance(m, nn.BatchNorm2d):
            _small_normal_(m.weight, gen, 0.1, 1.0)
            _small_normal_(m.bias, gen, 0.1)
            m.running_mean.zero_()
            m.running_var.fill_(1.0)


def _set_singular_vectors(m: SpectralConv2d) -> None:
    """u, v = top singular vectors of weight_orig with v scaled by 1/sigma, so the folded weight
    equals weight_orig (as after training, where u/v track the top singular pair)."""
    w = m.weight_orig.detach().double().reshape(m.weight_orig.shape[0], -1)
    u, s, vh = torch.linalg.svd(w, full_matrices=False)
    with torch.no_grad():
        m.weight_u.copy_(u[:, 0])
        m.weight_v.copy_(vh[0] / s[0])


# --------------------------------------------------------------------------- calibration

@dataclass(frozen=True)
class Target:
    """Desired output statistics of a convolution: per-channel (or global) mean and spread."""
    std: float
    mean: Union[float, Sequence[float]] = 0.0
    per_channel: bool = True


class Calibrator:
    """Registers hooks that set BN statistics and rescale chosen convolutions during one forward."""

    def __init__(self):
        self.targets: Dict[nn.Module, Target] = {}
        self._handles: List = []
        self._done = set()

    def target(self, module: nn.Module, target: Target) -> None:
        self.targets[module] = target

    @contextmanager
    def active(self, root: nn.Module):
        for m in root.modules():
            if isinstance(m, nn.BatchNorm2d):
                self._handles.append(m.register_forward_pre_hook(self._batch_norm_hook))
            if m in self.targets:
                self._handles.append(m.register_forward_hook(self._conv_hook))
        try:
            yield self
        finally:
            for h in self._handles:
                h.remove()
            self._handles.clear()

    def _batch_norm_hook(self, bn: nn.BatchNorm2d, inputs):
        if bn in self._done:
            return
        self._done.add(bn)
        x = inputs[0].detach().double()
        mean = x.mean(dim=(0, 2, 3))
        var = x.var(dim=(0, 2, 3), unbiased=False)
        # dead channels (e.g. all-zero after ReLU) would get a huge gain from a tiny variance
        var = torch.maximum(var, 0.01 * var.mean().clamp_min(1e-6))
        with torch.no_grad():
            bn.running_mean.copy_(round_significant(mean))
            bn.running_var.copy_(round_significant(var))

    def _conv_hook(self, conv: nn.Module, inputs, output):
        if conv in self._done:
            return None
        self._done.add(conv)
        t = self.targets[conv]
        y = output.detach().double()
        bias = conv.bias.detach().double().clone() if conv.bias is not None else None
        out_ch = y.shape[1]
        if t.per_channel:
            mean = y.mean(dim=(0, 2, 3))
            std = y.std(dim=(0, 2, 3), unbiased=False)
        else:
            centred_mean = y.mean(dim=(0, 2, 3))
            mean = centred_mean
            std = (y - centred_mean.view(1, -1, 1, 1)).std(unbiased=False).expand(out_ch)
        scale = round_significant(t.std / std.clamp_min(1e-8))
        target_mean = torch.as_tensor(t.mean, dtype=torch.float64).expand(out_ch)
        with torch.no_grad():
            if isinstance(conv, SpectralConv2d):
                k = float(scale[0])
                conv.weight_v.div_(k)
            else:
                conv.weight.mul_(scale.view(-1, *([1] * (conv.weight.dim() - 1))).to(conv.weight.dtype))
            if bias is not None:
                new_bias = round_significant((bias - mean) * scale + target_mean)
                conv.bias.copy_(new_bias)
        # the output with the new weights, so downstream layers calibrate on the final values;
        # derived in closed form rather than re-running the (slow, float64) convolution
        old_bias = bias if bias is not None else torch.zeros(out_ch, dtype=torch.float64)
        new_bias = conv.bias.detach().double() if conv.bias is not None else old_bias
        y = (y - old_bias.view(1, -1, 1, 1)) * scale.view(1, -1, 1, 1) + new_bias.view(1, -1, 1, 1)
        return y.to(output.dtype)


def _calibration_targets(nets: Networks, cal: Calibrator) -> None:
    kp_conf = nets.config.keypoints
    # depth decoder: no normalisation layers, so keep each ELU block near unit scale
    for block in nets.depth_decoder.decoder[:10]:
        cal.target(block.conv.conv, Target(std=1.0))
    cal.target(nets.depth_decoder.decoder[10].conv, Target(std=0.8, mean=-0.4))
    # keypoints: peaked heatmaps (logit spread / temperature ~ 5) and Jacobians ~ identity +- 0.1
    cal.target(nets.keypoints.kp, Target(std=0.5 * kp_conf.temperature / 0.1))
    cal.target(nets.keypoints.jacobian, Target(std=0.1, mean=[1.0, 0.0, 0.0, 1.0] * kp_conf.num_kp))
    # generator: gains kept low enough that keypoint noise of float32 size (1e-5) moves the prediction
    # by ~1e-3, not ~1e-2 (steep mask/occlusion logits and sharp attention amplify it ~1000-fold), while
    # the prediction still follows the driving keypoints visibly
    g = nets.generator
    dm = g.dense_motion_network
    cal.target(dm.mask, Target(std=0.2))  # soft blend of the sparse motions: a smooth deformation
    cal.target(dm.occlusion, Target(std=0.3, mean=0.7))
    cal.target(g.AttnModule.query_conv, Target(std=0.5))
    cal.target(g.AttnModule.key_conv, Target(std=0.5))
    cal.target(g.AttnModule.value_conv, Target(std=1.0, mean=0.2))
    for block in g.modules():
        if isinstance(block, ResBlock2d):  # residual branches: smaller than the input
            cal.target(block.conv2, Target(std=0.5, per_channel=False))
    if hasattr(g, "final"):
        cal.target(g.final, Target(std=0.5, mean=0.0))
    if hasattr(g, "decoder") and isinstance(g.decoder, SPADEDecoder):
        d = g.decoder
        cal.target(d.compress, Target(std=1.0))
        cal.target(d.fc, Target(std=1.0))
        cal.target(d.conv_img, Target(std=0.8))
        for m in d.modules():
            if isinstance(m, SPADE):
                cal.target(m.mlp_shared[0], Target(std=1.0))
                cal.target(m.mlp_gamma, Target(std=0.2))
                cal.target(m.mlp_beta, Target(std=0.2))
            if isinstance(m, SPADEResBlock):
                cal.target(m.conv_0, Target(std=1.0, per_channel=False))
                cal.target(m.conv_1, Target(std=0.7, per_channel=False))
                if m.learned_shortcut:
                    cal.target(m.conv_s, Target(std=1.0, per_channel=False))


def calibrate(nets: Networks, frames: torch.Tensor, generator_batch: Optional[int] = None) -> None:
    """One forward of depth -> keypoints -> generator over `frames` (frame 0 is the source), in
    the networks' current dtype."""
    cal = Calibrator()
    _calibration_targets(nets, cal)
    frames = frames.to(next(nets.depth.parameters()).dtype)
    with torch.no_grad():
        with cal.active(nets.depth):
            depth = nets.depth(frames)
        with cal.active(nets.keypoints):
            value, jacobian = nets.keypoints(torch.cat([frames, depth], dim=1))
        n = frames.shape[0] - 1 if generator_batch is None else generator_batch
        src = frames[:1].expand(n, -1, -1, -1)
        kp_source = {"value": value[:1].expand(n, -1, -1), "jacobian": jacobian[:1].expand(n, -1, -1, -1)}
        kp_driving = {"value": value[1:n + 1], "jacobian": jacobian[1:n + 1]}
        with cal.active(nets.generator):
            nets.generator(src, kp_driving, kp_source, depth[:1].expand(n, -1, -1, -1))


def calibration_dtype(config: ModelConfig) -> torch.dtype:
    """float64 for small presets (bit-identical weights on any CPU); float32 for the full-size
    networks, where float64 convolutions would take minutes (identical on the same machine)."""
    return torch.float32 if config.preset == "full" else torch.float64


_CACHE: Dict[tuple, Networks] = {}


def random_networks(config: ModelConfig, seed: int = 0) -> Networks:
    """Seeded random networks, calibrated (see module doc), in float32 eval mode.

    Deterministic, so results are cached per process (callers get their own copy)."""
    key = (config, int(seed))
    if key not in _CACHE:
        _CACHE[key] = _make_random_networks(config, seed)
    return copy.deepcopy(_CACHE[key])


def _make_random_networks(config: ModelConfig, seed: int) -> Networks:
    nets = build_networks(config, initialize=False).to(torch.float64)  # draw_weights sets all
    gen = torch.Generator().manual_seed(int(seed))
    for module in nets.modules():
        draw_weights(module, gen)
    with torch.no_grad():
        gamma = 0.5 + 0.5 * float(torch.rand(1, generator=gen, dtype=torch.float64))
        nets.generator.AttnModule.gamma.fill_(_round_scalar(gamma))
    nets.to(calibration_dtype(config))
    frames = torch.from_numpy(face_batch(CALIBRATION_POSES))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # fixed reduction order, whatever --threads the caller chose
    try:
        calibrate(nets, frames)
    finally:
        torch.set_num_threads(threads)
    return nets.to(torch.float32).eval()
