"""A restricted pickle module for torch.load: tensors, plain containers and numbers only.

torch 1.13's own `weights_only=True` rejects plain floats, which every training checkpoint holds
(optimizer learning rates), so weight files are read through this allow-list instead: unpickling
anything else (arbitrary classes or functions) fails with the offending name.
"""
from __future__ import annotations

import codecs
import collections
import pickle
import sys

import torch

_ALLOWED = {
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("torch._utils", "_rebuild_tensor_v2"): torch._utils._rebuild_tensor_v2,
    ("torch._utils", "_rebuild_parameter"): torch._utils._rebuild_parameter,
    ("torch", "Size"): torch.Size,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "complex"): complex,
    ("_codecs", "encode"): codecs.encode,  # how protocol-2 pickles spell bytes (numpy scalars)
}
for _name in ("_rebuild_parameter_with_state",):
    if hasattr(torch._utils, _name):
        _ALLOWED[("torch._utils", _name)] = getattr(torch._utils, _name)
for _dtype in ("float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool"):
    _ALLOWED[("torch", _dtype)] = getattr(torch, _dtype)


def _numpy_allowed():
    import numpy as np
    from numpy.core import multiarray
    return {("numpy.core.multiarray", "scalar"): multiarray.scalar,
            ("numpy.core.multiarray", "_reconstruct"): multiarray._reconstruct,
            ("numpy", "dtype"): np.dtype,
            ("numpy", "ndarray"): np.ndarray}


class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        key = (module, name)
        if key in _ALLOWED:
            return _ALLOWED[key]
        numpy_allowed = _numpy_allowed()
        if key in numpy_allowed:
            return numpy_allowed[key]
        raise pickle.UnpicklingError(f"refusing to load global {module}.{name}: weight files may only hold "
                                     "tensors, containers and numbers")


def load(file, **kwargs):
    return Unpickler(file, **kwargs).load()


Pickler = pickle.Pickler


def torch_load_restricted(path: str):
    """torch.load(path) on CPU through this module's allow-list.

    torch 1.13's torch.load ignores `pickle_module` unless weights_only is set (and then insists
    on its own unpickler, which rejects floats), so its zip/legacy readers are called directly.
    """
    ser = torch.serialization
    if not all(hasattr(ser, n) for n in ("_open_file_like", "_is_zipfile", "_open_zipfile_reader", "_load",
                                         "_legacy_load")):
        return torch.load(path, map_location="cpu", weights_only=True)  # newer torch: floats are fine there
    with ser._open_file_like(path, "rb") as f:
        if ser._is_zipfile(f):
            with ser._open_zipfile_reader(f) as zf:
                return ser._load(zf, "cpu", sys.modules[__name__], encoding="utf-8")
        return ser._legacy_load(f, "cpu", sys.modules[__name__], encoding="utf-8")
