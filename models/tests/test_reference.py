"""The PyTorch reference loop: CLI end to end, and agreement with the parity fixtures."""
import json
import os

import numpy as np
import pytest
from PIL import Image

from dagan_models.cli import main
from dagan_models.reference import ReferenceOptions, animate
from dagan_models.synthetic import FacePose, face_image

from conftest import FIXTURES_DIR


def test_animate_matches_parity_fixture(tiny_nets):
    folder = os.path.join(FIXTURES_DIR, "tiny-parity")
    if not os.path.isdir(folder):
        pytest.skip("fixtures not generated")
    source = np.load(os.path.join(folder, "source.npy"))[0]
    driving = list(np.load(os.path.join(folder, "driving.npy")))
    result = animate(tiny_nets, source, driving, ReferenceOptions(relative=True, adapt_scale=True, anchor=0))
    expected = np.load(os.path.join(folder, "prediction_monolithic.npy"))
    got = np.stack(result.predictions)
    # the whole float32 chain (depth -> keypoints -> motion -> generator) vs the float64 fixture
    assert np.abs(got - expected).mean() < 1e-4 and np.abs(got - expected).max() < 1e-2
    with open(os.path.join(folder, "cases.json")) as f:
        assert result.scale == pytest.approx(json.load(f)["options"]["adapt_scale_value"], rel=1e-4)


def test_anchor_is_the_reference_pose(tiny_nets):
    frames = [face_image(256, 256, FacePose(dx=0.05 * i, mouth_open=0.2 * i)).astype(np.float32) for i in range(3)]
    source = frames[0]
    by_anchor = animate(tiny_nets, source, frames, ReferenceOptions(anchor=2))
    # the anchor frame itself maps to the source pose: kp_norm == kp_source
    at_anchor = by_anchor.predictions[2]
    same_pose = animate(tiny_nets, source, [frames[2]], ReferenceOptions(anchor=0)).predictions[0]
    assert np.abs(at_anchor - same_pose).max() < 1e-5
    with pytest.raises(ValueError, match="--anchor 3 is outside the driving video's frames 0..2"):
        animate(tiny_nets, source, frames, ReferenceOptions(anchor=3))


def test_cli_writes_frames_and_timings(tmp_path, capsys):
    drive = tmp_path / "drive"
    drive.mkdir()
    for i in range(2):
        img = face_image(300, 280, FacePose(dx=0.03 * i, mouth_open=0.4 * i))
        Image.fromarray((img.transpose(1, 2, 0) * 255).round().astype(np.uint8)).save(drive / f"{i:04d}.png")
    Image.fromarray((face_image(200, 200).transpose(1, 2, 0) * 255).round().astype(np.uint8)).save(tmp_path / "s.png")
    out = tmp_path / "frames"
    code = main(["reference", "--source", str(tmp_path / "s.png"), "--driving", str(drive), "--out-frames", str(out),
                 "--random", "--preset", "tiny", "--adapt-scale", "--find-best-frame", "--threads", "1",
                 "--timing-json", str(tmp_path / "t.json")])
    assert code == 0
    files = sorted(os.listdir(out))
    assert files == ["frame_000000.png", "frame_000001.png"]
    frame = np.asarray(Image.open(out / files[0]))
    assert frame.shape == (256, 256, 3) and frame.dtype == np.uint8 and frame.std() > 5
    report = json.loads((tmp_path / "t.json").read_text())
    assert report["frames"] == 2 and report["threads"] == 1 and report["preset"] == "tiny"
    assert report["options"]["anchor"] in (0, 1) and report["options"]["find_best_frame"]
    assert len(report["per_frame"]) == 2
    assert all(t["total_ms"] >= t["generator_ms"] > 0 for t in report["per_frame"])
    assert "2 frames ->" in capsys.readouterr().out


def test_cli_missing_source_is_a_clear_error(tmp_path, capsys):
    code = main(["reference", "--source", str(tmp_path / "nope.png"), "--driving", str(tmp_path),
                 "--out-frames", str(tmp_path / "o"), "--random", "--preset", "tiny"])
    assert code == 2
    assert "image not found" in capsys.readouterr().err
