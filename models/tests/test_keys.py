"""Every state_dict key and shape of our networks equals the released checkpoints' lists."""
import json
import os

import pytest

from dagan_models.config import DEPTH_AWARE, SPADE_DEPTH_AWARE, make_config
from dagan_models.networks import build_networks


def _expected(keys_dir, name):
    with open(os.path.join(keys_dir, name)) as f:
        return list(json.load(f).items())


def _actual(module):
    return [(k, list(v.shape)) for k, v in module.state_dict().items()]


def _assert_same(expected, actual):
    missing = [k for k, _ in expected if k not in dict(actual)]
    extra = [k for k, _ in actual if k not in dict(expected)]
    assert not missing and not extra, f"missing {missing[:5]}, unexpected {extra[:5]}"
    wrong = [(k, s, dict(actual)[k]) for k, s in expected if dict(actual)[k] != s]
    assert not wrong, f"shape mismatches {wrong[:5]}"
    assert [k for k, _ in expected] == [k for k, _ in actual], "same keys but in another order"


@pytest.mark.parametrize("kind", [DEPTH_AWARE, SPADE_DEPTH_AWARE])
def test_generator_keys_match_official(keys_dir, kind):
    nets = build_networks(make_config("full", kind), initialize=False)
    _assert_same(_expected(keys_dir, f"generator_{kind}_kp15.json"), _actual(nets.generator))


def test_kp_detector_keys_match_official(keys_dir):
    nets = build_networks(make_config("full"), initialize=False)
    _assert_same(_expected(keys_dir, "kp_detector_kp15_rgbd.json"), _actual(nets.keypoints))


@pytest.mark.parametrize("layers", [18, 50])
def test_depth_keys_match_official(keys_dir, layers):
    nets = build_networks(make_config("full", depth_layers=layers), initialize=False)
    _assert_same(_expected(keys_dir, f"depth_encoder_resnet{layers}.json"), _actual(nets.depth_encoder))
    _assert_same(_expected(keys_dir, f"depth_decoder_resnet{layers}.json"), _actual(nets.depth_decoder))


@pytest.mark.parametrize("kind", [DEPTH_AWARE, SPADE_DEPTH_AWARE])
def test_tiny_preset_keeps_every_official_key(keys_dir, kind):
    """The tiny preset only narrows widths: same keys, same tensor ranks."""
    nets = build_networks(make_config("tiny", kind))
    expected = _expected(keys_dir, f"generator_{kind}_kp15.json")
    actual = _actual(nets.generator)
    assert [k for k, _ in expected] == [k for k, _ in actual]
    assert [len(s) for _, s in expected] == [len(s) for _, s in actual]
    assert [k for k, _ in _expected(keys_dir, "kp_detector_kp15_rgbd.json")] == [k for k, _ in _actual(nets.keypoints)]
