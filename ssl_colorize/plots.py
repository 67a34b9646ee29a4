"""Figures written by the toolkit (matplotlib, headless)."""

import csv
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402


def plot_losses(metrics_csv: Path, path: Path) -> None:
    with open(metrics_csv, newline="") as handle:
        rows = list(csv.DictReader(handle))
    epochs = [int(r["epoch"]) for r in rows]
    figure, axis = plt.subplots(figsize=(5, 3.5))
    axis.plot(epochs, [float(r["train_loss"]) for r in rows], marker="o", label="train")
    axis.plot(epochs, [float(r["val_loss"]) for r in rows], marker="o", label="val")
    axis.set_xlabel("epoch")
    axis.set_ylabel("loss")
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
