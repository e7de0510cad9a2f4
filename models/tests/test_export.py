"""Bundle export: valid opset-16 graphs with the agreed interface, manifest schema, determinism."""
import hashlib
import json
import os

import onnx
import pytest

from dagan_models.export import GRAPH_ORDER, bundle_id, verify_bundle

EXPECTED_IO = {
    "depth": (["image"], ["depth"]),
    "keypoints": (["image", "depth"], ["value", "jacobian"]),
    "source_encoder": (["source_image", "source_depth"], ["source_feature", "attention_query"]),
    "generator": (["source_feature", "attention_query", "source_image", "kp_source_value", "kp_source_jacobian",
                   "kp_driving_value", "kp_driving_jacobian"], ["prediction"]),
}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, tiny_nets):
    """The tiny bundle exported through the command line (random weights are cached per process)."""
    from dagan_models.cli import main
    out = str(tmp_path_factory.mktemp("bundle"))
    assert main(["export", "--random", "--preset", "tiny", "--seed", "0", "--out", out]) == 0
    with open(os.path.join(out, "manifest.json")) as f:
        return out, json.load(f)


def _dims(value_info):
    return [d.dim_param if d.dim_param else d.dim_value for d in value_info.type.tensor_type.shape.dim]


def test_graphs_are_valid_opset16_with_dynamic_batch(bundle):
    folder, manifest = bundle
    for name in GRAPH_ORDER:
        model = onnx.load(os.path.join(folder, f"{name}.onnx"))
        onnx.checker.check_model(model)
        assert any(o.domain in ("", "ai.onnx") and o.version == 16 for o in model.opset_import)
        ins, outs = EXPECTED_IO[name]
        assert [i.name for i in model.graph.input] == ins
        assert [o.name for o in model.graph.output] == outs
        for value in list(model.graph.input) + list(model.graph.output):
            assert value.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
            assert isinstance(_dims(value)[0], str), f"{name}.{value.name} batch axis is not dynamic"
        ops = {n.op_type for n in model.graph.node}
        assert "Inverse" not in ops
        if name == "generator":
            for node in model.graph.node:
                if node.op_type == "GridSample":
                    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
                    assert attrs.get("mode", b"bilinear") == b"bilinear"
                    assert attrs.get("padding_mode", b"zeros") == b"zeros"
                    assert attrs.get("align_corners", 0) == 0


def test_generator_graph_never_outputs_the_attention_matrix(bundle):
    folder, manifest = bundle
    model = onnx.load(os.path.join(folder, "generator.onnx"))
    assert len(model.graph.output) == 1
    assert manifest["graphs"]["generator"]["outputs"] == [
        {"name": "prediction", "shape": [-1, 3, 256, 256], "dtype": "float32"}]


