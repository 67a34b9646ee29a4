"""`evaluate`: colorization quality of one or more models on a test split, one CSV row per model."""

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from ssl_colorize.checkpoint import load_checkpoint, save_atomic
from ssl_colorize.color import merge_l_ab, rgb_to_lab, uint8_to_float
from ssl_colorize.colorize import Colorizer
from ssl_colorize.data.datasets import Split
from ssl_colorize.data.splits import load_protocol_splits
from ssl_colorize.errors import UserError, require
from ssl_colorize.eval.metrics import AbErrorCurve, colorfulness, psnr_from_mse, ssim
from ssl_colorize.models.heads import Classifier
from ssl_colorize.models.inference import evaluate_logits, topk_accuracy
from ssl_colorize.models.registry import DEFAULT_MODEL, create_encoder
from ssl_colorize.objectives import in_gamut_bins
from ssl_colorize.plots import plot_colorization_grid
from ssl_colorize.progress import console
from ssl_colorize.rundir import append_csv_row, device_name, git_sha
from ssl_colorize.runtime import resolve_device, resolve_precision
from ssl_colorize.train.transfer import run_transfer  # trains the semantic classifier
from ssl_colorize.train.transfer_config import TransferConfig

GRAY = "gray"  # the baseline that predicts ab = 0


@dataclass
class EvaluateConfig:
    dataset: str = "cifar100"
    data_dir: str = "data"
    eval_split: str = "test"
    val_size: int | None = None
    test_size: int | None = None
    limit: int | None = None
    device: str = "auto"
    precision: str = "auto"
    batch_size: int = 256
    classifier: str | None = None
    classifier_epochs: int = 15
    semantic: bool = True  # False: skip the color classifier (its top-1 columns read "not measured")
    cache_dir: str | None = None

    def validate(self) -> None:
        require(
            [
                (self.eval_split in ("val", "test"), f"--eval-split must be val or test, got {self.eval_split!r}"),
                (self.limit is None or self.limit >= 1, f"--limit must be at least 1, got {self.limit}"),
                (
                    1 <= self.classifier_epochs <= 1000,
                    f"--classifier-epochs must be 1 to 1000, got {self.classifier_epochs}",
                ),
                (self.val_size is None or self.val_size >= 1, f"--val-size must be at least 1, got {self.val_size}"),
                (
                    self.test_size is None or self.test_size >= 1,
                    f"--test-size must be at least 1, got {self.test_size}",
                ),
            ]
        )

    def classifier_key(self) -> dict:
        """Everything that changes the color classifier; a cached one is reused only when all match."""
        return {
            "dataset": self.dataset, "data_dir": str(Path(self.data_dir).resolve()), "limit": self.limit,
            "val_size": self.val_size, "test_size": self.test_size, "epochs": self.classifier_epochs,
            "model": DEFAULT_MODEL,
        }  # fmt: skip


class GrayColorizer:
    """Predicts no color at all: the floor every colorizer must beat."""

    def predict_ab(self, lightness: torch.Tensor) -> torch.Tensor:
        return torch.zeros(lightness.shape[0], 2, *lightness.shape[-2:])


def load_model(spec: str, device: str, precision: str) -> tuple[object, str]:
    """'gray' or a run dir / checkpoint -> (colorizer, pretext name)."""
    if spec == GRAY:
        return GrayColorizer(), GRAY
    colorizer = Colorizer.load(Path(spec), device=device, precision=precision)
    return colorizer, colorizer.objective.name


def figure_label(spec: str, pretext: str) -> str:
    """A row label that tells runs of the same objective apart: the run name after its timestamp."""
    path = Path(spec)
    run = path.parent if path.suffix == ".pt" and path.parent.name else path
    name = run.name.split("-", 2)[-1] if run.name[:8].isdigit() else run.stem
    return name if pretext in name else f"{pretext} {name}"


@torch.no_grad()
def colorize_split(colorizer, images: torch.Tensor, batch_size: int) -> torch.Tensor:
    """uint8 (N, 3, H, W) -> colorized uint8 (N, 3, H, W): true L, predicted ab at the data's size."""
    out = []
    for start in range(0, images.shape[0], batch_size):
        rgb = uint8_to_float(images[start : start + batch_size])
        lightness = rgb_to_lab(rgb)[:, :1]
        colorized = merge_l_ab(lightness, colorizer.predict_ab(lightness))
        out.append(torch.round(colorized * 255.0).to(torch.uint8))
    return torch.cat(out)


def colorization_scores(colorized: torch.Tensor, truth: torch.Tensor, batch_size: int) -> dict[str, float]:
    """uint8 (N, 3, H, W) colorized and true images -> the split's PSNR (of its mean squared error), mean SSIM,
    mean colorfulness of both and their ratio, and the ab-error AuC, plain and rebalanced; batch by batch."""
    curve = AbErrorCurve(in_gamut_bins())
    squared_error, ssims, colorful, colorful_truth = 0.0, [], [], []
    for begin in range(0, truth.shape[0], batch_size):
        prediction = uint8_to_float(colorized[begin : begin + batch_size])
        true_rgb = uint8_to_float(truth[begin : begin + batch_size])
        squared_error += (prediction - true_rgb).square().sum().item()
        ssims.append(ssim(prediction, true_rgb))
        colorful.append(colorfulness(prediction))
        colorful_truth.append(colorfulness(true_rgb))
        curve.update(prediction, true_rgb)
    mean_colorful, mean_truth = torch.cat(colorful).mean().item(), torch.cat(colorful_truth).mean().item()
    return {
        "psnr": round(psnr_from_mse(squared_error / truth.numel()), 3),
        "ssim": round(torch.cat(ssims).mean().item(), 4),
        "colorfulness": round(mean_colorful, 2), "colorfulness_truth": round(mean_truth, 2),
        "colorfulness_ratio": round(mean_colorful / mean_truth, 3),
        "auc_ab": round(curve.auc(), 4), "auc_ab_rebalanced": round(curve.auc(rebalanced=True), 4),
    }  # fmt: skip


