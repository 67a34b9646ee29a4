"""Batches from an in-memory uint8 split, augmented on the training device.

No per-sample Python: a batch is an index gather, a transfer, and batched tensor ops. Under data
parallelism every rank draws the same global batch order and augmentation parameters from the same
(seed, epoch) generator and keeps its own shard of both, so N processes see exactly the images one
process would, whatever N.
"""

import math
from collections.abc import Iterator

import torch
import torch.nn.functional as F

from ssl_colorize.color import uint8_to_float
from ssl_colorize.distributed import World

AUGMENTATIONS = ("crop-flip", "resized-crop")
RESIZED_CROP_MIN_AREA = 0.25  # of the image, the smallest crop "resized-crop" takes


def draw_augmentation(kind: str, batch: int, generator: torch.Generator | None, padding: int = 4) -> torch.Tensor:
    """Random parameters (batch, k) on the CPU for `apply_augmentation`, one row per image (generator None:
    the global CPU generator).

    crop-flip: (row offset, column offset, flip); resized-crop: (area, log aspect, x, y, flip) draws in [0, 1).
    """
    if kind == "crop-flip":
        offsets = torch.randint(0, 2 * padding + 1, (batch, 2), generator=generator).float()
        return torch.cat([offsets, torch.rand(batch, 1, generator=generator)], dim=1)
    if kind == "resized-crop":
        return torch.rand(batch, 5, generator=generator)
    raise ValueError(f"augmentation must be one of {AUGMENTATIONS}, got {kind!r}")


def _crop_flip(images: torch.Tensor, params: torch.Tensor, padding: int) -> torch.Tensor:
    """A crop from a zero-padded copy at the drawn offsets, then the drawn horizontal flips."""
    batch, channels, height, width = images.shape
    device = images.device
    params = params.to(device)
    if padding > 0:
        padded = F.pad(images, (padding, padding, padding, padding))
        offsets = params[:, :2].long()
        rows = (offsets[:, 0, None] + torch.arange(height, device=device))[:, None, :, None]
        cols = (offsets[:, 1, None] + torch.arange(width, device=device))[:, None, None, :]
        batch_index = torch.arange(batch, device=device)[:, None, None, None]
        channel_index = torch.arange(channels, device=device)[None, :, None, None]
        images = padded[batch_index, channel_index, rows, cols]
    flip = (params[:, 2] < 0.5)[:, None, None, None]
    return torch.where(flip, images.flip(-1), images)


def _resized_crop_flip(images: torch.Tensor, params: torch.Tensor) -> torch.Tensor:
    """A crop of RESIZED_CROP_MIN_AREA..1 of the area (aspect 3/4..4/3) resized back bilinearly, then a
    flip; one batched grid_sample. Colorizing crops at varying scale asks for color cues that hold
    across object sizes (the pretext ablation's stronger augmentation)."""
    area = RESIZED_CROP_MIN_AREA + (1.0 - RESIZED_CROP_MIN_AREA) * params[:, 0]
    log_ratio = (params[:, 1] * 2.0 - 1.0) * math.log(4.0 / 3.0)
    width = torch.sqrt(area * torch.exp(log_ratio)).clamp(max=1.0)
    height = torch.sqrt(area / torch.exp(log_ratio)).clamp(max=1.0)
    center_x = (params[:, 2] * 2.0 - 1.0) * (1.0 - width)
    center_y = (params[:, 3] * 2.0 - 1.0) * (1.0 - height)
    flip = torch.where(params[:, 4] < 0.5, -1.0, 1.0)
    theta = torch.zeros(params.shape[0], 2, 3)
    theta[:, 0, 0], theta[:, 0, 2] = width * flip, center_x
    theta[:, 1, 1], theta[:, 1, 2] = height, center_y
    grid = F.affine_grid(theta.to(images.device, images.dtype), list(images.shape), align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="reflection", align_corners=False)


def apply_augmentation(images: torch.Tensor, kind: str, params: torch.Tensor, padding: int = 4) -> torch.Tensor:
    """(B, C, H, W) float in [0, 1] -> augmented, same shape, with the parameters (B, k) drawn for it."""
    if kind == "crop-flip":
        return _crop_flip(images, params, padding)
    return _resized_crop_flip(images, params)


