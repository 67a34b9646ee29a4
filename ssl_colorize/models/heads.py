"""Classifier for transfer: encoder + pooled stage features + standardization + linear head."""

import torch
import torch.nn.functional as F
from torch import nn

from ssl_colorize.distributed import batch_moments
from ssl_colorize.errors import UserError


def parse_pool(pool: str, num_stages: int) -> list[int]:
    """'all' -> every stage, 'last' -> the deepest, 'stageK' (1-based) -> stage K alone."""
    if pool == "all":
        return list(range(num_stages))
    if pool == "last":
        return [num_stages - 1]
    if pool.startswith("stage") and pool[5:].isdigit() and 1 <= int(pool[5:]) <= num_stages:
        return [int(pool[5:]) - 1]
    raise UserError(f"--pool must be all, last or stage1..stage{num_stages}, got {pool!r}")


class Standardize(nn.Module):
    """Per-feature (x - mean) / std, with statistics that do not depend on the features' units.

    A BatchNorm's eps inside the square root (1e-5) dominates features whose std is below ~3e-3,
    such as the deep stages of a random-init encoder, and squashes them to zero. Here the floor is
    `min_var` = 1e-20 (std 1e-10): far below any feature a float network produces except exact
    constants, which it maps to 0 and keeps differentiable. Training mode uses the batch statistics
    (under --sync-bn those of the global batch) and keeps running averages, like BatchNorm; `fit`
    sets them from cached features (linear probe).
    """

    def __init__(self, dim: int, momentum: float = 0.1, min_var: float = 1e-20) -> None:
        super().__init__()
        self.momentum, self.min_var = momentum, min_var
        self.across_ranks = False  # --sync-bn: batch statistics of the global batch (see use_global_batchnorm)
        self.register_buffer("mean", torch.zeros(dim))
        self.register_buffer("var", torch.ones(dim))

    @torch.no_grad()
    def fit(self, features: torch.Tensor) -> None:
        """Set the statistics from all features (N, dim) at once."""
        self.mean.copy_(features.mean(0))
        self.var.copy_(features.var(0, unbiased=False))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, dim) -> (B, dim) float32."""
        x = x.float()
        if self.training and x.shape[0] > 1:
            centered, mean, var, _ = batch_moments(x, (0,), self.across_ranks)
            with torch.no_grad():
                self.mean.lerp_(mean[0], self.momentum)
                self.var.lerp_(var[0], self.momentum)
            return centered * torch.rsqrt(var + self.min_var)
        return (x - self.mean) * torch.rsqrt(self.var + self.min_var)


class Classifier(nn.Module):
    """(B, 1, H, W) gray input -> (B, num_classes) logits.

    Features: the chosen encoder stages, each average-pooled to a `grid` x `grid` map and flattened,
    concatenated (`pool="all"`: early stages carry the color/texture cues the pretext task trains most
    directly; `stageK` probes one stage on its own), standardized (see Standardize), then a linear head.
    grid 1 is global pooling; a larger grid keeps where a feature fired, as colorization's linear
    evaluations do (Zhang et al. 2016 pool each layer to about 9,000 features).
    """

    def __init__(self, encoder: nn.Module, num_classes: int, pool: str = "all", grid: int = 1) -> None:
        super().__init__()
        self.encoder, self.pool, self.grid = encoder, pool, grid
        self.stages = parse_pool(pool, len(encoder.feature_info))
        self.feature_dim = sum(encoder.feature_info[i].num_chs for i in self.stages) * grid * grid
        self.standardize = Standardize(self.feature_dim)
        self.head = nn.Linear(self.feature_dim, num_classes)

    def pooled_features(self, x: torch.Tensor) -> torch.Tensor:
        """(B, 1, H, W) -> (B, feature_dim), before standardization: per stage (channels x grid x grid)."""
        stages = self.encoder.forward_features(x)
        return torch.cat([F.adaptive_avg_pool2d(stages[i].float(), self.grid).flatten(1) for i in self.stages], dim=1)

    def classify_features(self, features: torch.Tensor) -> torch.Tensor:
        """(B, feature_dim) pooled features -> (B, num_classes) logits."""
        return self.head(self.standardize(features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classify_features(self.pooled_features(x))
