"""Split generator (source encoder + per-frame generator) equals the monolithic forward."""
import pytest
import torch

from dagan_models.motion import normalize_kp


def _kp(nets, frames):
    with torch.no_grad():
        depth = nets.depth(frames)
        return depth, nets.keypoints.detect(frames, depth)


@pytest.mark.parametrize("which", ["tiny_nets", "tiny_spade_nets"])
def test_split_equals_monolithic(which, request, parity_inputs):
    nets = request.getfixturevalue(which)
    source, driving = parity_inputs
    n = driving.shape[0]
    src_depth, kp_s = _kp(nets, source)
    _, kp_d = _kp(nets, driving)
    kp_norm = normalize_kp(kp_s, kp_d, {k: v[:1] for k, v in kp_d.items()}, relative=True, adapt_movement_scale=True)
    rep = lambda t: t.expand(n, *t.shape[1:])
    g = nets.generator
    with torch.no_grad():
        feature, query = g.encode_source(source, src_depth)
        split = g.generate(rep(feature), rep(query), rep(source), rep(kp_s["value"]), rep(kp_s["jacobian"]),
                           kp_norm["value"], kp_norm["jacobian"])
        mono = g(rep(source), kp_norm, {k: rep(v) for k, v in kp_s.items()}, rep(src_depth))["prediction"]
    assert split.shape == (n, 3, 256, 256)
    assert torch.allclose(split, mono, atol=1e-5), (split - mono).abs().max()
    # the two frames differ: the driving motion reaches the output
    assert (split[0] - split[1]).abs().mean() > 1e-3


def test_frames_in_a_batch_do_not_interact(tiny_nets, parity_inputs):
    source, driving = parity_inputs
    src_depth, kp_s = _kp(tiny_nets, source)
    _, kp_d = _kp(tiny_nets, driving)
    g = tiny_nets.generator
    with torch.no_grad():
        feature, query = g.encode_source(source, src_depth)
        rep = lambda t: t.expand(2, *t.shape[1:])
        both = g.generate(rep(feature), rep(query), rep(source), rep(kp_s["value"]), rep(kp_s["jacobian"]),
                          kp_d["value"], kp_d["jacobian"])
        second = g.generate(feature, query, source, kp_s["value"], kp_s["jacobian"], kp_d["value"][1:],
                            kp_d["jacobian"][1:])
    assert torch.allclose(both[1:], second, atol=1e-4), (both[1:] - second).abs().max()


def test_attention_changes_the_output(tiny_nets, parity_inputs):
    """gamma scales the depth-aware attention; with it zeroed the prediction must change."""
    source, driving = parity_inputs
    src_depth, kp_s = _kp(tiny_nets, source)
    _, kp_d = _kp(tiny_nets, driving[:1])
    g = tiny_nets.generator
    with torch.no_grad():
        feature, query = g.encode_source(source, src_depth)
        args = (feature, query, source, kp_s["value"], kp_s["jacobian"], kp_d["value"], kp_d["jacobian"])
        with_attention = g.generate(*args)
        gamma = g.AttnModule.gamma.clone()
        g.AttnModule.gamma.zero_()
        try:
            without = g.generate(*args)
        finally:
            g.AttnModule.gamma.copy_(gamma)
    assert (with_attention - without).abs().mean() > 1e-3


def test_identity_motion_keeps_source_geometry(tiny_nets, parity_inputs):
    """Driving keypoints equal to the source's give an identity deformation."""
    source, _ = parity_inputs
    src_depth, kp_s = _kp(tiny_nets, source)
    with torch.no_grad():
        deformation, occlusion = tiny_nets.generator.dense_motion_network(
            source, kp_s["value"], kp_s["jacobian"], kp_s["value"], kp_s["jacobian"])
    from dagan_models.blocks import coordinate_grid
    assert torch.allclose(deformation[0], coordinate_grid(64, 64), atol=1e-5)
    assert occlusion.shape == (1, 1, 64, 64) and 0 < occlusion.min() and occlusion.max() < 1
