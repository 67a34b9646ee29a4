"""Colorize user photos of any size: the network predicts ab at its own resolution, the photo keeps
its full-resolution L (so sharpness and brightness are the photo's own).

Python API:
    from ssl_colorize.colorize import Colorizer
    colorizer = Colorizer.load("runs/pretrain/<run>")      # or a best.pt / last.pt file
    color_image = colorizer.colorize_image(PIL.Image.open("old.jpg"))
"""

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageOps

from ssl_colorize.color import l_to_input, merge_l_ab, rgb_to_lab
from ssl_colorize.data.datasets import IMAGE_EXTENSIONS
from ssl_colorize.errors import UserError
from ssl_colorize.models.colorizer import load_colorizer
from ssl_colorize.objectives import Objective
from ssl_colorize.runtime import autocast, prepare_model, resolve_device, resolve_precision

DEFAULT_MAX_PIXELS = 100_000_000  # larger images are refused as possible decompression bombs


def to_rgb_array(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """Any PIL image -> (H, W, 3) float32 RGB in [0, 1] and its alpha (H, W) in [0, 1] or None.

    Handles L, LA, RGB, RGBA, P (with transparency), CMYK, 1, and 16/32-bit gray (I;16, I, F), and
    applies the EXIF orientation first.
    """
    image = ImageOps.exif_transpose(image)
    alpha = None
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        values = np.asarray(image, dtype=np.float32)
        scale = 65535.0 if image.mode.startswith("I;16") or values.max() > 255 else 255.0
        gray = np.clip(values / scale, 0.0, 1.0)
        return np.repeat(gray[..., None], 3, axis=2), None
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("LA", "RGBA", "PA"):
        alpha = np.asarray(image.getchannel("A"), dtype=np.float32) / 255.0
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
    return rgb, alpha


def network_size(height: int, width: int, size: int, multiple: int = 8) -> tuple[int, int]:
    """The network's input size for a photo: shorter side `size`, aspect kept, both multiples of 8."""
    scale = size / min(height, width)
    return (
        max(multiple, round(height * scale / multiple) * multiple),
        max(multiple, round(width * scale / multiple) * multiple),
    )


@dataclass
class ColorizeReport:
    """What a folder run did: outputs written and inputs skipped, with reasons."""

    written: list[Path] = field(default_factory=list)
    skipped: dict[Path, str] = field(default_factory=dict)
    failed: dict[Path, str] = field(default_factory=dict)

    def summary(self) -> str:
        reasons: dict[str, int] = {}
        for reason in list(self.skipped.values()) + list(self.failed.values()):
            key = reason.split(":")[0]
            reasons[key] = reasons.get(key, 0) + 1
        detail = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        return f"colorized {len(self.written)}, skipped {len(self.skipped) + len(self.failed)}" + (
            f" ({detail})" if detail else ""
        )


class Colorizer:
    """A trained colorizer ready for photos. `size`: the shorter side the network sees."""

    def __init__(self, model: torch.nn.Module, objective: Objective, size: int, device="cpu", precision="auto"):
        self.device = resolve_device(str(device))
        self.precision = resolve_precision(precision, self.device)
        self.model = prepare_model(model, self.device).eval()
        self.objective = objective.to(self.device).eval()
        self.size = size

    @classmethod
    def load(cls, run_or_file: Path, size: int | None = None, device: str = "cpu", precision: str = "auto"):
        model, objective, config = load_colorizer(Path(run_or_file))
        return cls(model, objective, size or config.get("image_size", 32), device, precision)

    @torch.no_grad()
    def predict_ab(self, lightness: torch.Tensor) -> torch.Tensor:
        """L (B, 1, h, w) at the network's resolution -> ab (B, 2, h', w') in Lab units."""
        net_input = l_to_input(lightness).to(self.device).contiguous(memory_format=torch.channels_last)
        with autocast(self.device, self.precision):
            pred = self.model(net_input)
        return self.objective.predict_ab(pred).float().cpu()

    @torch.no_grad()
    def colorize_batch(self, images: list[Image.Image]) -> list[Image.Image]:
        """PIL images of any sizes -> colorized images (RGB, or RGBA when the input had alpha).

        Images whose network input has the same size go through the network as one batch; each
        keeps its own full-resolution L.
        """
        arrays = [to_rgb_array(image) for image in images]
        tensors = [torch.from_numpy(rgb).permute(2, 0, 1)[None] for rgb, _ in arrays]
        small_l = []
        for rgb in tensors:
            small = F.interpolate(rgb, size=network_size(*rgb.shape[-2:], self.size), mode="bilinear", antialias=True)
            small_l.append(rgb_to_lab(small.clamp(0, 1))[:, :1])
        groups: dict[tuple[int, int], list[int]] = {}
        for i, lightness in enumerate(small_l):
            groups.setdefault(tuple(lightness.shape[-2:]), []).append(i)
        ab: list[torch.Tensor | None] = [None] * len(images)
        for members in groups.values():
            predicted = self.predict_ab(torch.cat([small_l[i] for i in members]))
            for row, i in enumerate(members):
                ab[i] = predicted[row : row + 1]
        results = []
        for (_, alpha), rgb, color in zip(arrays, tensors, ab, strict=True):
            out = merge_l_ab(rgb_to_lab(rgb)[:, :1], color)[0].permute(1, 2, 0).numpy()
            pixels = np.round(out * 255.0).astype(np.uint8)
            if alpha is None:
                results.append(Image.fromarray(pixels, "RGB"))
            else:
                alpha8 = np.round(alpha * 255.0).astype(np.uint8)[..., None]
                results.append(Image.fromarray(np.concatenate([pixels, alpha8], axis=2), "RGBA"))
        return results

    def colorize_image(self, image: Image.Image) -> Image.Image:
        """Any PIL image -> colorized image of the same size, its L channel kept."""
        return self.colorize_batch([image])[0]


# Output formats PIL writes, by suffix; "keep" writes the input's own format where it is one of these
# and can hold the result (JPEG and BMP hold no alpha), else PNG.
OUTPUT_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".tif": "TIFF", ".tiff": "TIFF"}
FORMAT_CHOICES = ("keep", "png", "jpg", "webp", "tiff")


