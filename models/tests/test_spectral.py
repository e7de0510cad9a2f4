"""Spectral-norm folding equals torch.nn.utils.spectral_norm in eval mode."""
import torch
from torch import nn

from dagan_models.spade import SpectralConv2d, fold_spectral_norm, fold_spectral_weight


def _trained_spectral_conv(fin, fout, k, bias=True, seed=0):
    torch.manual_seed(seed)
    conv = nn.utils.spectral_norm(nn.Conv2d(fin, fout, k, padding=k // 2, bias=bias))
    conv.train()
    for _ in range(5):  # power iterations move u, v away from their random start, as in training
        conv(torch.randn(1, fin, 8, 8))
    return conv.eval()


def test_folded_weight_equals_spectral_norm_eval_weight():
    conv = _trained_spectral_conv(6, 5, 3)
    x = torch.randn(2, 6, 9, 9)
    with torch.no_grad():
        expected = conv(x)
        sd = conv.state_dict()
        folded = fold_spectral_weight(sd["weight_orig"], sd["weight_u"], sd["weight_v"])
        assert torch.allclose(folded, conv.weight, rtol=1e-6, atol=1e-7)
        got = nn.functional.conv2d(x, folded, sd["bias"], padding=1)
    assert torch.allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_spectral_conv_loads_spectral_norm_state_and_matches():
    for bias, k in ((True, 3), (False, 1)):
        conv = _trained_spectral_conv(4, 7, k, bias=bias, seed=3)
        ours = SpectralConv2d(4, 7, k, padding=k // 2, bias=bias)
        assert list(ours.state_dict()) == list(conv.state_dict())  # same keys, same order
        ours.load_state_dict(conv.state_dict(), strict=True)
        x = torch.randn(1, 4, 6, 6)
        with torch.no_grad():
            assert torch.allclose(ours(x), conv(x), rtol=1e-5, atol=1e-6)
            plain = ours.to_plain_conv()
            assert isinstance(plain, nn.Conv2d)
            assert torch.allclose(plain(x), conv(x), rtol=1e-5, atol=1e-6)


def test_fold_spectral_norm_replaces_every_spectral_conv(tiny_spade_nets):
    folded = fold_spectral_norm(tiny_spade_nets.generator)
    assert not any(isinstance(m, SpectralConv2d) for m in folded.modules())
    assert any(isinstance(m, SpectralConv2d) for m in tiny_spade_nets.generator.modules())  # original untouched
    keys = folded.state_dict().keys()
    assert "decoder.G_middle_0.conv_0.weight" in keys and not any(k.endswith("weight_orig") for k in keys)
