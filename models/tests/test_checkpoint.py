"""Import of every official file layout, detection, and the errors for wrong combinations."""
import os

import pytest
import torch

from dagan_models.checkpoint import CheckpointError, load_official_networks, read_generator_and_kp
from dagan_models.cli import main
from dagan_models.config import DEPTH_AWARE, SPADE_DEPTH_AWARE

from official_files import official_shapes, write_bare, write_depth_dir, write_pth_tar


@pytest.fixture(scope="module")
def files(tmp_path_factory, keys_dir):
    root = tmp_path_factory.mktemp("official")
    gen, kp, enc, dec = official_shapes(keys_dir)
    out = {"root": root}
    out["tar"] = str(root / "DaGAN_vox_adv_256.pth.tar")
    out["tar_data"] = write_pth_tar(out["tar"], gen, kp)
    out["depth18"] = str(root / "depth_face_model")
    out["depth18_data"] = write_depth_dir(out["depth18"], enc, dec)
    spade_gen, spade_kp, _, _ = official_shapes(keys_dir, SPADE_DEPTH_AWARE)
    out["spade_tar"] = str(root / "SPADE_DaGAN_vox_adv_256.pth.tar")
    out["spade_data"] = write_pth_tar(out["spade_tar"], spade_gen, spade_kp)
    _, _, enc50, dec50 = official_shapes(keys_dir, depth_layers=50)
    out["depth50"] = str(root / "depth_face_model_resnet50")
    out["depth50_data"] = write_depth_dir(out["depth50"], enc50, dec50)
    return out


def _assert_loaded(module, expected, strip="module."):
    own = module.state_dict()
    for key, value in expected.items():
        k = key[len(strip):] if key.startswith(strip) else key
        assert torch.equal(own[k], value), k


def test_pth_tar_with_module_prefix_and_depth_folder(files):
    nets, weights = load_official_networks(files["tar"], files["depth18"])
    assert nets.config.generator.kind == DEPTH_AWARE
    assert nets.config.num_kp == 15 and nets.config.depth.num_layers == 18
    _assert_loaded(nets.generator, files["tar_data"]["generator"])
    _assert_loaded(nets.keypoints, files["tar_data"]["kp_detector"])
    enc, dec = files["depth18_data"]
    _assert_loaded(nets.depth_encoder, enc)  # includes the unused encoder.fc.*
    _assert_loaded(nets.depth_decoder, dec)
    assert set(weights.files) == {"checkpoint", "depth_encoder", "depth_decoder"}


def test_spade_checkpoint_with_spectral_norm_tensors(files):
    nets, _ = load_official_networks(files["spade_tar"], files["depth18"])
    assert nets.config.generator.kind == SPADE_DEPTH_AWARE
    _assert_loaded(nets.generator, files["spade_data"]["generator"])
    assert "decoder.G_middle_0.conv_0.weight_orig" in nets.generator.state_dict()


def test_bare_state_dicts_by_file_and_by_folder(files, keys_dir, tmp_path):
    gen_shapes, kp_shapes, _, _ = official_shapes(keys_dir)
    gen, kp = write_bare(str(tmp_path / "bare"), gen_shapes, kp_shapes)
    nets, weights = load_official_networks(str(tmp_path / "bare"), files["depth18"])
    _assert_loaded(nets.generator, gen)
    _assert_loaded(nets.keypoints, kp)
    assert set(weights.files) == {"generator", "kp_detector", "depth_encoder", "depth_decoder"}
    # either file finds its partner beside it
    for name in ("generator.pt", "kp_detector.pt"):
        gen_sd, kp_sd, found = read_generator_and_kp(str(tmp_path / "bare" / name))
        assert list(gen_sd) == list(gen) and list(kp_sd) == list(kp)
        assert os.path.basename(found["generator"]) == "generator.pt"
        assert os.path.basename(found["kp_detector"]) == "kp_detector.pt"


def test_resnet50_depth_detected(files):
    nets, _ = load_official_networks(files["tar"], files["depth50"])
    assert nets.config.depth.num_layers == 50
    _assert_loaded(nets.depth_encoder, files["depth50_data"][0])


def test_explicit_flags_that_agree_are_accepted(files):
    nets, _ = load_official_networks(files["tar"], files["depth18"], generator=DEPTH_AWARE, num_kp=15,
                                     depth_layers=18)
    assert nets.config.generator.kind == DEPTH_AWARE


def test_resnet50_depth_with_18_flag_names_the_fix(files):
    with pytest.raises(CheckpointError) as e:
        load_official_networks(files["tar"], files["depth50"], depth_layers=18)
    assert str(e.value) == ("depth encoder has ResNet-50 keys (layer1.0.conv3) but --depth-layers 18 was given; "
                            "drop the flag or pass --depth-layers 50")


def test_spade_checkpoint_for_the_other_generator_names_the_fix(files):
    with pytest.raises(CheckpointError) as e:
        load_official_networks(files["spade_tar"], files["depth18"], generator=DEPTH_AWARE)
    msg = str(e.value)
    assert "holds a SPADEDepthAwareGenerator" in msg and "--generator DepthAwareGenerator was given" in msg
    assert msg.endswith("drop the flag or pass --generator SPADEDepthAwareGenerator")


def test_other_num_kp_names_the_fix(keys_dir, files, tmp_path):
    gen, kp, _, _ = official_shapes(keys_dir, num_kp=10, preset="tiny")
    path = str(tmp_path / "kp10.pth.tar")
    write_pth_tar(path, gen, kp)
    with pytest.raises(CheckpointError) as e:
        load_official_networks(path, files["depth18"], num_kp=15)
    assert "checkpoint has 10 keypoints (kp.weight [10, " in str(e.value)
    assert str(e.value).endswith("but --num-kp 15 was given; drop the flag or pass --num-kp 10")


