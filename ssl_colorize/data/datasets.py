"""Read whole data splits into memory as uint8 tensors: CIFAR pickles and image folders.

A split is a `Split`: images (N, 3, H, W) uint8, labels (N,) int64 (-1 when unlabeled), class names.
Decoding happens once; folder splits can be cached as .npy next to a user-chosen cache dir.
"""

import hashlib
import json
import logging
import os
import pickle
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps

from ssl_colorize.errors import UserError
from ssl_colorize.progress import console, progress_bar

log = logging.getLogger(__name__)

DATASETS = ("cifar100", "cifar10", "folder")
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm"}

# Official archive layouts and MD5s (the same as torchvision's CIFAR10/CIFAR100 lists).
CIFAR_FILES = {
    "cifar10": {
        "folder": "cifar-10-batches-py",
        "train": [
            ("data_batch_1", "c99cafc152244af753f735de768cd75f"),
            ("data_batch_2", "d4bba439e000b95fd0a9bffe97cbabec"),
            ("data_batch_3", "54ebc095f3ab1f0389bbae665268c751"),
            ("data_batch_4", "634d18415352ddfa80567beed471001a"),
            ("data_batch_5", "482c414d41f54cd18b22e5b47cb7c3cb"),
        ],
        "test": [("test_batch", "40351d587109b95175f43aff81a1287e")],
        "meta": ("batches.meta", "label_names", "labels"),
    },
    "cifar100": {
        "folder": "cifar-100-python",
        "train": [("train", "16019d7e3df5f24257cddd939b257f8d")],
        "test": [("test", "f0ef6b0ae62326f3e7ffdfab6717acfc")],
        "meta": ("meta", "fine_label_names", "fine_labels"),
    },
}


@dataclass
class Split:
    """One split in memory. images: (N, 3, H, W) uint8; labels: (N,) int64, -1 if unlabeled."""

    images: torch.Tensor
    labels: torch.Tensor
    classes: list[str]

    def __len__(self) -> int:
        return self.images.shape[0]

    def head(self, limit: int | None) -> "Split":
        """The first `limit` examples (all when limit is None)."""
        if limit is None or limit >= len(self):
            return self
        return Split(self.images[:limit], self.labels[:limit], self.classes)


class _NumpyOnlyUnpickler(pickle.Unpickler):
    """Unpickler for the CIFAR files that refuses every global except numpy array rebuilding.

    The CIFAR archives are pickles; a plain pickle.load of a tampered file could run any code.
    """

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
    }

    def find_class(self, module: str, name: str):
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def _read_pickle(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return _NumpyOnlyUnpickler(handle, encoding="bytes").load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as error:
        raise UserError(f"{path} is not a readable CIFAR pickle ({error})") from None


def _md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _decode_key(d: dict, key: str):
    return d[key.encode()] if key.encode() in d else d[key]


def _download_cifar(name: str, data_dir: Path) -> None:
    from torchvision.datasets import CIFAR10, CIFAR100

    cls = CIFAR10 if name == "cifar10" else CIFAR100
    try:
        cls(str(data_dir), train=True, download=True)
    except Exception as error:  # noqa: BLE001 - any network failure means the same thing to the user
        raise UserError(
            f"{name} not found in {data_dir} and could not be downloaded ({type(error).__name__}); "
            f"put the official python archive there or pass --data-dir"
        ) from None


def load_cifar(name: str, data_dir: Path, split: str, download: bool = True) -> Split:
    """Read the official python layout (e.g. data_dir/cifar-100-python/train); download if absent.

    MD5s are checked: a rebuilt copy that differs loads with a warning.
    """
    spec = CIFAR_FILES[name]
    folder = Path(data_dir) / spec["folder"]
    if not folder.is_dir():
        if Path(data_dir).is_dir() and _holds_images(Path(data_dir)):
            raise UserError(
                f"{data_dir} is an image folder, not the {name} python archive; pass --dataset folder to read it"
            )
        if not download:
            raise UserError(f"{folder} does not exist; pass --data-dir pointing at its parent")
        _download_cifar(name, Path(data_dir))
    images, labels = [], []
    meta_file, names_key, labels_key = spec["meta"]
    for filename, md5 in spec[split]:
        path = folder / filename
        if not path.is_file():
            raise UserError(f"missing {path}: the {name} archive in --data-dir is incomplete")
        if _md5(path) != md5:
            log.warning("%s differs from the official MD5; loading it as a rebuilt copy", path)
        batch = _read_pickle(path)
        images.append(np.asarray(_decode_key(batch, "data"), dtype=np.uint8).reshape(-1, 3, 32, 32))
        labels.append(np.asarray(_decode_key(batch, labels_key), dtype=np.int64))
    meta_path = folder / meta_file
    if not meta_path.is_file():
        raise UserError(f"missing {meta_path}: the {name} archive in --data-dir is incomplete")
    classes = [c.decode() if isinstance(c, bytes) else c for c in _decode_key(_read_pickle(meta_path), names_key)]
    return Split(torch.from_numpy(np.concatenate(images)), torch.from_numpy(np.concatenate(labels)), classes)


def _holds_images(root: Path) -> bool:
    """True when some image file lies under root (stops at the first one)."""
    return any(p.suffix.lower() in IMAGE_EXTENSIONS for p in root.rglob("*"))


def list_images(root: Path) -> list[Path]:
    """Every file under root (recursive) with an image extension, sorted for a stable order."""
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS and p.is_file())


