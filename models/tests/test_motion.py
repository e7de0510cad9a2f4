"""normalize_kp, the closed-form 2x2 inverse and the keypoint geometry helpers."""
import numpy as np
import pytest
import torch

from dagan_models.blocks import coordinate_grid, inverse_2x2, matmul_2x2
from dagan_models.motion import adapt_scale, normalize_kp


def _kp(values, jacobians):
    return {"value": torch.tensor([values], dtype=torch.float64),
            "jacobian": torch.tensor([jacobians], dtype=torch.float64)}


def test_normalize_kp_hand_computed():
    # source: square of side 1 (area 1); anchor: square of side 0.5 (area 0.25) -> scale sqrt(1)/sqrt(0.25) = 2
    source = _kp([[0, 0], [1, 0], [1, 1], [0, 1]], [[[2, 0], [0, 2]]] * 4)
    anchor = _kp([[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.5]], [[[1, 0], [0, 4]]] * 4)
    driving = _kp([[0.1, 0], [0.5, 0.2], [0.5, 0.5], [0, 0.4]], [[[3, 0], [0, 1]]] * 4)
    out = normalize_kp(source, driving, anchor, relative=True, adapt_movement_scale=True)
    # value = (driving - anchor) * 2 + source
    expected_value = [[0.2, 0], [1, 0.4], [1, 1], [0, 0.8]]
    assert np.allclose(out["value"][0].numpy(), expected_value)
    # jacobian = diag(3, 1) @ inv(diag(1, 4)) @ diag(2, 2) = diag(6, 0.5)
    assert np.allclose(out["jacobian"][0].numpy(), [[[6, 0], [0, 0.5]]] * 4)
    assert adapt_scale(source["value"], anchor["value"]) == pytest.approx(2.0)


def test_normalize_kp_without_adapt_scale_and_absolute():
    source = _kp([[0, 0], [1, 0], [0, 1]], [[[1, 0], [0, 1]]] * 3)
    anchor = _kp([[0, 0], [2, 0], [0, 2]], [[[1, 0], [0, 1]]] * 3)
    driving = _kp([[0.5, 0], [2, 0], [0, 2]], [[[1, 1], [0, 1]]] * 3)
    out = normalize_kp(source, driving, anchor, relative=True, adapt_movement_scale=False)
    assert np.allclose(out["value"][0].numpy(), [[0.5, 0], [1, 0], [0, 1]])
    absolute = normalize_kp(source, driving, anchor, relative=False, adapt_movement_scale=True)
    assert absolute["value"] is driving["value"] and absolute["jacobian"] is driving["jacobian"]


def test_closed_form_inverse_matches_torch():
    m = torch.tensor([[[1.5, 0.2], [-0.3, 0.8]], [[0.9, -0.1], [0.05, 1.1]]], dtype=torch.float64)
    assert torch.allclose(inverse_2x2(m), torch.inverse(m))
    assert torch.allclose(matmul_2x2(m, inverse_2x2(m)), torch.eye(2, dtype=torch.float64).expand(2, 2, 2))
    a, b = torch.randn(3, 5, 2, 2), torch.randn(3, 5, 2, 2)
    assert torch.allclose(matmul_2x2(a, b), a @ b, atol=1e-6)


def test_coordinate_grid_layout():
    grid = coordinate_grid(3, 5)
    assert grid.shape == (3, 5, 2)
    assert grid[0, 0].tolist() == [-1, -1] and grid[2, 4].tolist() == [1, 1]
    assert grid[1, 2].tolist() == [0, 0]
    assert grid[0, 1, 0].item() == pytest.approx(-0.5)  # x varies along the width


def test_degenerate_hull_raises():
    from scipy.spatial import QhullError
    line = torch.tensor([[[0.0, 0.0], [0.5, 0.5], [1.0, 1.0]]])
    with pytest.raises(QhullError):
        adapt_scale(line, line)
