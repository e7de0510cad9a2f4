"""Where a command's weights come from: official files or a seeded random preset."""
from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass
from typing import Optional

from .checkpoint import load_official_networks
from .config import GENERATOR_KINDS, PRESETS, RESNET_LAYOUTS, make_config
from .export import made_by_record, sha256_file
from .networks import Networks
from .random_init import random_networks


@dataclass
class LoadedModel:
    nets: Networks
    name: str        # bundle name prefix
    made_by: dict    # manifest "made_by" record


def add_weight_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("weights (official files, or --random)")
    group.add_argument("--checkpoint", help="DaGAN .pth.tar, a bare generator.pt / kp_detector.pt, or their folder")
    group.add_argument("--depth-dir", help="folder with the depth model's encoder.pth and depth.pth")
    group.add_argument("--generator", choices=GENERATOR_KINDS, help="generator kind (default: detected)")
    group.add_argument("--num-kp", type=int, help="number of keypoints (default: detected, 15 for --random)")
    group.add_argument("--depth-layers", type=int, choices=sorted(RESNET_LAYOUTS),
                       help="ResNet depth of the depth encoder (default: detected, 18 for --random)")
    group.add_argument("--allow-pickle", action="store_true",
                       help="load weight files that hold arbitrary Python objects (only for files you trust)")
    group.add_argument("--random", action="store_true", help="seeded random weights instead of files")
    group.add_argument("--preset", choices=PRESETS, help="network widths for --random (full = official)")
    group.add_argument("--seed", type=int, help="seed for --random (default 0)")


def validate_weight_arguments(parser: argparse.ArgumentParser, args) -> None:
    if args.random:
        clash = [f for f, v in (("--checkpoint", args.checkpoint), ("--depth-dir", args.depth_dir),
                                ("--allow-pickle", args.allow_pickle)) if v]
        if clash:
            parser.error(f"--random cannot be combined with {', '.join(clash)}")
        if args.preset is None:
            parser.error("--random needs --preset full|tiny")
    else:
        if args.preset is not None or args.seed is not None:
            parser.error("--preset and --seed only apply with --random")
        missing = [f for f, v in (("--checkpoint", args.checkpoint), ("--depth-dir", args.depth_dir)) if not v]
        if missing:
            parser.error(f"give {' and '.join(missing)} (official weights) or --random --preset full|tiny")
    if args.num_kp is not None and args.num_kp < 1:
        parser.error(f"--num-kp must be positive, got {args.num_kp}")


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-") or "model"


def _checkpoint_name(path: str) -> str:
    base = os.path.basename(os.path.normpath(path))
    for suffix in (".pth.tar", ".tar", ".pth", ".pt"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    return _safe_name(base)


def random_model(preset: str, seed: int = 0, generator: Optional[str] = None, num_kp: Optional[int] = None,
                 depth_layers: Optional[int] = None) -> LoadedModel:
    """Seeded random networks of a preset, with the provenance an export records."""
    config = make_config(preset, generator or GENERATOR_KINDS[0], 15 if num_kp is None else num_kp,
                         18 if depth_layers is None else depth_layers)
    flags = ["--random", "--preset", preset, "--seed", str(seed)]
    if generator:
        flags += ["--generator", generator]
    if num_kp is not None:
        flags += ["--num-kp", str(num_kp)]
    if depth_layers is not None:
        flags += ["--depth-layers", str(depth_layers)]
    name = f"random-{preset}-seed{seed}" + ("-spade" if config.generator.kind != GENERATOR_KINDS[0] else "")
    command = " ".join(["dagan_models export", *flags])
    return LoadedModel(random_networks(config, seed), name, made_by_record(command, "random", preset, seed))


def load_weights(args) -> LoadedModel:
    """Networks and their provenance from parsed weight arguments (see add_weight_arguments)."""
    overrides = []
    if args.generator:
        overrides += ["--generator", args.generator]
    if args.num_kp is not None:
        overrides += ["--num-kp", str(args.num_kp)]
    if args.depth_layers is not None:
        overrides += ["--depth-layers", str(args.depth_layers)]
    if args.random:
        return random_model(args.preset, 0 if args.seed is None else args.seed, args.generator, args.num_kp,
                            args.depth_layers)
    nets, weights = load_official_networks(args.checkpoint, args.depth_dir, args.generator, args.num_kp,
                                           args.depth_layers, args.allow_pickle)
    inputs = {role: {"file": os.path.basename(path), "sha256": sha256_file(path)}
              for role, path in weights.files.items()}
    command = " ".join(["dagan_models export --checkpoint", os.path.basename(os.path.normpath(args.checkpoint)),
                        "--depth-dir", os.path.basename(os.path.normpath(args.depth_dir)), *overrides])
    return LoadedModel(nets, _checkpoint_name(args.checkpoint), made_by_record(command, "checkpoint", None, None,
                                                                               inputs))
