"""The protocol's three disjoint splits: fit (train minus validation), validation, and test.

Every choice (best.pt, learning rates, epochs, L2, recipe) is made on the validation split, a fixed,
stratified hold-out of the training split; the test split is only read for reported numbers. The
hold-out depends on the labels and sizes alone (never on a run's seed), so pretraining and every
transfer run of a data set share the same validation images.
"""

from dataclasses import dataclass
from pathlib import Path

import torch

from ssl_colorize.data.datasets import Split, load_split
from ssl_colorize.errors import UserError

# The hold-outs are drawn with their own fixed seeds, independent of --seed.
VAL_SEED, TEST_SEED = 20_261_127, 20_261_128
DEFAULT_VAL_SIZE = 5000  # CIFAR-size data; smaller data sets hold out a tenth (see default_val_size)


def default_val_size(num_train: int) -> int:
    """5,000 images for CIFAR-size data (50,000), a tenth of smaller training splits (at least 1)."""
    return min(DEFAULT_VAL_SIZE, max(1, num_train // 10))


def stratified_holdout(labels: torch.Tensor, size: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(kept, held_out) sorted index tensors; held_out has `size` rows, classes in proportion.

    labels: (N,) int64, -1 for unlabeled data (then the hold-out is a plain random draw). Each class
    gives floor(size * share) images, the remainder goes to the classes with the largest fractional
    parts, so the sizes add up exactly.
    """
    n = labels.numel()
    if not 0 < size < n:
        raise UserError(f"a hold-out of {size} images needs 1 to {n - 1} of the {n} training images")
    generator = torch.Generator().manual_seed(seed)
    classes, counts = torch.unique(labels, return_counts=True)
    quotas = counts.double() * size / n
    taken = quotas.floor().long()
    remainder = size - int(taken.sum())
    taken[torch.argsort(quotas - taken, descending=True)[:remainder]] += 1
    held = []
    for label, count in zip(classes.tolist(), taken.tolist(), strict=True):
        members = (labels == label).nonzero().flatten()
        held.append(members[torch.randperm(len(members), generator=generator)[:count]])
    held_out = torch.cat(held).sort().values
    mask = torch.ones(n, dtype=torch.bool)
    mask[held_out] = False
    return mask.nonzero().flatten(), held_out


def _subset(split: Split, index: torch.Tensor) -> Split:
    return Split(split.images[index], split.labels[index], split.classes)


@dataclass
class ProtocolSplits:
    """fit: what training sees; val: every choice; test: reported numbers only (None when not loaded)."""

    fit: Split
    val: Split
    test: Split | None
    test_source: str  # "test split" or "held out of train (N images)"


def load_protocol_splits(
    dataset: str,
    data_dir: Path,
    image_size: int = 32,
    cache_dir: Path | None = None,
    val_size: int | None = None,
    test_size: int | None = None,
    need_test: bool = True,
) -> ProtocolSplits:
    """Load the data set and carve the validation (and, when asked, test) hold-outs from its train split.

    A folder data set without a `test/` folder has no test split: that is an error unless `test_size`
    asks to hold one out of the training images (so training images are never scored as test images).
    """
    train = load_split(dataset, Path(data_dir), "train", image_size, cache_dir)
    test = None
    has_test_split = dataset != "folder" or (Path(data_dir) / "test").is_dir()
    if test_size is not None:
        if has_test_split:
            raise UserError(f"{data_dir} has its own test split; --test-size is only for data without one")
        kept, held = stratified_holdout(train.labels, test_size, TEST_SEED)
        train, test = _subset(train, kept), _subset(train, held)
        source = f"held out of train ({test_size} images)"
    elif not has_test_split:
        if need_test:
            raise UserError(
                f"{data_dir} has no test/ folder; pass --test-size N to hold out N training images as the test "
                "split (training images are never scored as test images)"
            )
        source = "none"
    else:
        if need_test:
            test = load_split(dataset, Path(data_dir), "test", image_size, cache_dir)
        source = "test split"
    size = default_val_size(len(train)) if val_size is None else val_size
    fit_index, val_index = stratified_holdout(train.labels, size, VAL_SEED)
    return ProtocolSplits(_subset(train, fit_index), _subset(train, val_index), test, source)
