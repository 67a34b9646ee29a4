"""A second view of each training image and the invariance loss between two views' embeddings.

The auxiliary pretext `--view-weight`: the deep stages should say the same about an image whatever
part of it is seen and however its gray tones run, which colorization alone does not ask (colors of
a crop can be read off local texture). VICReg (Bardes et al. 2022) needs no negatives, no momentum
encoder and works with CIFAR-size batches.
"""

import torch
import torch.nn.functional as F

from ssl_colorize.data.loader import apply_augmentation, draw_augmentation

VIEW_DIMS = 1024  # the projector's width: VICReg's expander is wider than the encoder (256 for unet-s)
VIEW_TONE_JITTER = 0.5  # the second view's tone curve (`jitter_tone`): gray's counterpart of color jitter
VARIANCE_FLOOR = 1.0  # VICReg's target standard deviation of every embedding dimension
# VICReg's coefficients (invariance 25, variance 25, covariance 1) divided by 25, so that weight 1
# is about the size of the colorization loss (an untrained network's VICReg/25 is about 1-2).
COVARIANCE_SHARE = 1.0 / 25.0


def second_view(rgb: torch.Tensor) -> torch.Tensor:
    """RGB (B, 3, H, W) in [0, 1], already augmented by the loader -> another view of each image: a random
    resized crop of 25-100% of its area and a flip (`resized-crop`). Drawn with the global CPU generator,
    which checkpoints save, so a resumed run draws what the uninterrupted one did."""
    params = draw_augmentation("resized-crop", rgb.shape[0], None)
    return apply_augmentation(rgb, "resized-crop", params)


def covariance_penalty(embeddings: torch.Tensor) -> torch.Tensor:
    """(B, D) -> the sum of the squared off-diagonal covariances over D (VICReg's covariance term)."""
    centered = embeddings - embeddings.mean(dim=0)
    covariance = centered.T @ centered / (embeddings.shape[0] - 1)
    off_diagonal = covariance - torch.diag(torch.diagonal(covariance))
    return off_diagonal.pow(2).sum() / embeddings.shape[1]


def variance_hinge(embeddings: torch.Tensor) -> torch.Tensor:
    """(B, D) -> the mean over D of how far each dimension's standard deviation falls below the floor."""
    std = torch.sqrt(embeddings.var(dim=0) + 1e-4)
    return F.relu(VARIANCE_FLOOR - std).mean()


def vicreg_loss(first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
    """Embeddings (B, D) of two views of the same B images -> VICReg's loss over 25: the views' mean
    squared distance (invariance), plus the variance hinge and the covariance of each view (which keep
    the embeddings from collapsing to a constant or to a few dimensions). Computed in fp32."""
    first, second = first.float(), second.float()
    invariance = F.mse_loss(first, second)
    variance = (variance_hinge(first) + variance_hinge(second)) / 2
    covariance = covariance_penalty(first) + covariance_penalty(second)
    return invariance + variance + COVARIANCE_SHARE * covariance
