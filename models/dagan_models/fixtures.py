"""Test fixtures shared with the Java services, reproducible byte for byte.

`python3 -m dagan_models fixtures --out fixtures` writes:
  tiny/         the tiny random bundle (--random --preset tiny --seed 0)
  tiny-parity/  synthetic inputs and the PyTorch outputs of every graph for that bundle
  resize/       uint8 images and the reference's 256x256 float resize of each
  motion/       normalize_kp cases (plain JSON)
Network outputs are computed in float64 from the float32 weights and the stored float32 inputs
(each stage fed the float32-rounded output of the previous one), then stored as float32, so the
files do not depend on the CPU's float32 kernels.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
from typing import Dict, List

import numpy as np
import torch

from .export import write_bundle
from .motion import adapt_scale, normalize_kp
from .preprocess import FRAME_SIZE, resize_frame
from .synthetic import DRIVING_POSES, SOURCE_POSE, FacePose, face_batch, face_image
from .weights import random_model

TINY_SEED = 0
PARITY_OPTIONS = {"relative": True, "adapt_scale": True, "anchor": 0}


def _json_bytes(obj) -> bytes:
    return (json.dumps(obj, indent=2) + "\n").encode("utf-8")


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def _save_npy(folder: str, name: str, array: np.ndarray, files: Dict[str, dict], description: str, **extra):
    array = np.ascontiguousarray(array)
    np.save(os.path.join(folder, f"{name}.npy"), array, allow_pickle=False)
    files[name] = {"file": f"{name}.npy", "dtype": str(array.dtype), "shape": list(array.shape),
                   "description": description, **extra}


# --------------------------------------------------------------------------- parity

def _f32(t: torch.Tensor) -> torch.Tensor:
    """Round-trip through float32 (what a stored fixture holds), back to float64 for computing."""
    return t.float().double()


def write_parity(folder: str, nets, bundle_id: str) -> None:
    os.makedirs(folder, exist_ok=True)
    n64 = copy.deepcopy(nets).to(torch.float64)
    gen = n64.generator
    files: Dict[str, dict] = {}
    source = torch.from_numpy(face_batch((SOURCE_POSE,))).double()
    driving = torch.from_numpy(face_batch(DRIVING_POSES)).double()
    n = driving.shape[0]
    with torch.no_grad():
        source_depth = _f32(n64.depth(source))
        driving_depth = _f32(n64.depth(driving))
        ks_v, ks_j = map(_f32, n64.keypoints(torch.cat([source, source_depth], dim=1)))
        kd_v, kd_j = map(_f32, n64.keypoints(torch.cat([driving, driving_depth], dim=1)))
        feature, query = map(_f32, gen.encode_source(source, source_depth))
        anchor = PARITY_OPTIONS["anchor"]
        kp_source = {"value": ks_v, "jacobian": ks_j}
        kp_initial = {"value": kd_v[anchor:anchor + 1], "jacobian": kd_j[anchor:anchor + 1]}
        scale = adapt_scale(ks_v, kp_initial["value"])
        norm = normalize_kp(kp_source, {"value": kd_v, "jacobian": kd_j}, kp_initial, relative=True, scale=scale)
        kn_v, kn_j = _f32(norm["value"]), _f32(norm["jacobian"])

        def rep(t):
            return t.expand(n, *t.shape[1:])
        prediction = gen.generate(rep(feature), rep(query), rep(source), rep(ks_v), rep(ks_j), kn_v, kn_j)
        monolithic = gen(rep(source), {"value": kn_v, "jacobian": kn_j}, {"value": rep(ks_v), "jacobian": rep(ks_j)},
                         rep(source_depth))["prediction"]

    def save(name, t, description, **extra):
        _save_npy(folder, name, t.float().numpy(), files, description, **extra)

    save("source", source, "synthetic source face, RGB in [0, 1]", feeds=["depth.image", "keypoints.image",
                                                                          "source_encoder.source_image",
                                                                          "generator.source_image"])
    save("driving", driving, "two synthetic driving frames with head and mouth motion",
         feeds=["depth.image", "keypoints.image"])
    save("source_depth", source_depth, "depth.onnx(source)", graph="depth")
    save("driving_depth", driving_depth, "depth.onnx(driving)", graph="depth")
    save("kp_source_value", ks_v, "keypoints.onnx(source, source_depth).value", graph="keypoints")
    save("kp_source_jacobian", ks_j, "keypoints.onnx(source, source_depth).jacobian", graph="keypoints")
    save("kp_driving_value", kd_v, "keypoints.onnx(driving, driving_depth).value", graph="keypoints")
    save("kp_driving_jacobian", kd_j, "keypoints.onnx(driving, driving_depth).jacobian", graph="keypoints")
    save("source_feature", feature, "source_encoder.onnx(source, source_depth).source_feature",
         graph="source_encoder")
    save("attention_query", query, "source_encoder.onnx(source, source_depth).attention_query",
         graph="source_encoder")
    save("kp_norm_value", kn_v, "normalize_kp(kp_source, kp_driving, anchor frame 0; relative, adapt_scale).value",
         graph="motion")
    save("kp_norm_jacobian", kn_j, "normalize_kp(...).jacobian (J_d inv(J_anchor) J_s)", graph="motion")
    save("prediction", prediction,
         "generator.onnx(source_feature, attention_query, source, kp_source_*, kp_norm_*) with the batch-1 "
         "source tensors repeated to batch 2", graph="generator")
    save("prediction_monolithic", monolithic,
         "the generator's monolithic forward (source encoders + motion + decoder in one call) on the same inputs",
         graph="generator")
    cases = {
        "bundle": "../tiny",
        "bundle_id": bundle_id,
        "computed_in": "float64 from the float32 weights and the stored float32 inputs; stored as float32",
        "options": dict(PARITY_OPTIONS, adapt_scale_value=scale),
        "graphs": {
            "depth": [{"inputs": {"image": "source"}, "outputs": {"depth": "source_depth"}},
                      {"inputs": {"image": "driving"}, "outputs": {"depth": "driving_depth"}}],
            "keypoints": [{"inputs": {"image": "source", "depth": "source_depth"},
                           "outputs": {"value": "kp_source_value", "jacobian": "kp_source_jacobian"}},
                          {"inputs": {"image": "driving", "depth": "driving_depth"},
                           "outputs": {"value": "kp_driving_value", "jacobian": "kp_driving_jacobian"}}],
            "source_encoder": [{"inputs": {"source_image": "source", "source_depth": "source_depth"},
                                "outputs": {"source_feature": "source_feature",
                                            "attention_query": "attention_query"}}],
            "generator": [{"repeat_to_batch": n,
                           "inputs": {"source_feature": "source_feature", "attention_query": "attention_query",
                                      "source_image": "source", "kp_source_value": "kp_source_value",
                                      "kp_source_jacobian": "kp_source_jacobian",
                                      "kp_driving_value": "kp_norm_value",
                                      "kp_driving_jacobian": "kp_norm_jacobian"},
                           "outputs": {"prediction": "prediction"}}],
        },
        "motion": {"kp_source": ["kp_source_value", "kp_source_jacobian"],
                   "kp_driving": ["kp_driving_value", "kp_driving_jacobian"],
                   "anchor_frame": PARITY_OPTIONS["anchor"],
                   "outputs": ["kp_norm_value", "kp_norm_jacobian"]},
        "files": files,
    }
    _write(os.path.join(folder, "cases.json"), _json_bytes(cases))


# --------------------------------------------------------------------------- resize

def _textured_face(height: int, width: int, seed: int, pose: FacePose = FacePose()) -> np.ndarray:
    """uint8 HxWx3: a face plus fine stripes and noise, so anti-aliasing matters when downscaling."""
    rng = np.random.default_rng(seed)
    img = face_image(height, width, pose).transpose(1, 2, 0) * 255.0
    yy, xx = np.mgrid[0:height, 0:width]
    img += 30.0 * np.sin(xx * 2.1 + yy * 0.7)[..., None] * np.array([1.0, 0.6, 0.3])
    img += rng.normal(0.0, 8.0, size=img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


RESIZE_CASES = (
    ("downscale_480x640", "non-square downscale (factors 1.875 x 2.5)", lambda: _textured_face(480, 640, 1)),
    ("downscale_300x400", "non-square downscale (factors 1.17 x 1.56)", lambda: _textured_face(300, 400, 2)),
    ("upscale_120x100", "upscale, no anti-aliasing", lambda: _textured_face(120, 100, 3)),
    ("identity_256x256", "already 256x256: only the uint8 -> [0, 1] conversion", lambda: _textured_face(256, 256, 4)),
    ("odd_257x255", "one pixel off: downscale rows, upscale columns", lambda: _textured_face(257, 255, 5)),
    ("gray_200x180", "grayscale HxW: replicated to RGB, then resized",
     lambda: _textured_face(200, 180, 6)[..., 1]),
    ("rgba_300x240", "RGBA: resized with the alpha channel, which is then dropped",
     lambda: np.concatenate([_textured_face(300, 240, 7),
                             np.linspace(0, 255, 300 * 240).reshape(300, 240, 1).astype(np.uint8)], axis=-1)),
)


def write_resize(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    cases = []
    for name, description, make in RESIZE_CASES:
        image = make()
        expected = resize_frame(image).astype(np.float32)
        np.save(os.path.join(folder, f"{name}.npy"), image, allow_pickle=False)
        np.save(os.path.join(folder, f"{name}_expected.npy"), expected, allow_pickle=False)
        cases.append({"name": name, "description": description,
                      "input": {"file": f"{name}.npy", "dtype": "uint8", "shape": list(image.shape)},
                      "expected": {"file": f"{name}_expected.npy", "dtype": "float32",
                                   "shape": list(expected.shape)}})
    doc = {
        "what": "skimage.transform.resize(to_rgb(image), (256, 256))[..., :3] as float32, HxWx3 in [0, 1]",
        "algorithm": {
            "to_float": "uint8 / 255 (float64)",
            "gray": "HxW gray is replicated to 3 channels first; HxWx4 keeps alpha through the resize and drops it "
                    "after",
            "anti_aliasing": "only when an axis shrinks: scipy.ndimage.gaussian_filter with sigma per axis = "
                             "max(0, (in/out - 1) / 2) (channel axis 0), mode 'mirror', truncate 4.0",
            "interpolation": "scipy.ndimage.zoom(order=1, mode='mirror', grid_mode=True) to 256x256: bilinear with "
                             "half-pixel centres, src = (dst + 0.5) * in/out - 0.5, mirror at the borders",
            "clip": "to [min, max] of the whole float input (all channels, alpha included), i.e. "
                    "[min(image) / 255, max(image) / 255]",
        },
        "size": list(FRAME_SIZE),
        "cases": cases,
    }
    _write(os.path.join(folder, "cases.json"), _json_bytes(doc))


# --------------------------------------------------------------------------- motion

def _kp(rng, k: int, spread: float = 0.6, jitter: float = 0.15):
    value = rng.uniform(-spread, spread, size=(1, k, 2))
    jac = np.eye(2)[None, None] + rng.normal(0.0, jitter, size=(1, k, 2, 2))
    return value.astype(np.float32), jac.astype(np.float32)


def _as_list(a: np.ndarray) -> List:
    return np.asarray(a, dtype=np.float64).tolist()


def _motion_case(name, description, source, initial, driving, relative, adapt):
    to_t = lambda pair: {"value": torch.from_numpy(pair[0]).double(), "jacobian": torch.from_numpy(pair[1]).double()}
    ks, ki, kd = to_t(source), to_t(initial), to_t(driving)
    out = normalize_kp(ks, kd, ki, relative=relative, adapt_movement_scale=adapt)
    scale = adapt_scale(ks["value"], ki["value"]) if (adapt and relative) else 1.0
    return {
        "name": name, "description": description,
        "options": {"relative": relative, "adapt_scale": adapt},
        "kp_source": {"value": _as_list(source[0]), "jacobian": _as_list(source[1])},
        "kp_anchor": {"value": _as_list(initial[0]), "jacobian": _as_list(initial[1])},
        "kp_driving": {"value": _as_list(driving[0]), "jacobian": _as_list(driving[1])},
        "expected": {"scale": scale, "value": _as_list(out["value"].numpy()),
                     "jacobian": _as_list(out["jacobian"].numpy())},
    }


def motion_cases() -> dict:
    rng = np.random.default_rng(2024)
    k = 15
    src, ini, drv = _kp(rng, k), _kp(rng, k), _kp(rng, k)
    # drivings that move relative to the anchor
    near = (np.clip(ini[0] + rng.normal(0, 0.05, ini[0].shape), -1, 1).astype(np.float32),
            (ini[1] + rng.normal(0, 0.05, ini[1].shape)).astype(np.float32))
    thin_value = np.stack([np.linspace(-0.8, 0.8, k), np.linspace(-0.3, 0.3, k)], axis=-1)
    thin_value[:, 1] += rng.normal(0, 2e-3, k)
    thin = (thin_value[None].astype(np.float32), ini[1])
    dup_value = src[0].copy()
    dup_value[0, 5:10] = dup_value[0, 0]            # five copies of one point
    dup_value[0, 10:] = dup_value[0, :5] * 0.1      # points well inside the hull
    dup = (dup_value, src[1])
    small = (ini[0] * 0.25, ini[1])                 # a 4x smaller face in the driving video
    cases = [
        _motion_case("relative_adapt_scale", "the demo's --relative --adapt_scale", src, ini, drv, True, True),
        _motion_case("relative_no_scale", "--relative without adapt_scale (scale 1)", src, ini, drv, True, False),
        _motion_case("absolute", "no relative motion: driving keypoints pass unchanged (adapt_scale is ignored)",
                     src, ini, drv, False, True),
        _motion_case("driving_equals_anchor", "driving == anchor: value -> source value, jacobian -> source's",
                     src, ini, ini, True, True),
        _motion_case("small_motion_small_anchor", "small motion around an anchor with a 4x smaller hull "
                     "(scale ~4)", src, small, (near[0] * 0.25, near[1]), True, True),
        _motion_case("thin_anchor_hull", "nearly collinear anchor keypoints: tiny hull area, large scale",
                     src, thin, near, True, True),
        _motion_case("duplicate_and_interior_source_points", "source hull with repeated and interior points",
                     dup, ini, drv, True, True),
    ]
    collinear = np.stack([np.linspace(-0.5, 0.5, k), np.linspace(-0.5, 0.5, k)], axis=-1)[None].astype(np.float32)
    return {
        "what": "normalize_kp of the reference demo; K = 15; float64 results",
        "formula": {
            "scale": "sqrt(area(hull(kp_source.value))) / sqrt(area(hull(kp_anchor.value))) if adapt_scale else 1 "
                     "(scipy ConvexHull(...).volume, i.e. the 2-D area)",
            "value": "(kp_driving.value - kp_anchor.value) * scale + kp_source.value if relative, "
                     "else kp_driving.value",
            "jacobian": "kp_driving.jacobian @ inv(kp_anchor.jacobian) @ kp_source.jacobian if relative, "
                        "else kp_driving.jacobian",
        },
        "cases": cases,
        "degenerate_cases": [{
            "name": "collinear_anchor",
            "description": "all anchor keypoints on one line: the hull has no area; the reference (scipy "
                           "ConvexHull) raises QhullError, so adapt_scale is undefined here",
            "kp_anchor_value": _as_list(collinear[0]),
            "reference_error": "QhullError",
        }],
    }


def write_motion(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    _write(os.path.join(folder, "cases.json"), _json_bytes(motion_cases()))


# --------------------------------------------------------------------------- all

def write_fixtures(out: str) -> None:
    """Regenerates every fixture folder under `out` (existing ones are replaced)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # one reduction order for the float64 reference outputs
    try:
        os.makedirs(out, exist_ok=True)
        for sub in ("tiny", "tiny-parity", "resize", "motion"):
            path = os.path.join(out, sub)
            if os.path.isdir(path):
                shutil.rmtree(path)
        loaded = random_model("tiny", TINY_SEED)
        manifest = write_bundle(loaded.nets, os.path.join(out, "tiny"), loaded.name, loaded.made_by)
        write_parity(os.path.join(out, "tiny-parity"), loaded.nets, manifest["id"])
        write_resize(os.path.join(out, "resize"))
        write_motion(os.path.join(out, "motion"))
    finally:
        torch.set_num_threads(threads)

