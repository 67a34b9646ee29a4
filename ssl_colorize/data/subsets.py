"""Labeled subsets for few-label transfer: stratified per class and reproducible per seed."""

import torch

from ssl_colorize.errors import UserError


def stratified_subset(
    labels: torch.Tensor,
    seed: int,
    fraction: float | None = None,
    per_class: int | None = None,
) -> torch.Tensor:
    """Indices (sorted) of a subset with the same share of every class.

    labels: (N,) int64. Give `fraction` in (0, 1] (each class keeps round(fraction * its count), at least 1)
    or `per_class` (each class keeps that many). The choice depends on `seed` alone.
    """
    if (fraction is None) == (per_class is None):
        raise UserError("give exactly one of --label-fraction and --labels-per-class")
    if fraction is not None and not 0 < fraction <= 1:
        raise UserError(f"--label-fraction must be in (0, 1], got {fraction}")
    if labels.numel() == 0 or labels.min() < 0:
        raise UserError("transfer needs labeled data (a folder with one sub-folder per class)")
    generator = torch.Generator().manual_seed(seed)
    chosen = []
    for label in torch.unique(labels):
        members = (labels == label).nonzero().flatten()
        count = max(1, round(fraction * len(members))) if fraction is not None else per_class
        if count > len(members):
            raise UserError(f"--labels-per-class {per_class} exceeds the {len(members)} images of class {int(label)}")
        chosen.append(members[torch.randperm(len(members), generator=generator)[:count]])
    return torch.cat(chosen).sort().values