def augment(images: torch.Tensor, kind: str, generator: torch.Generator | None, padding: int = 4) -> torch.Tensor:
    """(B, C, H, W) float in [0, 1] -> augmented, same shape. No generator: unchanged (evaluation).

    kind "crop-flip": padded random crop + flip (the CIFAR standard); "resized-crop": random resized
    crop down to a quarter of the area + flip.
    """
    if generator is None:
        return images
    return apply_augmentation(images, kind, draw_augmentation(kind, images.shape[0], generator, padding), padding)


class BatchIterator:
    """Batches of (float RGB in [0, 1] (b, 3, H, W) on device, labels (b,) on device).

    images: (N, 3, H, W) uint8 (kept where it is: CPU memory, or GPU memory when it fits). Each epoch's
    order and augmentation come from a generator seeded with (seed, epoch), so a resumed run sees exactly
    the batches an uninterrupted one would. `batch_size` is the global batch; under data parallelism
    this rank gets its shard b = batch_size / world size. `augmentation` None: no augmentation.
    """

    def __init__(
        self,
        images: torch.Tensor,
        labels: torch.Tensor,
        batch_size: int,
        device: torch.device,
        shuffle: bool = True,
        drop_last: bool = True,
        seed: int = 0,
        augmentation: str | None = None,
        padding: int = 4,
        world: World | None = None,
    ) -> None:
        self.images, self.labels = images, labels
        self.batch_size, self.device = batch_size, device
        self.shuffle, self.drop_last, self.seed = shuffle, drop_last, seed
        self.augmentation, self.padding, self.world = augmentation, padding, world or World()

    def __len__(self) -> int:
        n = self.images.shape[0]
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def generator(self, epoch: int) -> torch.Generator:
        """The CPU generator for one epoch's order and augmentation (the same on every rank)."""
        return torch.Generator().manual_seed(self.seed * 100_003 + epoch)

    def order(self, generator: torch.Generator) -> torch.Tensor:
        """The epoch's image order (N,): the generator's first draw."""
        n = self.images.shape[0]
        return torch.randperm(n, generator=generator) if self.shuffle else torch.arange(n)

    def batches(
        self, order: torch.Tensor, generator: torch.Generator, start: int = 0
    ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """This rank's shards of the batches from number `start` on; the generator must stand where
        batch `start`'s augmentation draw begins (fresh after `order` when start is 0)."""
        for i in range(start, len(self)):
            index = order[i * self.batch_size : (i + 1) * self.batch_size]
            shard = self.world.shard(index.shape[0])
            params = None
            if self.augmentation:  # drawn for the global batch, so every rank's generator stays in step
                params = draw_augmentation(self.augmentation, index.shape[0], generator, self.padding)[shard]
            index = index[shard]
            images = uint8_to_float(self.images[index.to(self.images.device)].to(self.device, non_blocking=True))
            if params is not None:
                images = apply_augmentation(images, self.augmentation, params, self.padding)
            yield images, self.labels[index.to(self.labels.device)].to(self.device, non_blocking=True)

    def epoch(self, epoch: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """All of one epoch's batches (this rank's shards)."""
        generator = self.generator(epoch)
        return self.batches(self.order(generator), generator)


class EndlessBatches:
    """The loader's batches (as `batches` yields them) one after another, epoch after epoch, with a `state`
    that a checkpoint keeps, so a resumed run draws the batches an uninterrupted one would."""

    def __init__(self, loader: BatchIterator) -> None:
        self.loader = loader
        self.load_state({"epoch": 0, "step": 0, "generator": None})

    def load_state(self, state: dict) -> None:
        """Stand where `state` (from `state()`) stood: `step` batches into epoch `epoch`."""
        self.epoch, self.step = state["epoch"], state["step"]
        self.generator = self.loader.generator(self.epoch)
        order = self.loader.order(self.generator)
        if self.step:
            self.generator.set_state(state["generator"])
        self.batches = self.loader.batches(order, self.generator, self.step)

    def state(self) -> dict:
        return {"epoch": self.epoch, "step": self.step, "generator": self.generator.get_state()}

    def __iter__(self) -> "EndlessBatches":
        return self

    def __next__(self) -> tuple[torch.Tensor, torch.Tensor]:
        if self.step == len(self.loader):
            self.load_state({"epoch": self.epoch + 1, "step": 0})
        self.step += 1
        return next(self.batches)
