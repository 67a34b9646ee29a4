import pytest
import torch

from ssl_colorize.data.loader import BatchIterator, EndlessBatches, augment
from ssl_colorize.distributed import World, check_batch_divides
from ssl_colorize.errors import UserError


def test_crop_flip_keeps_shape_and_is_reproducible():
    images = torch.rand(8, 3, 16, 16)
    a = augment(images, "crop-flip", torch.Generator().manual_seed(1), 4)
    b = augment(images, "crop-flip", torch.Generator().manual_seed(1), 4)
    assert a.shape == images.shape and torch.equal(a, b)
    assert not torch.equal(a, images)


def test_crop_without_padding_only_flips():
    images = torch.rand(64, 1, 4, 4)
    out = augment(images, "crop-flip", torch.Generator().manual_seed(0), 0)
    same = (out == images).flatten(1).all(1)
    flipped = (out == images.flip(-1)).flatten(1).all(1)
    assert torch.all(same | flipped) and same.any() and flipped.any()


def test_no_generator_means_no_augmentation():
    images = torch.rand(4, 3, 8, 8)
    assert torch.equal(augment(images, "resized-crop", None), images)


def test_batches_cover_an_epoch_once_in_a_seeded_order():
    images = torch.arange(10, dtype=torch.uint8).view(10, 1, 1, 1).expand(10, 3, 2, 2).contiguous()
    labels = torch.arange(10)
    loader = BatchIterator(images, labels, 3, torch.device("cpu"), drop_last=False, seed=5)
    seen = torch.cat([y for _, y in loader.epoch(0)])
    assert sorted(seen.tolist()) == list(range(10)) and len(loader) == 4
    assert torch.equal(seen, torch.cat([y for _, y in loader.epoch(0)]))
    assert not torch.equal(seen, torch.cat([y for _, y in loader.epoch(1)]))


@pytest.mark.parametrize("kind", ["crop-flip", "resized-crop"])
def test_rank_shards_of_a_batch_are_the_single_process_batch(kind):
    """Under data parallelism each rank's shard, order and augmentation included, is its part of what
    one process would see: so N processes train on exactly the same images as one."""
    images = torch.randint(0, 256, (40, 3, 8, 8), dtype=torch.uint8)
    labels = torch.arange(40)

    def batches(world: World) -> list:
        loader = BatchIterator(images, labels, 8, torch.device("cpu"), seed=3, augmentation=kind, world=world)
        return list(loader.epoch(2))

    whole = batches(World())
    parts = [batches(World(rank, 2)) for rank in range(2)]
    for index, (rgb, y) in enumerate(whole):
        assert torch.equal(torch.cat([parts[0][index][0], parts[1][index][0]]), rgb)
        assert torch.equal(torch.cat([parts[0][index][1], parts[1][index][1]]), y)


def test_resuming_mid_epoch_continues_the_same_batches():
    images = torch.randint(0, 256, (32, 3, 8, 8), dtype=torch.uint8)
    loader = BatchIterator(images, torch.arange(32), 4, torch.device("cpu"), augmentation="crop-flip")
    generator = loader.generator(1)
    order = loader.order(generator)
    batches = loader.batches(order, generator)
    first = [next(batches) for _ in range(3)]
    state = generator.get_state()
    rest = list(batches)
    generator = loader.generator(1)
    order = loader.order(generator)
    generator.set_state(state)
    resumed = list(loader.batches(order, generator, start=3))
    assert len(first) + len(rest) == len(loader) and len(resumed) == len(rest)
    for (a, y), (b, z) in zip(rest, resumed, strict=True):
        assert torch.equal(a, b) and torch.equal(y, z)


def test_endless_batches_cross_epochs_and_continue_from_a_saved_state():
    images = torch.randint(0, 256, (12, 3, 8, 8), dtype=torch.uint8)
    loader = BatchIterator(images, torch.arange(12), 4, torch.device("cpu"), seed=2, augmentation="resized-crop")
    stream = EndlessBatches(loader)
    first_epochs = [next(stream) for _ in range(5)]  # 3 a epoch: epoch 0, then 2 batches into epoch 1
    for (rgb, y), (expected_rgb, expected_y) in zip(first_epochs, [*loader.epoch(0), *loader.epoch(1)], strict=False):
        assert torch.equal(rgb, expected_rgb) and torch.equal(y, expected_y)
    state = stream.state()
    assert (state["epoch"], state["step"]) == (1, 2)
    ahead = [next(stream) for _ in range(4)]  # the rest of epoch 1, then into epoch 2
    resumed = EndlessBatches(loader)
    resumed.load_state(state)
    for (rgb, y), (again, z) in zip(ahead, [next(resumed) for _ in range(4)], strict=True):
        assert torch.equal(rgb, again) and torch.equal(y, z)


def test_a_global_batch_that_does_not_split_evenly_is_refused():
    check_batch_divides(16, World(1, 2))
    with pytest.raises(UserError, match="multiple of 2"):
        check_batch_divides(15, World(0, 2))
