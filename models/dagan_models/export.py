"""ONNX bundle export: four graphs plus manifest.json.

Graphs (opset 16, float32, dynamic batch axis 0 on every input and output, flat tensor outputs):
  depth.onnx           image (N,3,H,W) -> depth (N,1,H,W)
  keypoints.onnx       image, depth -> value (N,K,2), jacobian (N,K,2,2)
  source_encoder.onnx  source_image, source_depth -> source_feature (N,C,h,w), attention_query (N,C/8,h,w)
  generator.onnx       source_feature, attention_query, source_image, kp_source_value, kp_source_jacobian,
                       kp_driving_value, kp_driving_jacobian -> prediction (N,3,H,W)
The export is deterministic: the same weights give the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import warnings
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import onnx
import torch
from torch import nn

from . import __version__
from .networks import Networks
from .spade import fold_spectral_norm

OPSET = 16
BUNDLE_FORMAT = "dagan-bundle"
BUNDLE_FORMAT_VERSION = 1
GRAPH_ORDER = ("depth", "keypoints", "source_encoder", "generator")
GRAPH_FILES = {name: f"{name}.onnx" for name in GRAPH_ORDER}
MANIFEST_FILE = "manifest.json"


class DepthGraph(nn.Module):
    def __init__(self, nets: Networks):
        super().__init__()
        self.depth = nets.depth

    def forward(self, image):
        return self.depth(image)


class KeypointGraph(nn.Module):
    def __init__(self, nets: Networks):
        super().__init__()
        self.keypoints = nets.keypoints

    def forward(self, image, depth):
        return self.keypoints(torch.cat([image, depth], dim=1))


class SourceEncoderGraph(nn.Module):
    def __init__(self, generator: nn.Module):
        super().__init__()
        self.generator = generator

    def forward(self, source_image, source_depth):
        return self.generator.encode_source(source_image, source_depth)


class GeneratorGraph(nn.Module):
    def __init__(self, generator: nn.Module):
        super().__init__()
        self.generator = generator

    def forward(self, source_feature, attention_query, source_image, kp_source_value, kp_source_jacobian,
                kp_driving_value, kp_driving_jacobian):
        return self.generator.generate(source_feature, attention_query, source_image, kp_source_value,
                                       kp_source_jacobian, kp_driving_value, kp_driving_jacobian)


@dataclass(frozen=True)
class TensorSpec:
    name: str
    shape: Tuple[int, ...]  # without the batch axis

    def manifest(self) -> dict:
        return {"name": self.name, "shape": [-1, *self.shape], "dtype": "float32"}


def graph_specs(nets: Networks) -> Dict[str, Tuple[List[TensorSpec], List[TensorSpec]]]:
    """Input and output tensor specs of each graph for this model configuration."""
    cfg = nets.config
    s = cfg.image_size
    k = cfg.num_kp
    feat = cfg.generator.feature_channels
    fs = s // 2 ** cfg.generator.num_down_blocks
    image = TensorSpec("image", (3, s, s))
    return {
        "depth": ([image], [TensorSpec("depth", (1, s, s))]),
        "keypoints": ([image, TensorSpec("depth", (1, s, s))],
                      [TensorSpec("value", (k, 2)), TensorSpec("jacobian", (k, 2, 2))]),
        "source_encoder": ([TensorSpec("source_image", (3, s, s)), TensorSpec("source_depth", (1, s, s))],
                           [TensorSpec("source_feature", (feat, fs, fs)),
                            TensorSpec("attention_query", (cfg.generator.query_channels, fs, fs))]),
        "generator": ([TensorSpec("source_feature", (feat, fs, fs)),
                       TensorSpec("attention_query", (cfg.generator.query_channels, fs, fs)),
                       TensorSpec("source_image", (3, s, s)),
                       TensorSpec("kp_source_value", (k, 2)), TensorSpec("kp_source_jacobian", (k, 2, 2)),
                       TensorSpec("kp_driving_value", (k, 2)), TensorSpec("kp_driving_jacobian", (k, 2, 2))],
                      [TensorSpec("prediction", (3, s, s))]),
    }


def _example_inputs(specs: Sequence[TensorSpec], batch: int = 1) -> Tuple[torch.Tensor, ...]:
    """Plausible example tensors for tracing (values do not matter for the graph structure)."""
    gen = torch.Generator().manual_seed(0)
    out = []
    for spec in specs:
        if spec.name.endswith("jacobian"):
            t = torch.eye(2).expand(batch, *spec.shape).clone()
        elif spec.name.endswith("value"):
            t = torch.rand((batch, *spec.shape), generator=gen) * 1.6 - 0.8
        else:
            t = torch.rand((batch, *spec.shape), generator=gen)
        out.append(t)
    return tuple(out)


def export_graph(module: nn.Module, inputs: Sequence[TensorSpec], outputs: Sequence[TensorSpec]) -> bytes:
    """Traces `module` and returns the serialized ONNX model (checked with onnx.checker)."""
    module.eval()
    buffer = io.BytesIO()
    names_in = [s.name for s in inputs]
    names_out = [s.name for s in outputs]
    dynamic = {name: {0: "batch"} for name in names_in + names_out}
    with torch.no_grad(), warnings.catch_warnings():
        # tracer warnings about shape-dependent Python branches: those branches are static here
        warnings.simplefilter("ignore")
        torch.onnx.export(module, _example_inputs(inputs), buffer, opset_version=OPSET, input_names=names_in,
                          output_names=names_out, dynamic_axes=dynamic, do_constant_folding=True,
                          export_params=True)
    data = buffer.getvalue()
    model = onnx.load_from_string(data)
    onnx.checker.check_model(model)
    _check_interface(model, inputs, outputs)
    return data


def _check_interface(model: onnx.ModelProto, inputs, outputs) -> None:
    def describe(values):
        return [(v.name, v.type.tensor_type.elem_type) for v in values]
    want_in = [(s.name, onnx.TensorProto.FLOAT) for s in inputs]
    want_out = [(s.name, onnx.TensorProto.FLOAT) for s in outputs]
    if describe(model.graph.input) != want_in or describe(model.graph.output) != want_out:
        raise RuntimeError(f"exported graph interface {describe(model.graph.input)} -> "
                           f"{describe(model.graph.output)} differs from {want_in} -> {want_out}")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def bundle_id(name: str, graph_sha256: Dict[str, str]) -> str:
    """<name>-<first 12 hex of sha256 over the graphs' hex sha256s concatenated in GRAPH_ORDER>."""
    joined = "".join(graph_sha256[g] for g in GRAPH_ORDER)
    return f"{name}-{hashlib.sha256(joined.encode('ascii')).hexdigest()[:12]}"


