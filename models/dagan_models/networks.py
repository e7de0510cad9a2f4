"""The four inference networks of one model, built from a ModelConfig."""
from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import torch
from torch import nn

from .config import ModelConfig
from .depth import DepthDecoder, DepthEncoder, DepthNetwork
from .generator import build_generator
from .keypoints import KeypointDetector


@dataclass
class Networks:
    config: ModelConfig
    depth: DepthNetwork
    keypoints: KeypointDetector
    generator: torch.nn.Module

    @property
    def depth_encoder(self) -> DepthEncoder:
        return self.depth.encoder

    @property
    def depth_decoder(self) -> DepthDecoder:
        return self.depth.decoder

    def modules(self):
        return [self.depth, self.keypoints, self.generator]

    def eval(self) -> "Networks":
        for m in self.modules():
            m.eval()
            m.requires_grad_(False)
        return self

    def to(self, dtype: torch.dtype) -> "Networks":
        for m in self.modules():
            m.to(dtype)
        return self


@contextmanager
def _skip_default_init():
    """Skips torch's default parameter init (slow for the full-size networks) when every weight
    is about to be overwritten anyway; parameters are left uninitialised."""
    names = ("kaiming_uniform_", "uniform_", "normal_")
    saved = {n: getattr(nn.init, n) for n in names}
    try:
        for n in names:
            setattr(nn.init, n, lambda tensor, *args, **kwargs: tensor)
        yield
    finally:
        for n, fn in saved.items():
            setattr(nn.init, n, fn)


def build_networks(config: ModelConfig, initialize: bool = True) -> Networks:
    """The four networks in eval mode; initialize=False leaves weights uninitialised (use only
    before loading or drawing every weight)."""
    with (nullcontext() if initialize else _skip_default_init()):
        return Networks(config=config, depth=DepthNetwork(config.depth),
                        keypoints=KeypointDetector(config.keypoints),
                        generator=build_generator(config.generator)).eval()
