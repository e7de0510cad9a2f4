"""Hyper-parameters of the four inference networks and the named presets.

`full` is the released vox-adv-256 configuration with num_kp overridden to 15 (what the official
checkpoints use). `tiny` keeps every stage and the 256x256 / 15-keypoint interface but narrows the
channel widths so a whole bundle is a few MB; it exists for fast tests and parity fixtures.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Tuple

DEPTH_AWARE = "DepthAwareGenerator"
SPADE_DEPTH_AWARE = "SPADEDepthAwareGenerator"
GENERATOR_KINDS = (DEPTH_AWARE, SPADE_DEPTH_AWARE)

# ResNet depth-encoder layouts: (block type, blocks per stage).
RESNET_LAYOUTS = {
    18: ("basic", (2, 2, 2, 2)),
    34: ("basic", (3, 4, 6, 3)),
    50: ("bottleneck", (3, 4, 6, 3)),
    101: ("bottleneck", (3, 4, 23, 3)),
    152: ("bottleneck", (3, 8, 36, 3)),
}

IMAGE_SIZE = 256


@dataclass(frozen=True)
class DepthConfig:
    num_layers: int = 18
    base_width: int = 64
    decoder_channels: Tuple[int, ...] = (16, 32, 64, 128, 256)
    fc_classes: int = 1000  # unused classifier head kept only so official encoder files load strictly

    @property
    def block_kind(self) -> str:
        return RESNET_LAYOUTS[self.num_layers][0]

    @property
    def expansion(self) -> int:
        return 4 if self.block_kind == "bottleneck" else 1

    @property
    def encoder_channels(self) -> Tuple[int, ...]:
        w, e = self.base_width, self.expansion
        return (w, w * e, 2 * w * e, 4 * w * e, 8 * w * e)


@dataclass(frozen=True)
class KeypointConfig:
    num_kp: int = 15
    num_channels: int = 4  # RGB + depth
    block_expansion: int = 32
    max_features: int = 1024
    num_blocks: int = 5
    temperature: float = 0.1
    scale_factor: float = 0.25
    pad: int = 0


@dataclass(frozen=True)
class DenseMotionConfig:
    block_expansion: int = 64
    max_features: int = 1024
    num_blocks: int = 5
    scale_factor: float = 0.25
    kp_variance: float = 0.01


@dataclass(frozen=True)
class GeneratorConfig:
    kind: str = DEPTH_AWARE
    num_kp: int = 15
    num_channels: int = 3
    block_expansion: int = 64
    max_features: int = 512
    num_down_blocks: int = 2
    num_bottleneck_blocks: int = 6
    dense_motion: DenseMotionConfig = field(default_factory=DenseMotionConfig)
    # SPADE decoder (SPADEDepthAwareGenerator only)
    spade_hidden: int = 128
    spade_compress: int = 4
    spade_middle_blocks: int = 3

    @property
    def feature_channels(self) -> int:
        """Channels of the appearance/depth encoders' output (256 for the official config)."""
        return min(self.max_features, self.block_expansion * 2 ** self.num_down_blocks)

    @property
    def query_channels(self) -> int:
        return self.feature_channels // 8


@dataclass(frozen=True)
class ModelConfig:
    generator: GeneratorConfig
    keypoints: KeypointConfig
    depth: DepthConfig
    preset: str = "full"
    image_size: int = IMAGE_SIZE

    @property
    def num_kp(self) -> int:
        return self.keypoints.num_kp


PRESETS = ("full", "tiny")


def make_config(preset: str = "full", generator_kind: str = DEPTH_AWARE, num_kp: int = 15,
                depth_layers: int = 18) -> ModelConfig:
    """Builds the configuration of a named preset, with generator kind, keypoint count and depth layers."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset '{preset}'; choose one of {', '.join(PRESETS)}")
    if generator_kind not in GENERATOR_KINDS:
        raise ValueError(f"unknown generator '{generator_kind}'; choose one of {', '.join(GENERATOR_KINDS)}")
    if depth_layers not in RESNET_LAYOUTS:
        raise ValueError(f"unsupported depth encoder depth {depth_layers}; "
                         f"choose one of {', '.join(map(str, RESNET_LAYOUTS))}")
    if num_kp < 1:
        raise ValueError(f"num_kp must be positive, got {num_kp}")
    if preset == "full":
        return ModelConfig(
            generator=GeneratorConfig(kind=generator_kind, num_kp=num_kp),
            keypoints=KeypointConfig(num_kp=num_kp),
            depth=DepthConfig(num_layers=depth_layers),
            preset="full",
        )
    return ModelConfig(
        generator=GeneratorConfig(
            kind=generator_kind, num_kp=num_kp, block_expansion=8, max_features=32,
            dense_motion=DenseMotionConfig(block_expansion=8, max_features=32),
            spade_hidden=16,
        ),
        keypoints=KeypointConfig(num_kp=num_kp, block_expansion=8, max_features=32),
        depth=DepthConfig(num_layers=depth_layers, base_width=8, decoder_channels=(4, 8, 16, 32, 32),
                          fc_classes=10),
        preset="tiny",
    )


def with_generator_kind(config: ModelConfig, kind: str) -> ModelConfig:
    return replace(config, generator=replace(config.generator, kind=kind))
