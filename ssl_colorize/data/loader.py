"""Batches from an in-memory uint8 split, augmented on the training device.

No per-sample Python: a batch is an index gather, a transfer, and batched tensor ops.
"""

from collections.abc import Iterator

import torch
import torch.nn.functional as F


def random_crop_flip(images: torch.Tensor, padding: int, generator: torch.Generator | None) -> torch.Tensor:
    """(B, C, H, W) -> same shape: random crop from a zero-padded copy, then random horizontal flip.

    Offsets and flips are drawn on the CPU from `generator`, so the augmentation is reproducible
    whatever the device.
    """
    batch, channels, height, width = images.shape
    device = images.device
    if padding > 0:
        padded = F.pad(images, (padding, padding, padding, padding))
        offsets = torch.randint(0, 2 * padding + 1, (2, batch), generator=generator).to(device)
        rows = (offsets[0, :, None] + torch.arange(height, device=device))[:, None, :, None]
        cols = (offsets[1, :, None] + torch.arange(width, device=device))[:, None, None, :]
        batch_index = torch.arange(batch, device=device)[:, None, None, None]
        channel_index = torch.arange(channels, device=device)[None, :, None, None]
        images = padded[batch_index, channel_index, rows, cols]
    flip = (torch.rand(batch, generator=generator) < 0.5).to(device)[:, None, None, None]
    return torch.where(flip, images.flip(-1), images)


def random_resized_crop_flip(images: torch.Tensor, min_scale: float, generator: torch.Generator | None) -> torch.Tensor:
    """(B, C, H, W) float -> same shape: a random crop of min_scale..1 of the area (aspect 3/4..4/3)
    resized back bilinearly, then a random horizontal flip; one batched grid_sample.

    The stronger augmentation of the pretext ablations: colorizing crops at varying scale asks the
    encoder for color cues that hold across object sizes.
    """
    batch = images.shape[0]
    draws = torch.rand(4, batch, generator=generator)
    area = min_scale + (1.0 - min_scale) * draws[0]
    log_ratio = (draws[1] * 2.0 - 1.0) * torch.log(torch.tensor(4.0 / 3.0))
    width = torch.sqrt(area * torch.exp(log_ratio)).clamp(max=1.0)
    height = torch.sqrt(area / torch.exp(log_ratio)).clamp(max=1.0)
    center_x = (draws[2] * 2.0 - 1.0) * (1.0 - width)
    center_y = (draws[3] * 2.0 - 1.0) * (1.0 - height)
    flip = torch.where(torch.rand(batch, generator=generator) < 0.5, -1.0, 1.0)
    theta = torch.zeros(batch, 2, 3)
    theta[:, 0, 0], theta[:, 0, 2] = width * flip, center_x
    theta[:, 1, 1], theta[:, 1, 2] = height, center_y
    grid = F.affine_grid(theta.to(images.device, images.dtype), list(images.shape), align_corners=False)
    return F.grid_sample(images, grid, mode="bilinear", padding_mode="reflection", align_corners=False)


AUGMENTATIONS = ("crop-flip", "resized-crop")


def augment(images: torch.Tensor, kind: str, generator: torch.Generator | None, padding: int = 4) -> torch.Tensor:
    """(B, C, H, W) float in [0, 1] -> augmented, same shape. No generator: unchanged (evaluation).

    kind "crop-flip": padded random crop + flip (the CIFAR standard); "resized-crop": random resized
    crop down to 25% of the area + flip.
    """
    if generator is None:
        return images
    if kind == "crop-flip":
        return random_crop_flip(images, padding, generator)
    if kind == "resized-crop":
        return random_resized_crop_flip(images, 0.25, generator)
    raise ValueError(f"augmentation must be one of {AUGMENTATIONS}, got {kind!r}")


class BatchIterator:
    """Shuffled (or ordered) batches of (uint8 images on device, labels on device).

    images: (N, 3, H, W) uint8 (kept where it is: CPU memory, or GPU memory when it fits);
    each epoch's order comes from a generator seeded with (seed, epoch), so a resumed run sees
    exactly the batches an uninterrupted run would.
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
    ) -> None:
        self.images, self.labels = images, labels
        self.batch_size, self.device = batch_size, device
        self.shuffle, self.drop_last, self.seed = shuffle, drop_last, seed

    def __len__(self) -> int:
        n = self.images.shape[0]
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def generator(self, epoch: int) -> torch.Generator:
        """The CPU generator for one epoch's order and augmentation."""
        return torch.Generator().manual_seed(self.seed * 100_003 + epoch)

    def epoch(
        self, epoch: int, generator: torch.Generator | None = None
    ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        n = self.images.shape[0]
        generator = generator or self.generator(epoch)
        order = torch.randperm(n, generator=generator) if self.shuffle else torch.arange(n)
        for i in range(len(self)):
            index = order[i * self.batch_size : (i + 1) * self.batch_size]
            images = self.images[index.to(self.images.device)]
            labels = self.labels[index.to(self.labels.device)]
            yield (
                images.to(self.device, non_blocking=True),
                labels.to(self.device, non_blocking=True),
            )
