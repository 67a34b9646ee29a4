"""Tiny synthetic data sets, made fresh by the tests (no real data is ever read)."""

import hashlib
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

PALETTE = np.array(
    [[220, 40, 40], [40, 200, 60], [40, 70, 230], [230, 200, 40]], dtype=np.float32
)  # one dominant color per class, so color is predictable from the class's gray texture


def synthetic_images(n: int, size: int = 32, num_classes: int = 4, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3, size, size) uint8 and labels (n,): a class color modulated by a class-specific texture."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % num_classes
    yy, xx = np.meshgrid(np.linspace(0, 1, size), np.linspace(0, 1, size), indexing="ij")
    images = np.empty((n, 3, size, size), dtype=np.uint8)
    for i, label in enumerate(labels):
        frequency = 2 + 2 * label
        phase = rng.uniform(0, 2 * np.pi)
        texture = 0.55 + 0.35 * np.sin(frequency * np.pi * (xx + yy) + phase)
        color = PALETTE[label % len(PALETTE)][:, None, None] * texture[None]
        images[i] = np.clip(color + rng.normal(0, 4, color.shape), 0, 255).astype(np.uint8)
    return images, labels


def write_image_folder(root: Path, n: int, splits: bool = True, size: int = 32) -> Path:
    """root/<split>/<class>/NNNN.png (or root/<class>/... when splits is False)."""
    for split, count, seed in (("train", n, 0), ("test", max(8, n // 4), 1)) if splits else (("", n, 0),):
        images, labels = synthetic_images(count, size, seed=seed)
        for i, (image, label) in enumerate(zip(images, labels, strict=True)):
            folder = root / split / f"class{label}"
            folder.mkdir(parents=True, exist_ok=True)
            Image.fromarray(image.transpose(1, 2, 0)).save(folder / f"{i:04d}.png")
    return root


def write_cifar_pickles(root: Path, name: str, n: int) -> Path:
    """The official python layout (cifar-10-batches-py or cifar-100-python) with synthetic content."""
    from ssl_colorize.data.datasets import CIFAR_FILES

    spec = CIFAR_FILES[name]
    folder = root / spec["folder"]
    folder.mkdir(parents=True)
    meta_file, names_key, labels_key = spec["meta"]
    for split, seed in (("train", 0), ("test", 1)):
        files = spec[split]
        images, labels = synthetic_images(n, seed=seed)
        for k, (filename, _) in enumerate(files):
            part = slice(k * n // len(files), (k + 1) * n // len(files))
            batch = {b"data": images[part].reshape(-1, 3072), labels_key.encode(): labels[part].tolist()}
            (folder / filename).write_bytes(pickle.dumps(batch))
    meta = {names_key.encode(): [f"class{i}".encode() for i in range(4)]}
    (folder / meta_file).write_bytes(pickle.dumps(meta))
    return root


@pytest.fixture
def image_folder(tmp_path: Path) -> Path:
    return write_image_folder(tmp_path / "folder", 64)


@pytest.fixture(autouse=True)
def _deterministic_threads():
    torch.manual_seed(0)
    yield


def md5_of(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def tiny_pretrained_run(root: Path, objective: str, images: int) -> tuple[Path, Path]:
    """A 1-epoch unet-xs colorizer on a fresh synthetic folder: (run dir, data folder)."""
    from ssl_colorize.train.pretrain import PretrainConfig, pretrain

    folder = write_image_folder(root / "data", images)
    config = PretrainConfig(
        dataset="folder", data_dir=str(folder), objective=objective, model="unet-xs", epochs=1, batch_size=16,
        device="cpu", precision="fp32", out=str(root / "runs"),
    )  # fmt: skip
    return pretrain(config, progress=False), folder
