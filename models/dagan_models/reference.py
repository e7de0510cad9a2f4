"""PyTorch reference animation loop, reproducing the authors' demo on the same weights.

Per job: resize source and driving frames (preprocess.py), depth and keypoints of the source and
of the anchor driving frame; per frame: depth, keypoints on RGB-D, normalize_kp, the monolithic
generator forward (it re-encodes the source every frame, as the demo does), PNG output as
rint(x * 255). With an anchor other than 0 the demo animates forwards and backwards from it;
since each frame only depends on the anchor's keypoints, processing frames in order with that
anchor gives the same frames. Timings are per frame and per stage.
"""
from __future__ import annotations

import json
import os
import statistics
import time
from dataclasses import dataclass, field
from typing import Dict, List

import numpy as np
import torch

from .motion import adapt_scale, hull_area, normalize_kp
from .networks import Networks
from .preprocess import frame_tensor_layout, read_driving, read_image, resize_frame, to_uint8_frame


@dataclass
class ReferenceOptions:
    relative: bool = True
    adapt_scale: bool = False
    anchor: int = 0
    find_best_frame: bool = False


@dataclass
class ReferenceResult:
    predictions: List[np.ndarray]          # 3xHxW float32 in [0, 1] per frame
    anchor: int
    scale: float
    timings: List[Dict[str, float]] = field(default_factory=list)
    setup_ms: Dict[str, float] = field(default_factory=dict)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def normalized_landmarks(value: np.ndarray) -> np.ndarray:
    """Keypoints centred and divided by sqrt(hull area), as the demo normalises landmarks."""
    centred = value - value.mean(axis=0, keepdims=True)
    return centred / np.sqrt(hull_area(centred))


def best_anchor(kp_source_value: torch.Tensor, kp_driving_values: List[torch.Tensor]) -> int:
    """Driving frame whose normalised keypoints are closest to the source's.

    The demo compares 68-point face landmarks from an external model; our own keypoints stand in.
    """
    src = normalized_landmarks(kp_source_value[0].double().numpy())
    distances = [float(((normalized_landmarks(v[0].double().numpy()) - src) ** 2).sum()) for v in kp_driving_values]
    return int(np.argmin(distances))


def animate(nets: Networks, source: np.ndarray, driving: List[np.ndarray], options: ReferenceOptions,
            on_frame=None) -> ReferenceResult:
    """source: 3xHxW float32; driving: list of 3xHxW float32; returns predictions and timings."""
    if not driving:
        raise ValueError("the driving video has no frames")
    if not options.find_best_frame and not 0 <= options.anchor < len(driving):
        raise ValueError(f"--anchor {options.anchor} is outside the driving video's frames 0..{len(driving) - 1}")
    gen = nets.generator
    result = ReferenceResult(predictions=[], anchor=options.anchor, scale=1.0)
    with torch.no_grad():
        t = time.perf_counter()
        src = torch.from_numpy(source).unsqueeze(0)
        depth_source = nets.depth(src)
        kp_source = nets.keypoints.detect(src, depth_source)
        result.setup_ms["source"] = _ms(t)
        t = time.perf_counter()
        if options.find_best_frame:
            values = []
            for frame in driving:
                f = torch.from_numpy(frame).unsqueeze(0)
                values.append(nets.keypoints.detect(f, nets.depth(f))["value"])
            result.anchor = best_anchor(kp_source["value"], values)
        anchor = torch.from_numpy(driving[result.anchor]).unsqueeze(0)
        kp_initial = nets.keypoints.detect(anchor, nets.depth(anchor))
        if options.relative and options.adapt_scale:
            result.scale = adapt_scale(kp_source["value"], kp_initial["value"])
        result.setup_ms["anchor"] = _ms(t)
        for index, frame in enumerate(driving):
            timing = {}
            start = time.perf_counter()
            f = torch.from_numpy(frame).unsqueeze(0)
            t = time.perf_counter()
            depth = nets.depth(f)
            timing["depth_ms"] = _ms(t)
            t = time.perf_counter()
            kp_driving = nets.keypoints.detect(f, depth)
            timing["keypoints_ms"] = _ms(t)
            t = time.perf_counter()
            kp_norm = normalize_kp(kp_source, kp_driving, kp_initial, relative=options.relative,
                                   scale=result.scale)
            timing["normalize_ms"] = _ms(t)
            t = time.perf_counter()
            prediction = gen(src, kp_norm, kp_source, depth_source, depth)["prediction"]
            timing["generator_ms"] = _ms(t)
            timing["total_ms"] = _ms(start)
            out = prediction[0].numpy()
            result.predictions.append(out)
            result.timings.append(timing)
            if on_frame is not None:
                on_frame(index, out)
    return result


def _summary(timings: List[Dict[str, float]]) -> Dict[str, float]:
    out = {}
    for key in ("depth_ms", "keypoints_ms", "normalize_ms", "generator_ms", "total_ms"):
        values = [t[key] for t in timings]
        out[f"median_{key}"] = statistics.median(values)
        out[f"mean_{key}"] = statistics.fmean(values)
    return out


def run_reference_command(args) -> int:
    from PIL import Image

    from .weights import load_weights
    if args.threads is not None:
        if args.threads < 1:
            raise ValueError(f"--threads must be at least 1, got {args.threads}")
        torch.set_num_threads(args.threads)
    if args.max_frames is not None and args.max_frames < 1:
        raise ValueError(f"--max-frames must be at least 1, got {args.max_frames}")
    t = time.perf_counter()
    loaded = load_weights(args)
    weights_ms = _ms(t)
    source = frame_tensor_layout(resize_frame(read_image(args.source)))
    raw_frames, fps = read_driving(args.driving)
    if args.max_frames is not None:
        raw_frames = raw_frames[: args.max_frames]
    driving = [frame_tensor_layout(resize_frame(f)) for f in raw_frames]
    os.makedirs(args.out_frames, exist_ok=True)

    def write(index, prediction):
        Image.fromarray(to_uint8_frame(prediction)).save(os.path.join(args.out_frames, f"frame_{index:06d}.png"))

    options = ReferenceOptions(relative=args.relative, adapt_scale=args.adapt_scale, anchor=args.anchor,
                               find_best_frame=args.find_best_frame)
    result = animate(loaded.nets, source, driving, options, on_frame=write)
    summary = _summary(result.timings)
    print(f"{len(driving)} frames -> {args.out_frames} (anchor {result.anchor}, scale {result.scale:.4f}); "
          f"median {summary['median_total_ms']:.0f} ms/frame (generator {summary['median_generator_ms']:.0f} ms) "
          f"on {torch.get_num_threads()} threads")
    if args.timing_json:
        report = {
            "frames": len(driving),
            "fps": fps,
            "threads": torch.get_num_threads(),
            "weights": loaded.name,
            "generator": loaded.nets.config.generator.kind,
            "preset": loaded.made_by.get("preset"),
            "options": {"relative": options.relative, "adapt_scale": options.adapt_scale,
                        "anchor": result.anchor, "find_best_frame": options.find_best_frame,
                        "scale": result.scale},
            "weights_load_ms": weights_ms,
            "setup_ms": result.setup_ms,
            "summary": summary,
            "per_frame": [dict(index=i, **t) for i, t in enumerate(result.timings)],
        }
        with open(args.timing_json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return 0
