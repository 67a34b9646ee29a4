"""benchmarks/pack_folder.py: an image folder packed small and unpacked byte for byte."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"
spec = importlib.util.spec_from_file_location("pack_folder", BENCHMARKS / "pack_folder.py")
pack_folder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pack_folder)


def write_folder(root: Path) -> dict[str, bytes]:
    """Eight 32x32 JPEGs of one encoder setting, a larger JPEG, a PNG and a text file -> {relative path: bytes}."""
    rng = np.random.default_rng(0)
    for i in range(8):
        folder = root / "train" / f"class{i % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)).save(folder / f"{i:04d}.jpg", quality=75)
    Image.fromarray(rng.integers(0, 256, (48, 40, 3), dtype=np.uint8)).save(root / "train" / "large.jpg")
    Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)).save(root / "test.png")
    (root / "README.md").write_text("notes\n")
    return files_under(root)


def files_under(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_folder_comes_back_byte_for_byte_with_the_common_jpeg_header_stored_once(tmp_path):
    original = write_folder(tmp_path / "source")
    sizes = pack_folder.pack(tmp_path / "source", tmp_path / "pack.npz")
    assert sizes["files"] == len(original) == 11
    with np.load(tmp_path / "pack.npz", allow_pickle=False) as arrays:
        shared = dict(zip(arrays["paths"].tolist(), arrays["shared"].tolist(), strict=True))
        header = arrays["header"].tobytes()
    assert sum(shared.values()) == 8 and not shared["test.png"] and not shared["train/large.jpg"]
    assert header == pack_folder.jpeg_header(original["train/class0/0000.jpg"]) and len(header) > 300
    assert pack_folder.unpack(tmp_path / "pack.npz", tmp_path / "copy") == 11
    assert files_under(tmp_path / "copy") == original


def test_a_damaged_pack_a_full_destination_and_an_existing_output_are_refused(tmp_path):
    write_folder(tmp_path / "source")
    pack_folder.pack(tmp_path / "source", tmp_path / "pack.npz")
    with pytest.raises(SystemExit, match="already exists"):
        pack_folder.pack(tmp_path / "source", tmp_path / "pack.npz")
    with pytest.raises(SystemExit, match="is not empty"):
        pack_folder.unpack(tmp_path / "pack.npz", tmp_path / "source")
    with np.load(tmp_path / "pack.npz", allow_pickle=False) as arrays:
        damaged = {key: arrays[key] for key in arrays.files}
    damaged["bodies"] = damaged["bodies"].copy()
    damaged["bodies"][-1] ^= 1  # one bit of the last file
    with open(tmp_path / "damaged.npz", "wb") as handle:
        np.savez(handle, **damaged)
    with pytest.raises(SystemExit, match="damaged"):
        pack_folder.unpack(tmp_path / "damaged.npz", tmp_path / "out")
    assert not (tmp_path / "out").exists()