def color_classifier(config: EvaluateConfig, train: Split, test: Split) -> Classifier:
    """The RGB classifier for semantic interpretability: loaded from --classifier when it was trained
    with the same settings (EvaluateConfig.classifier_key), or trained from scratch on the color fit
    images and saved there (or under runs/evaluate, named by the settings' digest) for the next call."""
    key = config.classifier_key()
    digest = hashlib.sha1(json.dumps(key, sort_keys=True).encode()).hexdigest()[:10]
    default = Path("runs") / "evaluate" / f"color-classifier-{config.dataset}-{digest}.pt"
    path = Path(config.classifier) if config.classifier else default
    num_classes = len(train.classes)
    if path.is_file():
        checkpoint = load_checkpoint(path)
        if checkpoint.get("stage") != "color-classifier":
            raise UserError(f"{path} is not a color classifier saved by evaluate")
        if checkpoint["config"].get("key") != key:
            raise UserError(
                f"{path} was trained with other settings than this run's (data, --limit, splits or epochs); "
                "delete it or pass another --classifier path"
            )
        model = Classifier(create_encoder(checkpoint["config"]["key"]["model"], in_chans=3), num_classes)
        model.load_state_dict(checkpoint["model"])
        console.print(f"color classifier loaded from {path} (same data, limit, splits and epochs)")
        return model
    console.print(f"training the color classifier ({config.classifier_epochs} epochs from scratch); saved to {path}")
    # lr and label smoothing fixed (not scratch's defaults): the cache key does not hold them, and the
    # committed semantic-interpretability figures came from this classifier.
    transfer = TransferConfig(
        mode="scratch", input="rgb", model=DEFAULT_MODEL, dataset=config.dataset, data_dir=config.data_dir,
        lr=2e-3, label_smoothing=0.0, epochs=config.classifier_epochs, min_steps=0, device=config.device,
        precision=config.precision, eval_split=config.eval_split,
    )  # fmt: skip
    row, model = run_transfer(transfer, train, test, None)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"stage": "color-classifier", "model": model.cpu().state_dict(), "config": {**row, "key": key}}
    save_atomic(state, path)
    return model


def evaluate(
    config: EvaluateConfig, models: list[str], results: Path | None, figure: Path | None, figure_count: int = 10
) -> list[dict]:
    """Metrics for each model (and 'gray'): PSNR, SSIM, colorfulness, ab AuC (plain, rebalanced), and
    the color classifier's top-1 on gray, colorized and true images. Rows are appended to `results`."""
    config.validate()
    device = resolve_device(config.device)
    precision = resolve_precision(config.precision, device)
    # every model first: a wrong path fails before the data set is decoded and the color classifier trained
    colorizers = [load_model(spec, config.device, config.precision) for spec in models]
    cache = Path(config.cache_dir) if config.cache_dir else None
    splits = load_protocol_splits(
        config.dataset, Path(config.data_dir), 32, cache, config.val_size, config.test_size,
        need_test=config.eval_split == "test",
    )  # fmt: skip
    train = splits.fit.head(config.limit)
    test = (splits.test if config.eval_split == "test" else splits.val).head(config.limit)
    labels = test.labels.to(device)
    gray_images = colorize_split(GrayColorizer(), test.images, config.batch_size)
    if config.semantic:
        classifier = color_classifier(config, train, test).to(device)

        def top1(images: torch.Tensor) -> float | str:
            return round(topk_accuracy(evaluate_logits(classifier, images, device, precision, "rgb"), labels, 1), 2)
    else:

        def top1(images: torch.Tensor) -> float | str:
            return "not measured"

    top1_gray, top1_truth = top1(gray_images), top1(test.images)
    rows, panels = [], {}
    picks = torch.linspace(0, len(test) - 1, figure_count).long()
    for spec, (colorizer, pretext) in zip(models, colorizers, strict=True):
        start = time.perf_counter()
        colorized = colorize_split(colorizer, test.images, config.batch_size)
        seconds = time.perf_counter() - start
        row = {
            "model": spec, "pretext": pretext, "dataset": config.dataset, "images": len(test),
            "eval_split": config.eval_split, **colorization_scores(colorized, test.images, config.batch_size),
            "top1_gray": top1_gray, "top1_colorized": top1(colorized), "top1_truth": top1_truth,
            "colorize_images_per_second": round(len(test) / seconds, 1),
            "device": device_name(device), "torch_version": str(torch.__version__), "git_sha": git_sha(),
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }  # fmt: skip
        if results is not None:
            append_csv_row(results, row)
        console.print(
            f"{pretext}: PSNR {row['psnr']} SSIM {row['ssim']} colorfulness {row['colorfulness']} "
            f"(truth {row['colorfulness_truth']}) AuC {row['auc_ab']} / rebalanced {row['auc_ab_rebalanced']} "
            f"top-1 colorized {row['top1_colorized']} (gray {row['top1_gray']}, truth {row['top1_truth']})"
        )
        rows.append(row)
        if spec != GRAY:  # the figure shows the gray input in its own row
            panels[figure_label(spec, pretext)] = colorized[picks]
    if figure is not None:
        plot_colorization_grid({"gray input": gray_images[picks], **panels, "truth": test.images[picks]}, figure)
    return rows