def test_generator_and_kp_detector_from_different_checkpoints(keys_dir, files, tmp_path):
    gen, _, _, _ = official_shapes(keys_dir, num_kp=10, preset="tiny")
    _, kp, _, _ = official_shapes(keys_dir, num_kp=15, preset="tiny")
    path = str(tmp_path / "mixed.pth.tar")
    write_pth_tar(path, gen, kp)
    with pytest.raises(CheckpointError, match="keypoint detector has 15 keypoints but the generator's dense motion "
                                              "network expects 10"):
        load_official_networks(path, files["depth18"])


def test_encoder_and_decoder_of_different_depth_models(files, keys_dir, tmp_path):
    _, _, enc18, _ = official_shapes(keys_dir, depth_layers=18)
    _, _, _, dec50 = official_shapes(keys_dir, depth_layers=50)
    write_depth_dir(str(tmp_path / "mixed"), enc18, dec50)
    with pytest.raises(CheckpointError, match="depth.pth expects a 2048-channel encoder output but encoder.pth is "
                                              "ResNet-18"):
        load_official_networks(files["tar"], str(tmp_path / "mixed"))


def test_wrong_widths_list_the_mismatching_tensors(files, keys_dir, tmp_path):
    gen, kp, _, _ = official_shapes(keys_dir, preset="tiny")  # right keys, narrower tensors
    path = str(tmp_path / "narrow.pth.tar")
    write_pth_tar(path, gen, kp)
    with pytest.raises(CheckpointError) as e:
        load_official_networks(path, files["depth18"])
    msg = str(e.value)
    assert msg.startswith(f"generator weights in {path} do not fit the official configuration:")
    assert "tensors with other shapes" in msg and "expected [" in msg


def test_pickled_objects_are_refused_unless_allowed(files, tmp_path):
    path = tmp_path / "with_object.pth.tar"
    torch.save({"generator": {}, "kp_detector": {}, "logger": os.path.join}, path)
    with pytest.raises(CheckpointError, match="refusing to load global posixpath.join.* pass --allow-pickle"):
        load_official_networks(str(path), files["depth18"])


def test_missing_and_unreadable_files(files, tmp_path):
    with pytest.raises(CheckpointError, match="weight file not found"):
        load_official_networks(str(tmp_path / "nope.pth.tar"), files["depth18"])
    junk = tmp_path / "junk.pth.tar"
    junk.write_bytes(b"not a torch file at all")
    with pytest.raises(CheckpointError, match="cannot read .*junk.pth.tar as a torch file"):
        load_official_networks(str(junk), files["depth18"])
    os.makedirs(tmp_path / "depth_only_encoder")
    torch.save({"encoder.conv1.weight": torch.zeros(1)}, tmp_path / "depth_only_encoder" / "encoder.pth")
    with pytest.raises(CheckpointError, match="has no depth.pth"):
        load_official_networks(files["tar"], str(tmp_path / "depth_only_encoder"))


def test_checkpoint_without_kp_detector_entry(files, tmp_path):
    path = tmp_path / "gen_only.pth.tar"
    torch.save({"generator": {"first.conv.weight": torch.zeros(1)}, "epoch": 1}, path)
    with pytest.raises(CheckpointError, match="has no 'kp_detector' entry"):
        load_official_networks(str(path), files["depth18"])


def test_cli_reports_mismatch_with_exit_code_2(files, tmp_path, capsys):
    code = main(["export", "--checkpoint", files["tar"], "--depth-dir", files["depth50"], "--depth-layers", "18",
                 "--out", str(tmp_path / "bundle")])
    assert code == 2
    assert "error: depth encoder has ResNet-50 keys (layer1.0.conv3) but --depth-layers 18" in capsys.readouterr().err
    assert not os.path.exists(tmp_path / "bundle")


def test_checkpoint_provenance_for_the_manifest(files):
    from argparse import Namespace
    from dagan_models.weights import load_weights
    args = Namespace(random=False, checkpoint=files["tar"], depth_dir=files["depth18"], generator=None, num_kp=None,
                     depth_layers=None, allow_pickle=False, preset=None, seed=None)
    loaded = load_weights(args)
    assert loaded.name == "DaGAN_vox_adv_256"
    made_by = loaded.made_by
    assert made_by["source"] == "checkpoint" and made_by["preset"] is None and made_by["seed"] is None
    assert made_by["command"] == ("dagan_models export --checkpoint DaGAN_vox_adv_256.pth.tar "
                                  "--depth-dir depth_face_model")
    assert made_by["inputs"]["checkpoint"]["file"] == "DaGAN_vox_adv_256.pth.tar"
    assert set(made_by["inputs"]) == {"checkpoint", "depth_encoder", "depth_decoder"}
    assert all(len(v["sha256"]) == 64 for v in made_by["inputs"].values())


def test_legacy_serialization_and_numpy_scalars_load(tmp_path):
    import numpy as np
    from dagan_models.checkpoint import load_torch_file
    data = {"generator": {"module.first.conv.weight": torch.ones(2)}, "epoch": np.int64(149), "lr": np.float64(2e-4)}
    for name, zip_format in (("legacy.pth.tar", False), ("zip.pth.tar", True)):
        torch.save(data, tmp_path / name, _use_new_zipfile_serialization=zip_format)
        loaded = load_torch_file(str(tmp_path / name))
        assert torch.equal(loaded["generator"]["module.first.conv.weight"], torch.ones(2))
        assert loaded["epoch"] == 149 and loaded["lr"] == 2e-4
