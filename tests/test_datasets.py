import logging
import pickle

import numpy as np
import pytest
import torch
from conftest import synthetic_images, write_cifar_pickles, write_image_folder

from ssl_colorize.data.datasets import load_folder, load_split
from ssl_colorize.errors import UserError


@pytest.mark.parametrize("name", ["cifar10", "cifar100"])
def test_cifar_pickles_are_read_in_the_official_layout(tmp_path, name, caplog):
    root = write_cifar_pickles(tmp_path, name, 40)
    with caplog.at_level(logging.WARNING):
        train = load_split(name, root, "train")
    expected, labels = synthetic_images(40, seed=0)
    assert train.images.dtype == torch.uint8 and train.images.shape == (40, 3, 32, 32)
    assert torch.equal(train.images, torch.from_numpy(expected))
    assert torch.equal(train.labels, torch.from_numpy(labels))
    assert train.classes == ["class0", "class1", "class2", "class3"]
    assert "differs from the official MD5" in caplog.text  # a rebuilt copy loads, with a warning
    assert len(load_split(name, root, "test")) == 40


def test_cifar_pickle_with_code_is_refused(tmp_path):
    root = write_cifar_pickles(tmp_path, "cifar100", 8)

    class Exploit:
        def __reduce__(self):
            return (print, ("owned",))

    (root / "cifar-100-python" / "train").write_bytes(pickle.dumps({b"data": Exploit()}))
    with pytest.raises(UserError, match="not a readable CIFAR pickle"):
        load_split("cifar100", root, "train")


def test_missing_cifar_offline_names_data_dir(tmp_path, monkeypatch):
    import ssl_colorize.data.datasets as datasets

    def offline(*args, **kwargs):
        raise OSError("no network")

    monkeypatch.setattr("torchvision.datasets.CIFAR100.__init__", offline)
    with pytest.raises(UserError, match="--data-dir"):
        datasets.load_split("cifar100", tmp_path, "train")


def test_folder_with_splits_reads_classes_and_labels(image_folder):
    train = load_split("folder", image_folder, "train")
    assert train.images.shape == (64, 3, 32, 32)
    assert train.classes == ["class0", "class1", "class2", "class3"]
    assert sorted(torch.bincount(train.labels).tolist()) == [16, 16, 16, 16]
    # the fixed shuffle mixes classes, so --limit takes from every class
    assert len(set(train.head(12).labels.tolist())) == 4


def test_folder_without_splits_and_larger_images_are_resized(tmp_path):
    root = write_image_folder(tmp_path / "flat", 8, splits=False, size=48)
    split = load_split("folder", root, "train", image_size=32)
    assert split.images.shape == (8, 3, 32, 32)


def test_loose_images_are_unlabeled(tmp_path):
    images, _ = synthetic_images(3)
    from PIL import Image

    for i, image in enumerate(images):
        Image.fromarray(image.transpose(1, 2, 0)).save(tmp_path / f"{i}.png")
    split = load_folder(tmp_path, "train")
    assert split.labels.tolist() == [-1, -1, -1] and split.classes == []


def test_corrupt_files_are_skipped_with_a_count(image_folder, caplog):
    (image_folder / "train" / "class0" / "broken.png").write_bytes(b"not a png at all")
    (image_folder / "train" / "class1" / "truncated.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 10)
    with caplog.at_level(logging.WARNING):
        split = load_split("folder", image_folder, "train")
    assert len(split) == 64
    assert "skipped 2 unreadable files" in caplog.text


def test_empty_or_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no image files"):
        load_split("folder", tmp_path, "train")
    with pytest.raises(UserError, match="is not a folder"):
        load_split("folder", tmp_path / "nope", "train")
    with pytest.raises(UserError, match="unknown dataset"):
        load_split("imagenet", tmp_path, "train")


def test_cache_round_trip_gives_identical_arrays(image_folder, tmp_path):
    cache = tmp_path / "cache"
    first = load_split("folder", image_folder, "train", cache_dir=cache)
    assert list(cache.glob("*/images.npy"))
    second = load_split("folder", image_folder, "train", cache_dir=cache)
    assert torch.equal(first.images, second.images) and torch.equal(first.labels, second.labels)
    assert second.classes == first.classes
    assert np.load(next(cache.glob("*/images.npy")), allow_pickle=False).dtype == np.uint8
