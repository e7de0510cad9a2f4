"""Fake official weight files, written the way the released ones are (never downloaded).

Tensors get the official keys and shapes; each holds a distinct constant so a mixed-up key would
be noticed after loading. Layouts: `.pth.tar` dicts with `module.` prefixes and extra entries,
bare `generator.pt` / `kp_detector.pt`, and a depth folder with `encoder.pth` (plus `height`,
`width`, `use_stereo`) and `depth.pth`.
"""
import json
import os
from collections import OrderedDict

import torch

from dagan_models.config import DEPTH_AWARE, make_config
from dagan_models.networks import build_networks


def shapes_from_json(keys_dir, name):
    with open(os.path.join(keys_dir, name)) as f:
        return OrderedDict((k, tuple(v)) for k, v in json.load(f).items())


def shapes_from_model(module):
    return OrderedDict((k, tuple(v.shape)) for k, v in module.state_dict().items())


def fake_state_dict(shapes, offset=0.0, prefix=""):
    sd = OrderedDict()
    for i, (key, shape) in enumerate(shapes.items()):
        if key.endswith("num_batches_tracked"):
            sd[prefix + key] = torch.tensor(1000 + i, dtype=torch.long)
        else:
            sd[prefix + key] = torch.full(shape, offset + i * 1e-3, dtype=torch.float32)
    return sd


def official_shapes(keys_dir, kind=DEPTH_AWARE, num_kp=15, depth_layers=18, preset="full"):
    """(generator, kp_detector, depth encoder, depth decoder) shapes; the key lists for the
    released configuration, our model's shapes for the other variants."""
    if preset == "full" and num_kp == 15:
        gen = shapes_from_json(keys_dir, f"generator_{kind}_kp15.json")
        kp = shapes_from_json(keys_dir, "kp_detector_kp15_rgbd.json")
    else:
        nets = build_networks(make_config(preset, kind, num_kp), initialize=False)
        gen, kp = shapes_from_model(nets.generator), shapes_from_model(nets.keypoints)
    if preset == "full":
        enc = shapes_from_json(keys_dir, f"depth_encoder_resnet{depth_layers}.json")
        dec = shapes_from_json(keys_dir, f"depth_decoder_resnet{depth_layers}.json")
    else:
        nets = build_networks(make_config(preset, kind, num_kp, depth_layers), initialize=False)
        enc, dec = shapes_from_model(nets.depth_encoder), shapes_from_model(nets.depth_decoder)
    return gen, kp, enc, dec


def write_pth_tar(path, gen_shapes, kp_shapes, module_prefix=True):
    prefix = "module." if module_prefix else ""
    data = {
        "generator": fake_state_dict(gen_shapes, 0.1, prefix),
        "kp_detector": fake_state_dict(kp_shapes, 0.2, prefix),
        "discriminator": fake_state_dict(OrderedDict([("down_blocks.0.conv.weight", (8, 3, 4, 4))]), 0.3, prefix),
        "optimizer_generator": {"state": {}, "param_groups": [{"lr": 2e-4, "betas": (0.5, 0.999), "params": [0, 1]}]},
        "epoch": 149,
    }
    torch.save(data, path)
    return data


def write_bare(folder, gen_shapes, kp_shapes):
    os.makedirs(folder, exist_ok=True)
    gen = fake_state_dict(gen_shapes, 0.1)
    kp = fake_state_dict(kp_shapes, 0.2)
    torch.save(gen, os.path.join(folder, "generator.pt"))
    torch.save(kp, os.path.join(folder, "kp_detector.pt"))
    return gen, kp


def write_depth_dir(folder, enc_shapes, dec_shapes):
    os.makedirs(folder, exist_ok=True)
    enc = fake_state_dict(enc_shapes, 0.4)
    enc_file = dict(enc)
    enc_file.update({"height": 256, "width": 256, "use_stereo": False})
    dec = fake_state_dict(dec_shapes, 0.5)
    torch.save(enc_file, os.path.join(folder, "encoder.pth"))
    torch.save(dec, os.path.join(folder, "depth.pth"))
    return enc, dec
