"""Classifier for transfer: encoder + pooled stage features + standardization + linear head."""

import torch
from torch import nn

POOLS = ("all", "last")


class Classifier(nn.Module):
    """(B, 1, H, W) gray input -> (B, num_classes) logits.

    Features: each encoder stage globally average-pooled and concatenated (`pool="all"`: early stages
    carry the color/texture cues the pretext task trains most directly), or the last stage only
    (`pool="last"`). They pass a BatchNorm without affine parameters: per-feature standardization,
    estimated from the batch when training end to end, or set from cached features for a linear probe.
    """

    def __init__(self, encoder: nn.Module, num_classes: int, pool: str = "all") -> None:
        super().__init__()
        if pool not in POOLS:
            raise ValueError(f"pool must be one of {POOLS}, got {pool!r}")
        self.encoder, self.pool = encoder, pool
        infos = encoder.feature_info if pool == "all" else encoder.feature_info[-1:]
        self.feature_dim = sum(info.num_chs for info in infos)
        self.standardize = nn.BatchNorm1d(self.feature_dim, affine=False)
        self.head = nn.Linear(self.feature_dim, num_classes)

    def pooled_features(self, x: torch.Tensor) -> torch.Tensor:
        """(B, 1, H, W) -> (B, feature_dim), before standardization."""
        stages = self.encoder.forward_features(x)
        if self.pool == "last":
            stages = stages[-1:]
        return torch.cat([stage.float().mean(dim=(2, 3)) for stage in stages], dim=1)

    def classify_features(self, features: torch.Tensor) -> torch.Tensor:
        """(B, feature_dim) pooled features -> (B, num_classes) logits."""
        return self.head(self.standardize(features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classify_features(self.pooled_features(x))
