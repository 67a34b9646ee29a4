import torch

from ssl_colorize.data.loader import BatchIterator, random_crop_flip


def test_crop_flip_keeps_shape_and_is_reproducible():
    images = torch.rand(8, 3, 16, 16)
    a = random_crop_flip(images, 4, torch.Generator().manual_seed(1))
    b = random_crop_flip(images, 4, torch.Generator().manual_seed(1))
    assert a.shape == images.shape and torch.equal(a, b)
    assert not torch.equal(a, images)


def test_crop_without_padding_only_flips():
    images = torch.rand(64, 1, 4, 4)
    out = random_crop_flip(images, 0, torch.Generator().manual_seed(0))
    same = (out == images).flatten(1).all(1)
    flipped = (out == images.flip(-1)).flatten(1).all(1)
    assert torch.all(same | flipped) and same.any() and flipped.any()


def test_batches_cover_an_epoch_once_in_a_seeded_order():
    images = torch.arange(10, dtype=torch.uint8).view(10, 1, 1, 1).expand(10, 3, 2, 2).contiguous()
    labels = torch.arange(10)
    loader = BatchIterator(images, labels, 3, torch.device("cpu"), drop_last=False, seed=5)
    seen = torch.cat([y for _, y in loader.epoch(0)])
    assert sorted(seen.tolist()) == list(range(10)) and len(loader) == 4
    assert torch.equal(seen, torch.cat([y for _, y in loader.epoch(0)]))
    assert not torch.equal(seen, torch.cat([y for _, y in loader.epoch(1)]))
