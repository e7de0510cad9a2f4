"""Import of the official DaGAN weight files into our networks.

Layouts understood (see MODEL.md):
- `*.pth.tar`: torch-pickled dict with `generator` and `kp_detector` state dicts (keys may carry a
  `module.` prefix); other entries (discriminator, optimizers, epoch) are ignored.
- bare state dicts `generator.pt` / `kp_detector.pt` (pass either file, or their folder).
- depth folder: `encoder.pth` (ResNet state dict `encoder.*` plus non-tensor `height`, `width`,
  `use_stereo`) and `depth.pth` (decoder `decoder.0..13.*`).
- SPADE generators hold spectral-norm tensors (`weight_orig`, `weight_u`, `weight_v`); they load as
  is and are folded into plain weights at export. Already-folded `weight` tensors are accepted too.
Generator kind, keypoint count and depth layers are detected from the files; explicit values
must agree with what the files hold, otherwise the error names the mismatch and the fix.
"""
from __future__ import annotations

import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Dict, Mapping, Optional

import torch

from . import safe_pickle
from .config import DEPTH_AWARE, RESNET_LAYOUTS, SPADE_DEPTH_AWARE, ModelConfig, make_config
from .networks import Networks, build_networks


class CheckpointError(ValueError):
    """A weight file is missing, unreadable, or does not fit the requested model."""


BARE_GENERATOR_NAMES = ("generator.pt", "generator.pth")
BARE_KP_NAMES = ("kp_detector.pt", "kp_detector.pth")
DEPTH_ENCODER_FILE = "encoder.pth"
DEPTH_DECODER_FILE = "depth.pth"


@dataclass
class OfficialWeights:
    """Tensor state dicts read from the official files, plus which file each came from."""
    generator: "OrderedDict[str, torch.Tensor]"
    kp_detector: "OrderedDict[str, torch.Tensor]"
    depth_encoder: "OrderedDict[str, torch.Tensor]"
    depth_decoder: "OrderedDict[str, torch.Tensor]"
    files: Dict[str, str] = field(default_factory=dict)  # role -> path


# --------------------------------------------------------------------------- reading files

def load_torch_file(path: str, allow_pickle: bool = False):
    if not os.path.exists(path):
        raise CheckpointError(f"weight file not found: {path}")
    if not os.path.isfile(path):
        raise CheckpointError(f"expected a file but {path} is a directory")
    try:
        if allow_pickle:
            return torch.load(path, map_location="cpu")
        return safe_pickle.torch_load_restricted(path)
    except Exception as e:  # torch raises many kinds here: pickle, zip, unsupported globals
        message = str(e).strip().splitlines()[0] if str(e).strip() else ""
        hint = ""
        if not allow_pickle and "refusing to load global" in str(e):
            hint = " - if you trust the file, pass --allow-pickle"
        raise CheckpointError(f"cannot read {path} as a torch file: {type(e).__name__}: {message}{hint}") from e


def tensors_only(entries: Mapping, strip_module: bool = True) -> "OrderedDict[str, torch.Tensor]":
    """Keeps tensor entries (drops e.g. `height`, `width`, `use_stereo`) and strips `module.`."""
    out = OrderedDict()
    for key, value in entries.items():
        if not isinstance(value, torch.Tensor):
            continue
        if strip_module and key.startswith("module."):
            key = key[len("module."):]
        out[key] = value.detach().float() if value.is_floating_point() else value.detach()
    return out


def _looks_like_generator(sd: Mapping) -> bool:
    return any(str(k).replace("module.", "", 1).startswith("dense_motion_network.") for k in sd)


def _looks_like_kp_detector(sd: Mapping) -> bool:
    keys = {str(k).replace("module.", "", 1) for k in sd}
    return "kp.weight" in keys and any(k.startswith("predictor.") for k in keys)


def _find_sibling(directory: str, names) -> Optional[str]:
    for name in names:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return None


