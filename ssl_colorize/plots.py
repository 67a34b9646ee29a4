"""Figures written by the toolkit (matplotlib, headless)."""

import csv
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402


def plot_losses(metrics_csv: Path, path: Path) -> None:
    """Train and validation loss per epoch; with fewer than 3 epochs the values are written beside
    the points, since two lone dots say little."""
    with open(metrics_csv, newline="") as handle:
        rows = list(csv.DictReader(handle))
    epochs = [int(r["epoch"]) for r in rows]
    figure, axis = plt.subplots(figsize=(5, 3.5))
    for key, label in (("train_loss", "train"), ("val_loss", "validation")):
        values = [float(r[key]) for r in rows]
        axis.plot(epochs, values, marker="o", label=label)
        if len(rows) < 3:
            for epoch, value in zip(epochs, values, strict=True):
                axis.annotate(f"{label} {value:.4f}", (epoch, value), textcoords="offset points", xytext=(6, 4))
    axis.set_xticks(epochs if len(epochs) <= 20 else axis.get_xticks())
    axis.set_title(f"loss after {len(rows)} epoch{'s' * (len(rows) != 1)}", fontsize=10)
    axis.set_xlabel("epoch")
    axis.set_ylabel("loss")
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def plot_top1_vs_fraction(summary, path: Path) -> None:
    """One line per (encoder run, mode, recipe, split): mean top-1 against label fraction (log x), std as
    error bars."""
    figure, axis = plt.subplots(figsize=(7, 4.5))
    keys = ["pretext", "mode", "encoder_id", "recipe", "eval_split"]
    for (pretext, mode, *_), group in summary.groupby(keys, dropna=False):
        group = group.sort_values("label_fraction")
        axis.errorbar(
            group["label_fraction"], group["top1_mean"], yerr=group["top1_std"], marker="o", capsize=3,
            label=f"{mode} / {pretext}",
        )  # fmt: skip
    axis.set_xscale("log")
    axis.set_xlabel("label fraction")
    axis.set_ylabel("top-1 accuracy (%)")
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)


def plot_colorization_grid(rows: dict, path: Path) -> None:
    """One labeled row per entry: name -> uint8 images (N, 3, H, W). For gray | models | truth figures."""
    names = list(rows)
    count = rows[names[0]].shape[0]
    figure, axes = plt.subplots(len(names), count, figsize=(count * 1.1, len(names) * 1.15), squeeze=False)
    for r, name in enumerate(names):
        for c in range(count):
            axis = axes[r][c]
            axis.imshow(rows[name][c].permute(1, 2, 0).cpu().numpy(), interpolation="nearest")
            axis.set_xticks([])
            axis.set_yticks([])
        axes[r][0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
    figure.tight_layout(pad=0.2)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