def test_manifest_schema(bundle):
    folder, manifest = bundle
    with open(os.path.join(folder, "manifest.json")) as f:
        on_disk = json.load(f)
    assert on_disk == manifest
    assert list(manifest) == ["format", "format_version", "id", "generator", "image_size", "num_kp", "depth_layers",
                              "opset", "made_by", "graphs"]
    assert manifest["format"] == "dagan-bundle" and manifest["format_version"] == 1
    assert manifest["generator"] == "DepthAwareGenerator"
    assert (manifest["image_size"], manifest["num_kp"], manifest["depth_layers"], manifest["opset"]) == (256, 15, 18, 16)
    made_by = manifest["made_by"]
    assert set(made_by) == {"tool", "command", "source", "preset", "seed", "torch", "inputs"}
    assert made_by["tool"].startswith("dagan_models ")
    assert (made_by["source"], made_by["preset"], made_by["seed"], made_by["inputs"]) == ("random", "tiny", 0, {})
    assert list(manifest["graphs"]) == list(GRAPH_ORDER)
    shas = {}
    for name, entry in manifest["graphs"].items():
        path = os.path.join(folder, entry["file"])
        data = open(path, "rb").read()
        assert entry["file"] == f"{name}.onnx"
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        shas[name] = entry["sha256"]
        assert [i["name"] for i in entry["inputs"]] == EXPECTED_IO[name][0]
        assert [o["name"] for o in entry["outputs"]] == EXPECTED_IO[name][1]
        for spec in entry["inputs"] + entry["outputs"]:
            assert spec["dtype"] == "float32" and spec["shape"][0] == -1 and all(d > 0 for d in spec["shape"][1:])
    expected_id = "random-tiny-seed0-" + hashlib.sha256("".join(shas[g] for g in GRAPH_ORDER).encode()).hexdigest()[:12]
    assert manifest["id"] == expected_id == bundle_id("random-tiny-seed0", shas)
    g = manifest["graphs"]
    assert g["keypoints"]["outputs"][0]["shape"] == [-1, 15, 2]
    assert g["keypoints"]["outputs"][1]["shape"] == [-1, 15, 2, 2]
    assert g["source_encoder"]["outputs"][0]["shape"] == [-1, 32, 64, 64]
    assert g["source_encoder"]["outputs"][1]["shape"] == [-1, 4, 64, 64]


def test_graph_shapes_in_onnx_agree_with_manifest(bundle):
    folder, manifest = bundle
    for name, entry in manifest["graphs"].items():
        model = onnx.shape_inference.infer_shapes(onnx.load(os.path.join(folder, entry["file"])))
        for spec, value in zip(entry["inputs"], model.graph.input):
            assert _dims(value)[1:] == spec["shape"][1:], (name, spec["name"])


def test_export_is_deterministic(bundle):
    """Same command, same bytes (the fixtures test re-exports the committed tiny bundle too)."""
    from conftest import FIXTURES_DIR
    folder, manifest = bundle
    committed = os.path.join(FIXTURES_DIR, "tiny", "manifest.json")
    if not os.path.isfile(committed):
        pytest.skip("no committed fixtures")
    with open(committed) as f:
        assert json.load(f) == manifest


def test_verify_bundle_detects_tampering(bundle, tmp_path):
    folder, manifest = bundle
    assert verify_bundle(folder)["id"] == manifest["id"]
    import shutil
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    with open(copy / "keypoints.onnx", "r+b") as f:
        f.seek(100)
        byte = f.read(1)
        f.seek(100)
        f.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ValueError, match="keypoints.onnx sha256 .* does not match the manifest"):
        verify_bundle(str(copy))


def test_spade_generator_exports(tiny_spade_nets):
    from dagan_models.export import GeneratorGraph, export_graph, graph_specs
    from dagan_models.spade import fold_spectral_norm
    specs = graph_specs(tiny_spade_nets)["generator"]
    model = onnx.load_from_string(export_graph(GeneratorGraph(fold_spectral_norm(tiny_spade_nets.generator)), *specs))
    # spectral norm is folded: plain weights only, no weight_u/weight_v initializers
    assert not any("weight_u" in i.name or "weight_v" in i.name for i in model.graph.initializer)
    assert {"InstanceNormalization", "GridSample"} <= {n.op_type for n in model.graph.node}


def test_cli_export_records_the_command(bundle):
    folder, manifest = bundle
    assert manifest["id"].startswith("random-tiny-seed0-")
    assert manifest["made_by"]["command"] == "dagan_models export --random --preset tiny --seed 0"


def test_cli_argument_errors(capsys):
    from dagan_models.cli import main
    for argv, message in ((["export", "--out", "x"], "give --checkpoint and --depth-dir"),
                          (["export", "--random", "--out", "x"], "--random needs --preset"),
                          (["export", "--random", "--preset", "tiny", "--checkpoint", "a", "--out", "x"],
                           "--random cannot be combined with --checkpoint")):
        with pytest.raises(SystemExit) as e:
            main(argv)
        assert e.value.code == 2
        assert message in capsys.readouterr().err