def read_generator_and_kp(checkpoint: str, allow_pickle: bool = False):
    """Returns (generator sd, kp_detector sd, files) from a .pth.tar, a bare file or a folder."""
    if os.path.isdir(checkpoint):
        gen_path = _find_sibling(checkpoint, BARE_GENERATOR_NAMES)
        kp_path = _find_sibling(checkpoint, BARE_KP_NAMES)
        if gen_path is None or kp_path is None:
            raise CheckpointError(
                f"folder {checkpoint} must hold bare state dicts {BARE_GENERATOR_NAMES[0]} and "
                f"{BARE_KP_NAMES[0]}; found {sorted(os.listdir(checkpoint))}")
        return _read_bare_pair(gen_path, kp_path, allow_pickle)
    data = load_torch_file(checkpoint, allow_pickle)
    if not isinstance(data, Mapping):
        raise CheckpointError(f"{checkpoint} holds a {type(data).__name__}, not a dict of state dicts")
    if "generator" in data or "kp_detector" in data:
        missing = [k for k in ("generator", "kp_detector") if k not in data]
        if missing:
            raise CheckpointError(f"{checkpoint} has no '{missing[0]}' entry (found: {sorted(map(str, data))})")
        for role in ("generator", "kp_detector"):
            if not isinstance(data[role], Mapping):
                raise CheckpointError(f"{checkpoint}: entry '{role}' is a {type(data[role]).__name__}, "
                                      "not a state dict")
        return tensors_only(data["generator"]), tensors_only(data["kp_detector"]), {"checkpoint": checkpoint}
    directory = os.path.dirname(os.path.abspath(checkpoint))
    if _looks_like_generator(data):
        kp_path = _find_sibling(directory, BARE_KP_NAMES)
        if kp_path is None:
            raise CheckpointError(f"{checkpoint} is a bare generator state dict; put {BARE_KP_NAMES[0]} "
                                  f"beside it (in {directory}) or pass the folder holding both")
        return _read_bare_pair(checkpoint, kp_path, allow_pickle, generator_data=data)
    if _looks_like_kp_detector(data):
        gen_path = _find_sibling(directory, BARE_GENERATOR_NAMES)
        if gen_path is None:
            raise CheckpointError(f"{checkpoint} is a bare keypoint-detector state dict; put "
                                  f"{BARE_GENERATOR_NAMES[0]} beside it or pass the generator file")
        return _read_bare_pair(gen_path, checkpoint, allow_pickle, kp_data=data)
    raise CheckpointError(f"{checkpoint} is neither a DaGAN checkpoint (dict with 'generator' and "
                          f"'kp_detector') nor a bare generator/kp_detector state dict; its first keys are "
                          f"{list(map(str, data))[:5]}")


def _read_bare_pair(gen_path, kp_path, allow_pickle, generator_data=None, kp_data=None):
    gen = generator_data if generator_data is not None else load_torch_file(gen_path, allow_pickle)
    kp = kp_data if kp_data is not None else load_torch_file(kp_path, allow_pickle)
    for path, sd, check, what in ((gen_path, gen, _looks_like_generator, "generator"),
                                  (kp_path, kp, _looks_like_kp_detector, "keypoint-detector")):
        if not isinstance(sd, Mapping) or not check(sd):
            raise CheckpointError(f"{path} is not a bare {what} state dict")
    return tensors_only(gen), tensors_only(kp), {"generator": gen_path, "kp_detector": kp_path}


def read_depth_dir(depth_dir: str, allow_pickle: bool = False):
    if not os.path.isdir(depth_dir):
        raise CheckpointError(f"--depth-dir {depth_dir} is not a folder (it must hold "
                              f"{DEPTH_ENCODER_FILE} and {DEPTH_DECODER_FILE})")
    paths = {}
    for role, name in (("depth_encoder", DEPTH_ENCODER_FILE), ("depth_decoder", DEPTH_DECODER_FILE)):
        path = os.path.join(depth_dir, name)
        if not os.path.isfile(path):
            raise CheckpointError(f"depth folder {depth_dir} has no {name} (found {sorted(os.listdir(depth_dir))})")
        paths[role] = path
    enc = load_torch_file(paths["depth_encoder"], allow_pickle)
    dec = load_torch_file(paths["depth_decoder"], allow_pickle)
    if not isinstance(enc, Mapping) or not any(str(k).startswith("encoder.") for k in enc):
        raise CheckpointError(f"{paths['depth_encoder']} is not a depth encoder state dict (no encoder.* keys)")
    if not isinstance(dec, Mapping) or not any(str(k).startswith("decoder.") for k in dec):
        raise CheckpointError(f"{paths['depth_decoder']} is not a depth decoder state dict (no decoder.* keys)")
    return tensors_only(enc), tensors_only(dec), paths


