"""Pack an image folder into one small file and unpack it byte for byte, so the data set can travel to a lent
GPU machine, whose working tree is limited to 64 MiB (`../shared` does not travel).

CIFAR-10 as a folder of 32x32 JPEGs is 55 MB, but 623 bytes of each 920-byte file are the same JPEG header
(quantization and Huffman tables, frame and scan headers): stored once, the 60,000 images take about 19 MB.
A file whose start differs from the common header is stored whole, so any folder round-trips.

    python benchmarks/pack_folder.py pack ../shared/data/cifar10 .data/cifar10.npz
    python benchmarks/pack_folder.py unpack .data/cifar10.npz /tmp/cifar10      # on the device

The pack is a NumPy .npz read with allow_pickle=False (no code runs on loading); unpacking checks a SHA-256 of
every file's path and bytes against the one taken when packing, and refuses to write into a non-empty folder.
"""

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

import numpy as np

JPEG_START_OF_SCAN = b"\xff\xda"


def jpeg_header(data: bytes) -> bytes:
    """A JPEG's bytes up to the end of its start-of-scan segment (b"" if there is none)."""
    start = data.find(JPEG_START_OF_SCAN)
    if start < 0 or start + 4 > len(data):
        return b""
    return data[: start + 2 + int.from_bytes(data[start + 2 : start + 4], "big")]


def tree_digest(paths: list[str], contents: list[bytes]) -> str:
    """SHA-256 over each file's relative path and bytes, in the given order."""
    digest = hashlib.sha256()
    for path, data in zip(paths, contents, strict=True):
        digest.update(path.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def pack(source: Path, out: Path) -> dict:
    """Every file under `source` -> `out` (.npz): the most common JPEG header once, each file's bytes after it
    (or whole, when its header differs), their relative paths and a digest of the tree. Returns sizes."""
    paths = sorted(path for path in source.rglob("*") if path.is_file())
    if not paths:
        raise SystemExit(f"error: {source} holds no files")
    if out.exists():
        raise SystemExit(f"error: {out} already exists")
    names = [path.relative_to(source).as_posix() for path in paths]
    contents = [path.read_bytes() for path in paths]
    header = Counter(jpeg_header(data) for data in contents).most_common(1)[0][0]
    shared = np.array([bool(header) and data.startswith(header) for data in contents])
    bodies = [data[len(header) :] if is_shared else data for data, is_shared in zip(contents, shared, strict=True)]
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as handle:  # np.savez on a path would append .npz to another suffix
        np.savez_compressed(
            handle,
            header=np.frombuffer(header, dtype=np.uint8),
            bodies=np.frombuffer(b"".join(bodies), dtype=np.uint8),
            lengths=np.array([len(body) for body in bodies], dtype=np.int64),
            shared=shared,
            paths=np.array(names),
            digest=np.array(tree_digest(names, contents)),
        )
    return {"files": len(paths), "bytes": sum(map(len, contents)), "packed": out.stat().st_size}


def unpack(packed: Path, destination: Path) -> int:
    """The files of a pack, written under `destination` (new or empty) as they were; returns their count."""
    if destination.exists() and any(destination.iterdir()):
        raise SystemExit(f"error: {destination} is not empty")
    with np.load(packed, allow_pickle=False) as arrays:
        header, bodies = arrays["header"].tobytes(), arrays["bodies"].tobytes()
        ends = np.cumsum(arrays["lengths"]).tolist()
        shared, names, expected = arrays["shared"], arrays["paths"].tolist(), str(arrays["digest"])
    outside = [name for name in names if ".." in Path(name).parts or Path(name).is_absolute()]
    if outside:
        raise SystemExit(f"error: {packed} names a path outside the folder: {outside[0]}")
    starts = [0, *ends[:-1]]
    contents = [
        (header if is_shared else b"") + bodies[start:end]
        for start, end, is_shared in zip(starts, ends, shared, strict=True)
    ]
    if tree_digest(names, contents) != expected:
        raise SystemExit(f"error: {packed} is damaged (its digest does not match)")
    for name, data in zip(names, contents, strict=True):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    packing = commands.add_parser("pack", help="folder -> one .npz file")
    packing.add_argument("source", type=Path)
    packing.add_argument("out", type=Path)
    unpacking = commands.add_parser("unpack", help=".npz file -> the folder, byte for byte")
    unpacking.add_argument("packed", type=Path)
    unpacking.add_argument("destination", type=Path)
    args = parser.parse_args()
    if args.command == "pack":
        if not args.source.is_dir():
            sys.exit(f"error: {args.source} is not a folder")
        sizes = pack(args.source, args.out)
        mib = {key: f"{sizes[key] / 2**20:.1f} MiB" for key in ("bytes", "packed")}
        print(f"{sizes['files']} files, {mib['bytes']} -> {args.out}, {mib['packed']}")
    else:
        if not args.packed.is_file():
            sys.exit(f"error: {args.packed} does not exist")
        print(f"{unpack(args.packed, args.destination)} files written under {args.destination}")


if __name__ == "__main__":
    main()
