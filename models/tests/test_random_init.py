"""Random weights give sane, non-degenerate outputs (what makes parity tests meaningful)."""
import torch


def test_random_outputs_are_sane(tiny_nets, parity_inputs):
    source, driving = parity_inputs
    frames = torch.cat([source, driving])
    with torch.no_grad():
        depth = tiny_nets.depth(frames)
        value, jacobian = tiny_nets.keypoints(torch.cat([frames, depth], dim=1))
    assert 0 < depth.min() and depth.max() < 1 and depth.std() > 0.05
    assert value.abs().max() < 1 and value.std() > 0.2          # spread inside [-1, 1]
    assert (value[1:] - value[:1]).abs().mean() > 0.01           # keypoints follow the motion
    det = jacobian[..., 0, 0] * jacobian[..., 1, 1] - jacobian[..., 0, 1] * jacobian[..., 1, 0]
    assert 0.3 < det.min() and det.max() < 2.0                   # near identity, invertible
    kp = {"value": value, "jacobian": jacobian}
    n = driving.shape[0]
    rep = lambda t: t[:1].expand(n, *t.shape[1:])
    with torch.no_grad():
        out = tiny_nets.generator(rep(source), {k: v[1:] for k, v in kp.items()}, {k: rep(v) for k, v in kp.items()},
                                  rep(depth))
    prediction = out["prediction"]
    saturated = ((prediction < 0.01) | (prediction > 0.99)).float().mean()
    assert saturated < 0.05 and prediction.std() > 0.05
    assert 0.05 < out["occlusion_map"].mean() < 0.95


def test_same_seed_same_weights_other_seed_differs():
    from dagan_models.config import make_config
    from dagan_models.random_init import random_networks
    a = random_networks(make_config("tiny"), 0).keypoints.state_dict()
    b = random_networks(make_config("tiny"), 0).keypoints.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
    a["kp.weight"].add_(1.0)  # callers get their own copy
    c = random_networks(make_config("tiny"), 0).keypoints.state_dict()
    assert not torch.equal(a["kp.weight"], c["kp.weight"])
