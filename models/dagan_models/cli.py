"""Command line: `python3 -m dagan_models {export,reference,fixtures,verify} ...`."""
from __future__ import annotations

import argparse
import sys
import time
from typing import List, Optional

from . import __version__


def _export(args, parser) -> int:
    from .export import write_bundle
    from .weights import load_weights, validate_weight_arguments
    validate_weight_arguments(parser, args)
    started = time.perf_counter()
    loaded = load_weights(args)
    loaded_at = time.perf_counter()
    name = args.name or loaded.name
    manifest = write_bundle(loaded.nets, args.out, name, loaded.made_by)
    done = time.perf_counter()
    total = sum(g["bytes"] for g in manifest["graphs"].values())
    print(f"wrote bundle {manifest['id']} to {args.out} ({manifest['generator']}, num_kp {manifest['num_kp']}, "
          f"ResNet-{manifest['depth_layers']} depth, {total / 1e6:.1f} MB; "
          f"weights {loaded_at - started:.1f} s, export {done - loaded_at:.1f} s)")
    return 0


def _reference(args, parser) -> int:
    from .reference import run_reference_command
    from .weights import validate_weight_arguments
    validate_weight_arguments(parser, args)
    return run_reference_command(args)


def _fixtures(args, parser) -> int:
    from .fixtures import write_fixtures
    write_fixtures(args.out)
    print(f"wrote fixtures to {args.out}")
    return 0


def _verify(args, parser) -> int:
    from .export import verify_bundle
    manifest = verify_bundle(args.bundle)
    print(f"bundle {manifest['id']} OK ({len(manifest['graphs'])} graphs match their sha256)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .weights import add_weight_arguments
    parser = argparse.ArgumentParser(prog="python3 -m dagan_models",
                                     description="DaGAN networks: ONNX bundle export, reference runner, fixtures")
    parser.add_argument("--version", action="version", version=f"dagan_models {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("export", help="export a model bundle (four ONNX graphs + manifest.json)")
    add_weight_arguments(p)
    p.add_argument("--out", required=True, help="bundle folder to write (created if missing)")
    p.add_argument("--name", help="bundle name prefix for the manifest id (default: from the weights)")
    p.set_defaults(handler=_export)

    p = sub.add_parser("reference", help="run the PyTorch reference animation loop")
    add_weight_arguments(p)
    p.add_argument("--source", required=True, help="source face image")
    p.add_argument("--driving", required=True, help="driving video, or a folder of PNG frames")
    p.add_argument("--out-frames", required=True, help="folder for the predicted PNG frames")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--relative", dest="relative", action="store_true", default=True,
                      help="relative keypoint motion (default)")
    mode.add_argument("--absolute", dest="relative", action="store_false", help="absolute keypoint positions")
    p.add_argument("--adapt-scale", action="store_true", help="scale motion by the keypoint convex-hull ratio")
    anchor = p.add_mutually_exclusive_group()
    anchor.add_argument("--anchor", type=int, default=0, help="driving frame whose keypoints are the reference "
                        "pose for relative motion (default 0)")
    anchor.add_argument("--find-best-frame", action="store_true",
                        help="choose the anchor whose keypoints best match the source's (see README)")
    p.add_argument("--max-frames", type=int, help="use only the first N driving frames")
    p.add_argument("--threads", type=int, help="torch intra-op threads")
    p.add_argument("--timing-json", help="write per-frame timings to this JSON file")
    p.set_defaults(handler=_reference)

    p = sub.add_parser("fixtures", help="regenerate the committed test fixtures")
    p.add_argument("--out", required=True, help="fixtures folder (e.g. fixtures)")
    p.set_defaults(handler=_fixtures)

    p = sub.add_parser("verify", help="check a bundle's manifest and graph checksums")
    p.add_argument("bundle", help="bundle folder")
    p.set_defaults(handler=_verify)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from .checkpoint import CheckpointError
    try:
        return args.handler(args, parser)
    except (CheckpointError, ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