def decode_image(path: Path, size: int) -> np.ndarray | None:
    """One file -> (3, size, size) uint8 (shorter side resized, center crop); None if unreadable."""
    try:
        with Image.open(path) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            if image.size != (size, size):
                image = ImageOps.fit(image, (size, size), Image.Resampling.BICUBIC)
            return np.asarray(image, dtype=np.uint8).transpose(2, 0, 1)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None


def _folder_root_for_split(data_dir: Path, split: str) -> Path:
    """root/<split>/ when it exists, else root itself (a folder without splits)."""
    if not data_dir.is_dir():
        raise UserError(f"--data-dir {data_dir} is not a folder")
    return data_dir / split if (data_dir / split).is_dir() else data_dir


def _cache_path(cache_dir: Path, files: list[Path], size: int) -> Path:
    digest = hashlib.sha1(str(size).encode())
    for path in files:
        stat = path.stat()
        digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return cache_dir / f"folder-{digest.hexdigest()[:16]}"


def load_folder(data_dir: Path, split: str, size: int = 32, cache_dir: Path | None = None) -> Split:
    """Image folder -> Split. `root/<split>/<class>/*`, `root/<class>/*`, or loose images (unlabeled).

    Unreadable files are skipped with a warning giving their count. With cache_dir, the decoded
    arrays are stored as .npy (loaded without pickle) and reused while the files are unchanged.
    """
    root = _folder_root_for_split(Path(data_dir), split)
    files = list_images(root)
    if not files:
        raise UserError(f"no image files found under {root}; expected root/<class>/*.jpg")
    # Folder trees are sorted by class; a fixed shuffle makes "the first N" (--limit) a mix of classes,
    # as it is in the CIFAR archives.
    order = torch.randperm(len(files), generator=torch.Generator().manual_seed(0)).tolist()
    files = [files[i] for i in order]
    class_of = [p.relative_to(root).parts[0] if len(p.relative_to(root).parts) > 1 else None for p in files]
    labeled = all(c is not None for c in class_of)
    classes = sorted(set(class_of)) if labeled else []

    cache = _cache_path(Path(cache_dir), files, size) if cache_dir else None
    if cache is not None and (cache / "images.npy").is_file():
        meta = json.loads((cache / "meta.json").read_text())
        images = np.load(cache / "images.npy", allow_pickle=False)
        labels = np.load(cache / "labels.npy", allow_pickle=False)
        return Split(torch.from_numpy(images), torch.from_numpy(labels), meta["classes"])

    # PIL releases the GIL while decoding, so threads use every core.
    started = time.perf_counter()
    console.print(f"decoding {len(files)} images under {root} (once; --cache-dir keeps them)", highlight=False)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool, progress_bar() as bar:
        task = bar.add_task("decode", total=len(files), info="")
        decoded = []
        for image in pool.map(lambda p: decode_image(p, size), files, chunksize=256):
            decoded.append(image)
            bar.advance(task)
    console.print(f"decoded {len(files)} images in {time.perf_counter() - started:.0f}s", highlight=False)
    keep = [i for i, d in enumerate(decoded) if d is not None]
    if len(keep) < len(files):
        log.warning("skipped %d unreadable files under %s", len(files) - len(keep), root)
    if not keep:
        raise UserError(f"none of the {len(files)} image files under {root} could be decoded")
    images = np.stack([decoded[i] for i in keep])
    index = {c: i for i, c in enumerate(classes)}
    labels = np.array([index[class_of[i]] if labeled else -1 for i in keep], dtype=np.int64)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        np.save(cache / "images.npy", images)
        np.save(cache / "labels.npy", labels)
        (cache / "meta.json").write_text(json.dumps({"classes": classes, "root": str(root)}))
    return Split(torch.from_numpy(images), torch.from_numpy(labels), classes)


def load_split(
    dataset: str,
    data_dir: Path,
    split: str,
    image_size: int = 32,
    cache_dir: Path | None = None,
) -> Split:
    """The named data set's split ("train" or "test") as a Split in memory."""
    if dataset in CIFAR_FILES:
        return load_cifar(dataset, Path(data_dir), split)
    if dataset == "folder":
        return load_folder(Path(data_dir), split, image_size, cache_dir)
    raise UserError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