def read_official(checkpoint: str, depth_dir: str, allow_pickle: bool = False) -> OfficialWeights:
    gen, kp, files = read_generator_and_kp(checkpoint, allow_pickle)
    enc, dec, depth_files = read_depth_dir(depth_dir, allow_pickle)
    files.update(depth_files)
    return OfficialWeights(generator=gen, kp_detector=kp, depth_encoder=enc, depth_decoder=dec, files=files)


# --------------------------------------------------------------------------- detection

def detect_generator_kind(generator_sd: Mapping) -> str:
    if any(k.startswith("decoder.G_middle_0.") for k in generator_sd):
        return SPADE_DEPTH_AWARE
    if "bottleneck.r0.conv1.weight" in generator_sd:
        return DEPTH_AWARE
    raise CheckpointError("cannot tell the generator kind: the generator state dict has neither "
                          "bottleneck.r0.* (DepthAwareGenerator) nor decoder.G_middle_0.* "
                          "(SPADEDepthAwareGenerator) keys")


_KIND_EVIDENCE = {DEPTH_AWARE: "bottleneck.r0.*, final.*", SPADE_DEPTH_AWARE: "decoder.G_middle_0.*"}


def detect_num_kp(kp_sd: Mapping, generator_sd: Mapping) -> int:
    if "kp.weight" not in kp_sd:
        raise CheckpointError("keypoint detector state dict has no kp.weight")
    num_kp = int(kp_sd["kp.weight"].shape[0])
    mask = generator_sd.get("dense_motion_network.mask.weight")
    if mask is not None and int(mask.shape[0]) - 1 != num_kp:
        raise CheckpointError(f"keypoint detector has {num_kp} keypoints but the generator's dense motion "
                              f"network expects {int(mask.shape[0]) - 1}; the two state dicts come from "
                              "different checkpoints")
    first = kp_sd.get("predictor.encoder.down_blocks.0.conv.weight")
    if first is not None and int(first.shape[1]) != 4:
        raise CheckpointError(f"keypoint detector takes {int(first.shape[1])}-channel input; DaGAN's takes "
                              "RGB + depth (4 channels) - is this a checkpoint of another model?")
    return num_kp


def detect_depth_layers(encoder_sd: Mapping) -> int:
    bottleneck = "encoder.layer1.0.conv3.weight" in encoder_sd
    counts = []
    for stage in range(1, 5):
        indices = {int(m.group(1)) for k in encoder_sd
                   for m in [re.match(rf"encoder\.layer{stage}\.(\d+)\.", k)] if m}
        counts.append(max(indices) + 1 if indices else 0)
    for layers, (kind, layout) in RESNET_LAYOUTS.items():
        if (kind == "bottleneck") == bottleneck and tuple(counts) == layout:
            return layers
    raise CheckpointError(f"depth encoder has an unknown ResNet layout ({'bottleneck' if bottleneck else 'basic'} "
                          f"blocks per stage {counts}); supported: ResNet-{', '.join(map(str, RESNET_LAYOUTS))}")


def _depth_evidence(layers: int) -> str:
    return "layer1.0.conv3" if RESNET_LAYOUTS[layers][0] == "bottleneck" else "no layer1.0.conv3"


