"""Colorization quality metrics on batched RGB tensors in [0, 1], shape (B, 3, H, W)."""

import math

import kornia.metrics
import torch

from ssl_colorize.color import rgb_to_lab

AUC_THRESHOLDS = 150  # ab-error thresholds 0..150, as in Zhang et al. 2016


def colorfulness(rgb: torch.Tensor) -> torch.Tensor:
    """Hasler and Suesstrunk 2003 colorfulness per image (B,), on the 0..255 scale they use.

    rg = R - G, yb = (R + G) / 2 - B; C = sqrt(std_rg^2 + std_yb^2) + 0.3 sqrt(mean_rg^2 + mean_yb^2).
    A gray image scores 0.
    """
    rgb = rgb.float() * 255.0
    red, green, blue = rgb[:, 0].flatten(1), rgb[:, 1].flatten(1), rgb[:, 2].flatten(1)
    rg, yb = red - green, 0.5 * (red + green) - blue
    spread = torch.sqrt(rg.var(1, unbiased=False) + yb.var(1, unbiased=False))
    center = torch.sqrt(rg.mean(1).square() + yb.mean(1).square())
    return spread + 0.3 * center


def psnr_from_mse(mse: float) -> float:
    """PSNR in dB for signals in [0, 1]; inf when the mean squared error is 0.

    evaluate reports the PSNR of the whole split's mean squared error, which stays finite when a
    few test images are gray already (their own PSNR would be infinite).
    """
    return math.inf if mse == 0 else 10.0 * math.log10(1.0 / mse)


def ssim(prediction: torch.Tensor, truth: torch.Tensor) -> torch.Tensor:
    """Mean structural similarity per image (B,), 11x11 Gaussian window (kornia)."""
    return kornia.metrics.ssim(prediction.float(), truth.float(), window_size=11).flatten(1).mean(1)


class AbErrorCurve:
    """Accumulates the cumulative per-pixel ab-error curve (Zhang et al. 2016), plain and rebalanced.

    Each pixel's Euclidean ab error is counted in a histogram per ground-truth color bin, so the
    class-rebalanced curve (pixels weighted by 1 / frequency of their true color bin, frequencies
    from the evaluated images themselves) comes out of one pass.
    """

    def __init__(self, bins: torch.Tensor) -> None:
        self.bins = bins  # (Q, 2) ab bin centers
        self.counts = torch.zeros(bins.shape[0], AUC_THRESHOLDS + 2, dtype=torch.float64)

    def update(self, prediction: torch.Tensor, truth: torch.Tensor) -> None:
        """Add a batch of predicted and true RGB images (B, 3, H, W)."""
        true_ab = rgb_to_lab(truth)[:, 1:]
        error = (rgb_to_lab(prediction)[:, 1:] - true_ab).norm(dim=1).flatten()
        # bucket t holds errors in (t-1, t]; errors above the last threshold go to the overflow bucket
        bucket = torch.ceil(error).clamp(max=AUC_THRESHOLDS + 1).long()
        true_bin = torch.cdist(true_ab.permute(0, 2, 3, 1).reshape(-1, 2), self.bins.to(true_ab)).argmin(1)
        flat = true_bin * (AUC_THRESHOLDS + 2) + bucket
        self.counts += torch.bincount(flat.cpu(), minlength=self.counts.numel()).view_as(self.counts).double()

    def auc(self, rebalanced: bool = False) -> float:
        """Area under the cumulative error curve over thresholds 0..150, normalized to [0, 1]."""
        per_bin = self.counts.sum(1)
        if rebalanced:
            weights = torch.where(per_bin > 0, 1.0 / per_bin.clamp(min=1), torch.zeros_like(per_bin))
        else:
            weights = torch.ones_like(per_bin)
        histogram = (self.counts * weights[:, None]).sum(0)
        cumulative = histogram[: AUC_THRESHOLDS + 1].cumsum(0) / histogram.sum()
        return cumulative.mean().item()
