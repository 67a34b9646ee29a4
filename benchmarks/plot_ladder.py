"""Validation top-1 against training length for finetune and scratch, one panel per backbone: the ladder on
which the study gave both modes ever longer schedules at one label fraction.

    python benchmarks/plot_ladder.py --out FIG.png --fraction 0.01 [--models unet-s,resnet18] results/cpu-study/*.csv

Each point is the best validation row of seed 0 for that backbone, mode and length (lengths within 10% of each other
count as one: 334 epochs of 3 steps and 1,000 steps), whatever its recipe, as validation chose at each length;
the label beside it gives the row's top-1. CSVs without transfer rows (probe sweeps) are skipped, and so are
test-split rows: the figure shows what the choices were made on. The printed table names the encoder each point's
row read (its encoder_id), since a ladder's rungs may come from different pretraining runs.
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen before pyplot loads)
import pandas as pd  # noqa: E402

from ssl_colorize.train.transfer_config import training_steps  # noqa: E402

COLUMNS = {"encoder", "mode", "label_fraction", "seed", "epochs", "top1", "eval_split", "train_images", "encoder_id"}


def ladder_rows(csvs: list[Path], fraction: float) -> pd.DataFrame:
    """The best validation row of seed 0 per (backbone, mode, length): columns encoder, mode, steps, top1 and
    encoder_id (the pretraining run that row read; 'random' for scratch)."""
    frames = [frame for frame in map(pd.read_csv, csvs) if set(frame.columns) >= COLUMNS]
    if not frames:
        raise SystemExit("error: none of the CSVs has transfer rows (columns: " + ", ".join(sorted(COLUMNS)) + ")")
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[
        (rows["eval_split"] == "val") & (rows["seed"] == 0) & (rows["label_fraction"] == fraction)
        & rows["mode"].isin(["finetune", "scratch"])
    ].copy()  # fmt: skip
    if rows.empty:
        raise SystemExit(f"error: no finetune or scratch rows on validation at label fraction {fraction}")
    rows["steps"] = training_steps(rows)  # every study row trained with the default batch
    # one length per rung: 1,002 and 1,000 steps are the same schedule, 2,001 and 4,002 are not
    rungs: list[int] = []
    for steps in sorted(rows["steps"].unique()):
        if not rungs or steps > 1.1 * rungs[-1]:
            rungs.append(steps)
    rows["steps"] = rows["steps"].map(lambda steps: max(rung for rung in rungs if rung <= steps))
    best = rows.groupby(["encoder", "mode", "steps"])["top1"].idxmax()
    return rows.loc[best, ["encoder", "mode", "steps", "top1", "encoder_id"]].reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csvs", nargs="+", type=Path, help="transfer result CSVs (validation rows are read)")
    parser.add_argument("--fraction", type=float, default=0.01, help="label fraction of the ladder")
    parser.add_argument("--models", help="backbones to draw, comma-separated, a panel each (default: all found)")
    parser.add_argument("--out", type=Path, required=True, help="PNG to write (an existing file is an error)")
    args = parser.parse_args()
    if args.out.exists():
        raise SystemExit(f"error: {args.out} exists; choose another --out")
    missing = [str(path) for path in args.csvs if not path.is_file()]
    if missing:
        raise SystemExit(f"error: no such CSV: {', '.join(missing)}")
    best = ladder_rows(args.csvs, args.fraction)
    backbones = args.models.split(",") if args.models else sorted(best["encoder"].unique())
    unknown = sorted(set(backbones) - set(best["encoder"]))
    if unknown:
        raise SystemExit(f"error: no rows for --models {', '.join(unknown)} at label fraction {args.fraction}")
    best = best[best["encoder"].isin(backbones)]
    lengths = sorted(best["steps"].unique())
    figure, axes = plt.subplots(
        1, len(backbones), figsize=(5.5 * len(backbones), 4), sharex=True, sharey=True, squeeze=False
    )  # a shared length axis leaves a backbone's unmeasured rungs blank
    for axis, backbone in zip(axes[0], backbones, strict=True):
        panel = best[best["encoder"] == backbone]
        top = panel.groupby("steps")["top1"].max()  # the higher mode's label goes above its point, the other's below
        for mode, marker in (("finetune", "o"), ("scratch", "s")):
            line = panel[panel["mode"] == mode].sort_values("steps")
            axis.plot(line["steps"], line["top1"], marker=marker, label=mode)
            for steps, top1 in zip(line["steps"], line["top1"], strict=True):
                offset = (4, 6) if top1 == top[steps] else (4, -12)
                axis.annotate(f"{top1:.2f}", (steps, top1), textcoords="offset points", xytext=offset, fontsize=8)
        axis.set_xscale("log", base=2)
        axis.set_xticks(lengths, [f"{steps / 1000:.0f}k" for steps in lengths])
        axis.set_title(f"{backbone}, {args.fraction:g} of the labels, seed 0")
        axis.set_xlabel("training steps (batch 128)")
        axis.grid(alpha=0.3)
        axis.legend()
    axes[0][0].set_ylabel("validation top-1 (%), best row at each length")
    figure.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")
    print(best.sort_values(["encoder", "steps", "mode"]).to_string(index=False))


if __name__ == "__main__":
    main()
