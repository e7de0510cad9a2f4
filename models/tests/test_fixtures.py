"""The committed fixtures are reproduced byte for byte by the documented command."""
import filecmp
import json
import os

import numpy as np
import pytest

from conftest import FIXTURES_DIR

SUBDIRS = ("tiny", "tiny-parity", "resize", "motion")


def _files(root):
    out = []
    for sub in SUBDIRS:
        for dirpath, _, names in os.walk(os.path.join(root, sub)):
            out += [os.path.relpath(os.path.join(dirpath, n), root) for n in names]
    return sorted(out)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    if not os.path.isdir(os.path.join(FIXTURES_DIR, "tiny")):
        pytest.skip("no committed fixtures")
    from dagan_models.fixtures import write_fixtures
    out = str(tmp_path_factory.mktemp("fixtures"))
    write_fixtures(out)
    return out


def test_fixtures_command_reproduces_committed_bytes(regenerated):
    assert _files(regenerated) == _files(FIXTURES_DIR)
    different = [f for f in _files(FIXTURES_DIR)
                 if not filecmp.cmp(os.path.join(FIXTURES_DIR, f), os.path.join(regenerated, f), shallow=False)]
    assert not different, f"regenerated fixtures differ: {different}"


def test_parity_cases_describe_the_files():
    folder = os.path.join(FIXTURES_DIR, "tiny-parity")
    with open(os.path.join(folder, "cases.json")) as f:
        cases = json.load(f)
    with open(os.path.join(FIXTURES_DIR, "tiny", "manifest.json")) as f:
        assert cases["bundle_id"] == json.load(f)["id"]
    for name, entry in cases["files"].items():
        array = np.load(os.path.join(folder, entry["file"]))
        assert list(array.shape) == entry["shape"] and str(array.dtype) == entry["dtype"] == "float32"
    for graph, runs in cases["graphs"].items():
        for run in runs:
            assert set(run["inputs"].values()) | set(run["outputs"].values()) <= set(cases["files"])


def test_resize_and_motion_cases_are_consistent():
    with open(os.path.join(FIXTURES_DIR, "resize", "cases.json")) as f:
        resize = json.load(f)
    assert len(resize["cases"]) >= 7
    for case in resize["cases"]:
        image = np.load(os.path.join(FIXTURES_DIR, "resize", case["input"]["file"]))
        expected = np.load(os.path.join(FIXTURES_DIR, "resize", case["expected"]["file"]))
        assert image.dtype == np.uint8 and expected.shape == (256, 256, 3) and expected.dtype == np.float32
    with open(os.path.join(FIXTURES_DIR, "motion", "cases.json")) as f:
        motion = json.load(f)
    assert len(motion["cases"]) >= 6
    for case in motion["cases"]:
        assert np.array(case["expected"]["value"]).shape == (1, 15, 2)
        assert np.array(case["expected"]["jacobian"]).shape == (1, 15, 2, 2)
