import math

import torch

from ssl_colorize.color import lab_to_rgb, rgb_to_lab
from ssl_colorize.eval.metrics import AbErrorCurve, colorfulness, psnr_from_mse, ssim
from ssl_colorize.objectives import in_gamut_bins


def test_gray_images_have_zero_colorfulness_and_colors_more():
    gray = torch.rand(3, 1, 8, 8).expand(-1, 3, -1, -1)
    assert torch.allclose(colorfulness(gray), torch.zeros(3), atol=1e-3)
    vivid = torch.zeros(1, 3, 8, 8)
    vivid[:, 0, :4] = 1.0
    vivid[:, 2, 4:] = 1.0
    # Hasler and Suesstrunk on a hand-computed case: half red (255,0,0), half blue (0,0,255)
    # rg: 255 / 0 -> std 127.5, mean 127.5; yb: 127.5 / -255 -> std 191.25, mean -63.75
    expected = math.sqrt(127.5**2 + 191.25**2) + 0.3 * math.sqrt(127.5**2 + 63.75**2)
    assert abs(colorfulness(vivid).item() - expected) < 1e-2


def test_identical_images_give_auc_one_infinite_psnr_and_ssim_one():
    images = torch.rand(2, 3, 16, 16)
    curve = AbErrorCurve(in_gamut_bins())
    curve.update(images, images)
    assert curve.auc() == 1.0 and curve.auc(rebalanced=True) == 1.0
    assert psnr_from_mse(0.0) == math.inf
    assert torch.allclose(ssim(images, images), torch.ones(2), atol=1e-5)


def test_auc_drops_with_ab_error_and_rebalancing_stresses_rare_colors():
    truth = torch.rand(1, 3, 16, 16)
    shifted = rgb_to_lab(truth)
    shifted[:, 1] += 30
    curve = AbErrorCurve(in_gamut_bins())
    curve.update(lab_to_rgb(shifted), truth)
    assert 0.5 < curve.auc() < 0.95
    assert abs(psnr_from_mse(0.01) - 20.0) < 1e-9

    # mostly gray truth with two vivid red pixels; a gray prediction is right on the common pixels only
    truth = torch.full((1, 3, 10, 10), 0.5)
    truth[0, 0, 0, :2], truth[0, 1, 0, :2], truth[0, 2, 0, :2] = 1.0, 0.0, 0.0
    prediction = lab_to_rgb(torch.cat([rgb_to_lab(truth)[:, :1], torch.zeros(1, 2, 10, 10)], 1))
    curve = AbErrorCurve(in_gamut_bins())
    curve.update(prediction, truth)
    assert curve.auc(rebalanced=True) < curve.auc()
