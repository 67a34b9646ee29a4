"""Time and peak memory of colorizing one large photo (default 2000x1500) on this machine.

The photo is a mosaic of real test images from the data folder, upscaled (content does not change the
cost). Reports the median of --repeats colorize_image calls and the process's peak resident memory.

    python benchmarks/colorize_photo.py --model runs/pretrain/RUN --data-dir ../shared/data/cifar10
"""

import argparse
import resource
import statistics
import time
from pathlib import Path

from PIL import Image

from ssl_colorize.colorize import Colorizer
from ssl_colorize.data.datasets import list_images


def mosaic(data_dir: Path, width: int, height: int, tiles: int = 8) -> Image.Image:
    files = list_images(data_dir / "test")[::997][: tiles * tiles]
    canvas = Image.new("RGB", (tiles * 32, tiles * 32))
    for i, path in enumerate(files):
        with Image.open(path) as tile:
            canvas.paste(tile.convert("RGB"), ((i % tiles) * 32, (i // tiles) * 32))
    return canvas.resize((width, height), Image.Resampling.BICUBIC).convert("L")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--width", type=int, default=2000)
    parser.add_argument("--height", type=int, default=1500)
    parser.add_argument("--size", type=int, default=None, help="shorter side the network sees")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    photo = mosaic(args.data_dir, args.width, args.height)
    colorizer = Colorizer.load(args.model, size=args.size, device="cpu")
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        colorizer.colorize_image(photo)
        times.append(time.perf_counter() - start)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.width}x{args.height} gray photo, network side {colorizer.size}: "
        f"median {statistics.median(times):.2f} s over {args.repeats}, peak RSS {peak_mib:.0f} MiB"
    )


if __name__ == "__main__":
    main()
