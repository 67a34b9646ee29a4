import torch

from ssl_colorize.color import gray_input_from_rgb, input_to_l, lab_to_rgb, merge_l_ab, rgb_to_lab


def test_lab_round_trip_recovers_rgb():
    rgb = torch.rand(4, 3, 16, 16)
    assert torch.allclose(lab_to_rgb(rgb_to_lab(rgb)), rgb, atol=1e-4)


def test_lab_ranges_and_gray_has_zero_ab():
    gray = torch.rand(2, 1, 8, 8).expand(-1, 3, -1, -1)
    lab = rgb_to_lab(gray)
    assert lab[:, 0].min() >= 0 and lab[:, 0].max() <= 100
    assert lab[:, 1:].abs().max() < 1e-2


def test_merge_keeps_lightness_and_resizes_ab():
    rgb = torch.rand(2, 3, 32, 32)
    lab = rgb_to_lab(rgb)
    ab_small = torch.nn.functional.avg_pool2d(lab[:, 1:], 2)
    merged = merge_l_ab(lab[:, :1], ab_small)
    assert merged.shape == rgb.shape
    # L survives exactly except where clipping to the sRGB gamut moved the color
    assert (rgb_to_lab(merged)[:, 0] - lab[:, 0]).abs().median() < 0.5


def test_network_input_is_scaled_lightness():
    rgb = torch.rand(2, 3, 8, 8)
    net_input = gray_input_from_rgb(rgb)
    assert net_input.shape == (2, 1, 8, 8)
    assert net_input.min() >= -1 and net_input.max() <= 1
    assert torch.allclose(input_to_l(net_input), rgb_to_lab(rgb)[:, :1], atol=1e-4)
