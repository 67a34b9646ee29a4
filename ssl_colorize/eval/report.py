"""`compare`: results CSVs -> one table (mean +- std over seeds) and a plot of top-1 vs label fraction."""

from pathlib import Path

import pandas as pd

from ssl_colorize.errors import UserError
from ssl_colorize.plots import plot_top1_vs_fraction
from ssl_colorize.progress import console

GROUP_COLUMNS = ["dataset", "encoder", "pretext", "init", "mode", "label_fraction", "labels_per_class", "epochs"]
# Added to the schema later; older CSVs lack them and group as "" there. encoder_id keeps two
# pretraining runs apart (never pooled as if they were seeds), recipe two finetune recipes.
IDENTITY_COLUMNS = ["encoder_id", "recipe", "eval_split"]
METRIC_COLUMNS = ["top1", "top5"]


def read_results(paths: list[Path]) -> pd.DataFrame:
    """Concatenate results CSVs; each must have the transfer schema's group and metric columns."""
    if not paths:
        raise UserError("give at least one results CSV")
    frames = []
    for path in paths:
        if not Path(path).is_file():
            raise UserError(f"{path} does not exist")
        try:
            frame = pd.read_csv(path)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
            raise UserError(f"{path} is not a readable CSV ({type(error).__name__})") from None
        missing = [c for c in GROUP_COLUMNS + METRIC_COLUMNS + ["seed"] if c not in frame.columns]
        if missing:  # e.g. an evaluate CSV caught by results/*.csv
            console.print(f"note: skipped {path}: not a transfer results CSV (no {missing[0]} column)")
            continue
        frames.append(frame)
    if not frames:
        raise UserError("none of the given CSVs is a transfer results CSV (written by ssl-colorize transfer)")
    return pd.concat(frames, ignore_index=True)


def summarize(results: pd.DataFrame) -> pd.DataFrame:
    """Group by everything but the seed: mean and sample std (ddof 1; 0 for one seed) and n."""
    results = results.copy()
    for column in IDENTITY_COLUMNS:
        results[column] = results[column].fillna("") if column in results else ""
    grouped = results.groupby(GROUP_COLUMNS + IDENTITY_COLUMNS, dropna=False)[METRIC_COLUMNS]
    summary = grouped.agg(["mean", "std", "count"])
    summary.columns = [f"{metric}_{stat}" for metric, stat in summary.columns]
    summary = summary.rename(columns={"top1_count": "n"}).drop(columns=["top5_count"]).reset_index()
    return summary.fillna({"top1_std": 0.0, "top5_std": 0.0}).sort_values(["mode", "pretext", "label_fraction"])


def to_markdown(summary: pd.DataFrame) -> str:
    """The summary as a markdown table, accuracies as mean +- std (the epochs column tells apart two
    lengths of one recipe, which are two groups; the model column two architectures' random inits, whose
    encoder id is the same "random")."""
    header = (
        "| model | encoder | pretext | init | mode | recipe | epochs | split | label fraction | labels/class "
        "| top-1 (%) | top-5 (%) | n |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for row in summary.itertuples(index=False):
        lines.append(
            f"| {row.encoder} | {row.encoder_id or '-'} | {row.pretext} | {row.init} | {row.mode} | {row.recipe} | "
            f"{row.epochs} | {row.eval_split} | "
            f"{row.label_fraction:g} | {row.labels_per_class} | "
            f"{row.top1_mean:.2f} ± {row.top1_std:.2f} | {row.top5_mean:.2f} ± {row.top5_std:.2f} | {row.n} |"
        )
    return "\n".join(lines)


def compare(paths: list[Path], plot: Path | None) -> str:
    """Markdown table for the given CSVs; also writes the plot when `plot` is a path."""
    summary = summarize(read_results(paths))
    if plot is not None:
        plot_top1_vs_fraction(summary, plot)
    return to_markdown(summary)