def resolve_config(weights: OfficialWeights, generator: Optional[str] = None, num_kp: Optional[int] = None,
                   depth_layers: Optional[int] = None) -> ModelConfig:
    """Full-preset config matching the files; explicit values must agree with them."""
    kind = detect_generator_kind(weights.generator)
    if generator is not None and generator != kind:
        raise CheckpointError(f"checkpoint holds a {kind} (keys {_KIND_EVIDENCE[kind]}) but --generator "
                              f"{generator} was given; drop the flag or pass --generator {kind}")
    kp = detect_num_kp(weights.kp_detector, weights.generator)
    if num_kp is not None and num_kp != kp:
        shape = list(weights.kp_detector["kp.weight"].shape)
        raise CheckpointError(f"checkpoint has {kp} keypoints (kp.weight {shape}) but --num-kp {num_kp} was "
                              f"given; drop the flag or pass --num-kp {kp}")
    layers = detect_depth_layers(weights.depth_encoder)
    if depth_layers is not None and depth_layers != layers:
        raise CheckpointError(f"depth encoder has ResNet-{layers} keys ({_depth_evidence(layers)}) but "
                              f"--depth-layers {depth_layers} was given; drop the flag or pass "
                              f"--depth-layers {layers}")
    config = make_config("full", kind, kp, layers)
    dec0 = weights.depth_decoder.get("decoder.0.conv.conv.weight")
    expected = config.depth.encoder_channels[-1]
    if dec0 is not None and int(dec0.shape[1]) != expected:
        raise CheckpointError(f"{DEPTH_DECODER_FILE} expects a {int(dec0.shape[1])}-channel encoder output but "
                              f"{DEPTH_ENCODER_FILE} is ResNet-{layers} ({expected} channels); use the "
                              "encoder.pth and depth.pth of the same depth model")
    return config


# --------------------------------------------------------------------------- loading

def unfold_plain_spectral(sd: "OrderedDict[str, torch.Tensor]", model_keys) -> "OrderedDict[str, torch.Tensor]":
    """Turns plain `conv_*.weight` tensors of an already-folded SPADE checkpoint into the
    weight_orig/u/v form our modules hold (u, v chosen so folding gives the weight back)."""
    out = OrderedDict()
    for key, value in sd.items():
        base = key[:-len(".weight")] if key.endswith(".weight") else None
        if base is not None and f"{base}.weight_orig" in model_keys and key not in model_keys:
            w = value.double().reshape(value.shape[0], -1)
            u, s, vh = torch.linalg.svd(w, full_matrices=False)
            out[f"{base}.weight_orig"] = value
            out[f"{base}.weight_u"] = u[:, 0].float()
            out[f"{base}.weight_v"] = (vh[0] / s[0]).float()
        else:
            out[key] = value
    return out


def load_strict(module: torch.nn.Module, sd: Mapping, what: str, source: str) -> None:
    """load_state_dict(strict=True) with an error that lists what does not fit."""
    own = module.state_dict()
    missing = [k for k in own if k not in sd]
    unexpected = [k for k in sd if k not in own]
    wrong = [(k, list(sd[k].shape), list(own[k].shape)) for k in own if k in sd and sd[k].shape != own[k].shape]
    problems = []
    if missing:
        problems.append(f"{len(missing)} missing keys (e.g. {', '.join(missing[:3])})")
    if unexpected:
        problems.append(f"{len(unexpected)} unexpected keys (e.g. {', '.join(unexpected[:3])})")
    if wrong:
        problems.append(f"{len(wrong)} tensors with other shapes (e.g. " + ", ".join(
            f"{k} is {a}, expected {b}" for k, a, b in wrong[:3]) + ")")
    if problems:
        raise CheckpointError(f"{what} weights in {source} do not fit the official configuration: "
                              + "; ".join(problems))
    module.load_state_dict(sd, strict=True)


def load_official_networks(checkpoint: str, depth_dir: str, generator: Optional[str] = None,
                           num_kp: Optional[int] = None, depth_layers: Optional[int] = None,
                           allow_pickle: bool = False):
    """Reads the official files and returns (Networks in float32 eval mode, OfficialWeights)."""
    weights = read_official(checkpoint, depth_dir, allow_pickle)
    config = resolve_config(weights, generator, num_kp, depth_layers)
    nets = build_networks(config, initialize=False)  # every tensor is loaded below
    gen_source = weights.files.get("checkpoint", weights.files.get("generator"))
    kp_source = weights.files.get("checkpoint", weights.files.get("kp_detector"))
    gen_sd = unfold_plain_spectral(weights.generator, set(nets.generator.state_dict()))
    load_strict(nets.generator, gen_sd, "generator", gen_source)
    load_strict(nets.keypoints, weights.kp_detector, "kp_detector", kp_source)
    # the encoder file carries the unused classifier head; our ResNet has it too, so load strictly
    load_strict(nets.depth_encoder, weights.depth_encoder, "depth encoder", weights.files["depth_encoder"])
    load_strict(nets.depth_decoder, weights.depth_decoder, "depth decoder", weights.files["depth_decoder"])
    return nets.eval(), weights