def output_suffix(input_suffix: str, choice: str, has_alpha: bool) -> str:
    """The output file's suffix for an input suffix and a --format choice."""
    if choice != "keep":
        return f".{choice}"
    suffix = input_suffix.lower()
    if suffix not in OUTPUT_FORMATS or (has_alpha and OUTPUT_FORMATS[suffix] == "JPEG"):
        return ".png"
    return suffix


def collect_inputs(paths: list[Path], out_dir: Path | None = None) -> list[tuple[Path, Path]]:
    """Files and folders (recursive) -> (file, path relative to the output folder) pairs.

    Files under `out_dir` are never inputs when found by walking a folder: a run's outputs must not
    be colorized again by the next run.
    """
    out_dir = Path(out_dir).resolve() if out_dir is not None else None
    pairs = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if out_dir is not None and file.resolve().is_relative_to(out_dir):
                    continue
                if file.suffix.lower() in IMAGE_EXTENSIONS:
                    pairs.append((file, Path(path.name) / file.relative_to(path)))
        elif path.is_file():
            pairs.append((path, Path(path.name)))
        else:
            raise UserError(f"{path} does not exist")
    return pairs


def open_image(path: Path, max_pixels: int) -> Image.Image:
    """Open and fully decode one file; raises ValueError with a short reason when it cannot."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.width * image.height > max_pixels:
                raise ValueError(f"too large: {image.width}x{image.height} exceeds --max-pixels {max_pixels}")
            image.load()  # decode now, so truncated files fail here and not later
            return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValueError(f"too large: {error}") from None
    except (OSError, SyntaxError) as error:
        raise ValueError(f"unreadable: {error}") from None


def save_atomic_image(image: Image.Image, target: Path) -> None:
    """Write to a temporary file in the target's folder, then rename: a kill never leaves half an output."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    image_format = OUTPUT_FORMATS[target.suffix.lower()]
    options = {"quality": 95} if image_format in ("JPEG", "WEBP") else {}
    image.save(temporary, format=image_format, **options)
    temporary.replace(target)


def plan_targets(
    pairs: list[tuple[Path, Path]], out_dir: Path, output_format: str
) -> tuple[dict[Path, Path], dict[Path, str]]:
    """({input: output path}, {input: reason it cannot run}) before anything is decoded.

    Two inputs that would get the same output (pic.jpg and pic.png with --format png, or same-named
    files from two folders) both fail: writing one over the other would lose a result silently.
    """
    inputs = {file.resolve() for file, _ in pairs}
    targets: dict[Path, Path] = {}
    for file, relative in pairs:
        # Inputs that keep their format can hold their own alpha (JPEG inputs have none).
        targets[file] = Path(out_dir) / relative.with_suffix(output_suffix(file.suffix, output_format, False))
    claimed: dict[Path, list[Path]] = {}
    for file, target in targets.items():
        claimed.setdefault(target.resolve(), []).append(file)
    problems: dict[Path, str] = {}
    for target, files in claimed.items():
        if target in inputs:
            for file in files:
                problems[file] = "would overwrite an input: choose another --out"
        elif len(files) > 1:
            for file in files:
                others = ", ".join(str(o) for o in files if o != file)
                problems[file] = f"name clash: same output as {others} (rename one, or use --format keep)"
    return targets, problems


def colorize_paths(
    colorizer: Colorizer,
    paths: list[Path],
    out_dir: Path,
    overwrite: bool = False,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    batch_size: int = 16,
    progress: bool = True,
    output_format: str = "keep",
) -> ColorizeReport:
    """Colorize files and folders into out_dir/<input name>/...; never writes over an input, over
    another output of the same run, or (without `overwrite`) over an existing file.

    Skipped (not an error): the output exists already. Failed (exit 1 in the CLI): unreadable or too
    large inputs, name clashes, outputs that would replace an input.
    """
    from ssl_colorize.progress import progress_bar

    if output_format not in FORMAT_CHOICES:
        raise UserError(f"--format must be one of {', '.join(FORMAT_CHOICES)}, got {output_format!r}")
    pairs = collect_inputs(paths, out_dir)
    targets, problems = plan_targets(pairs, out_dir, output_format)
    report = ColorizeReport()
    with progress_bar(progress) as bar:
        task = bar.add_task("colorize", total=len(pairs), info="")
        for chunk_start in range(0, len(pairs), batch_size):
            loaded: list[tuple[Path, Image.Image]] = []
            for file, _ in pairs[chunk_start : chunk_start + batch_size]:
                target = targets[file]
                if file in problems:
                    report.failed[file] = problems[file]
                elif target.exists() and not overwrite:
                    report.skipped[file] = "output exists (use --overwrite)"
                else:
                    try:
                        loaded.append((target, open_image(file, max_pixels)))
                    except ValueError as error:
                        report.failed[file] = str(error)
            colorized = colorizer.colorize_batch([image for _, image in loaded]) if loaded else []
            for (target, _), image in zip(loaded, colorized, strict=True):
                if image.mode == "RGBA" and OUTPUT_FORMATS[target.suffix.lower()] == "JPEG":
                    image = image.convert("RGB")  # --format jpg asked for explicitly: alpha cannot be kept
                save_atomic_image(image, target)
                report.written.append(target)
            bar.advance(task, min(batch_size, len(pairs) - chunk_start))
    return report