def export_graphs(nets: Networks) -> Dict[str, bytes]:
    """Serialized ONNX of the four graphs, keyed by graph name."""
    nets.eval()
    generator = fold_spectral_norm(nets.generator)  # plain conv weights in the graph
    modules = {
        "depth": DepthGraph(nets),
        "keypoints": KeypointGraph(nets),
        "source_encoder": SourceEncoderGraph(generator),
        "generator": GeneratorGraph(generator),
    }
    specs = graph_specs(nets)
    return {name: export_graph(modules[name], *specs[name]) for name in GRAPH_ORDER}


def build_manifest(nets: Networks, graphs: Dict[str, bytes], name: str, made_by: dict) -> dict:
    specs = graph_specs(nets)
    shas = {g: sha256_bytes(graphs[g]) for g in GRAPH_ORDER}
    cfg = nets.config
    return {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "id": bundle_id(name, shas),
        "generator": cfg.generator.kind,
        "image_size": cfg.image_size,
        "num_kp": cfg.num_kp,
        "depth_layers": cfg.depth.num_layers,
        "opset": OPSET,
        "made_by": made_by,
        "graphs": {
            g: {
                "file": GRAPH_FILES[g],
                "sha256": shas[g],
                "bytes": len(graphs[g]),
                "inputs": [s.manifest() for s in specs[g][0]],
                "outputs": [s.manifest() for s in specs[g][1]],
            }
            for g in GRAPH_ORDER
        },
    }


def made_by_record(command: str, source: str, preset: Optional[str], seed: Optional[int],
                   inputs: Optional[dict] = None) -> dict:
    return {
        "tool": f"dagan_models {__version__}",
        "command": command,
        "source": source,
        "preset": preset,
        "seed": seed,
        "torch": torch.__version__.split("+")[0],
        "inputs": inputs or {},
    }


def manifest_json(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2) + "\n").encode("utf-8")


def write_bundle(nets: Networks, out_dir: str, name: str, made_by: dict) -> dict:
    """Exports the four graphs and manifest.json into out_dir (created if needed); returns the manifest."""
    graphs = export_graphs(nets)
    manifest = build_manifest(nets, graphs, name, made_by)
    os.makedirs(out_dir, exist_ok=True)
    files = {GRAPH_FILES[g]: graphs[g] for g in GRAPH_ORDER}
    files[MANIFEST_FILE] = manifest_json(manifest)
    for file_name, data in files.items():
        _write_atomically(os.path.join(out_dir, file_name), data)
    return manifest


def _write_atomically(path: str, data: bytes) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def verify_bundle(bundle_dir: str) -> dict:
    """Loads manifest.json, checks the format and every graph's size and sha256; returns the manifest."""
    path = os.path.join(bundle_dir, MANIFEST_FILE)
    if not os.path.isfile(path):
        raise ValueError(f"{bundle_dir} is not a model bundle: {MANIFEST_FILE} is missing")
    with open(path, "r", encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != BUNDLE_FORMAT or manifest.get("format_version") != BUNDLE_FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported bundle format {manifest.get('format')!r} "
                         f"version {manifest.get('format_version')!r}")
    for g in GRAPH_ORDER:
        entry = manifest["graphs"][g]
        file_path = os.path.join(bundle_dir, entry["file"])
        if not os.path.isfile(file_path):
            raise ValueError(f"bundle {bundle_dir}: graph file {entry['file']} is missing")
        size = os.path.getsize(file_path)
        if size != entry["bytes"]:
            raise ValueError(f"bundle {bundle_dir}: {entry['file']} has {size} bytes, manifest says {entry['bytes']}")
        digest = sha256_file(file_path)
        if digest != entry["sha256"]:
            raise ValueError(f"bundle {bundle_dir}: {entry['file']} sha256 {digest} does not match the manifest")
    return manifest
