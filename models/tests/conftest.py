import os
import sys

import pytest
import torch

MODELS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if MODELS_DIR not in sys.path:
    sys.path.insert(0, MODELS_DIR)

# state_dict key/shape lists of the released checkpoints (models/keys/*.json)
KEYS_DIR = os.environ.get("DAGAN_KEYS_DIR") or os.path.join(MODELS_DIR, "keys")
FIXTURES_DIR = os.path.join(MODELS_DIR, "fixtures")

# one thread: robust when the 2-core machine is shared with other builds (OpenMP spin-waits otherwise)
torch.set_num_threads(1)


@pytest.fixture(scope="session")
def keys_dir():
    if not os.path.isdir(KEYS_DIR):
        pytest.fail(f"official key lists not found in {KEYS_DIR}")
    return KEYS_DIR


@pytest.fixture(scope="session")
def tiny_nets():
    from dagan_models.config import make_config
    from dagan_models.random_init import random_networks
    return random_networks(make_config("tiny"), seed=0)


@pytest.fixture(scope="session")
def tiny_spade_nets():
    from dagan_models.config import SPADE_DEPTH_AWARE, make_config
    from dagan_models.random_init import random_networks
    return random_networks(make_config("tiny", SPADE_DEPTH_AWARE), seed=1)


@pytest.fixture(scope="session")
def parity_inputs():
    """Source (1,3,256,256) and two driving frames (2,3,256,256), float32."""
    from dagan_models.synthetic import DRIVING_POSES, SOURCE_POSE, face_batch
    return torch.from_numpy(face_batch((SOURCE_POSE,))), torch.from_numpy(face_batch(DRIVING_POSES))
