"""Pretext training and validation loss per epoch of several pretraining runs, one figure.

    python benchmarks/plot_pretext_curves.py --out FIG.png RUN_OR_METRICS_CSV[=LABEL] ...

Each argument is a run directory (or its metrics.csv), optionally with a label after '='; the
default label is the directory's name. The lowest validation loss of each run is marked, so a
pretext that starts to memorize its images (validation loss rising while training loss falls)
shows at a glance.
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen before pyplot loads)
import pandas as pd  # noqa: E402


def parse_source(argument: str) -> tuple[Path, str]:
    """'PATH[=LABEL]' -> (the metrics.csv path, its label)."""
    path_text, _, label = argument.partition("=")
    path = Path(path_text)
    metrics = path / "metrics.csv" if path.is_dir() else path
    if not metrics.is_file():
        raise SystemExit(f"error: no metrics.csv at {path}")
    return metrics, label or metrics.parent.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+", help="run directory or metrics.csv, optionally =LABEL")
    parser.add_argument("--out", type=Path, required=True, help="PNG to write (an existing file is an error)")
    args = parser.parse_args()
    if args.out.exists():
        raise SystemExit(f"error: {args.out} exists; choose another --out")
    sources = [parse_source(argument) for argument in args.sources]
    figure, (train_axis, val_axis) = plt.subplots(1, 2, figsize=(11, 4))
    for metrics, label in sources:
        rows = pd.read_csv(metrics)
        missing = {"epoch", "train_loss", "val_loss"} - set(rows.columns)
        if missing or rows.empty:
            raise SystemExit(f"error: {metrics} is not a pretraining metrics.csv (no rows, or no {sorted(missing)})")
        (line,) = train_axis.plot(rows["epoch"], rows["train_loss"], label=label)
        val_axis.plot(rows["epoch"], rows["val_loss"], color=line.get_color(), label=label)
        best = rows.loc[rows["val_loss"].idxmin()]
        val_axis.scatter([best["epoch"]], [best["val_loss"]], color=line.get_color(), zorder=3)
    for axis, title in ((train_axis, "training loss"), (val_axis, "validation loss (dot: lowest)")):
        axis.set_xlabel("epoch")
        axis.set_title(title)
        axis.grid(alpha=0.3)
    val_axis.legend()
    figure.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
