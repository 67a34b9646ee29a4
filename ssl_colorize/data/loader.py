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
