"""The ablation table, one row per encoder: its validation linear probes (benchmarks/ablation.py CSVs), its quick
finetune rows (transfer CSVs; for a random-init control, scratch at the same budget) and its colorization metrics
(evaluate CSVs), joined by the encoder's identity, never by its name alone: two pretraining runs of one variant are
two rows, never one run's seeds.

    python benchmarks/ablation_table.py --probes results/cpu-study/probe_val.csv \
        --transfer results/cpu-study/ablation_finetune_val.csv results/cpu-study/sweep_val.csv \
            results/cpu-study/sweep_val_1pct.csv \
        --colorization results/cpu-study/evaluate_val*.csv --out results/cpu-study/ablation_table.csv

Probe cells: for each encoder, pool and label fraction, the mean and sample std over seeds at the L2 whose mean is
best (the one selection for every row, made on the validation split). Transfer cells: seed 0 on validation at
--steps (within 10%) with the proxy's recipe per mode and fraction (FINETUNE_RECIPE, SCRATCH_RECIPES), the mean
where one setting ran more than once.
Colorization cells: the evaluate row of the same checkpoint (a run directory means its best.pt), attached to every
row whose encoder has that checkpoint's weights. A cell nothing measured stays empty. The markdown version of the
table is written beside the CSV (.md).
"""

import argparse
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ssl_colorize.train.transfer_config import training_steps

FRACTIONS = (0.01, 0.1, 1.0)
# The proxy's quick transfer recipes (README "The levers"): finetune as chosen for the levers, scratch with unet-s's
# validated recipe per fraction, both 1,000 steps on the gray image.
FINETUNE_RECIPE = "pool=all lr=0.005 wd=0.05 ls=0 enc_lr=1 layer_decay=0.7"
SCRATCH_RECIPES = {0.01: "pool=all lr=0.002 wd=0.5 ls=0.1", 0.1: "pool=all lr=0.002 wd=0.05 ls=0.1"}
COLOR_METRICS = ("psnr", "colorfulness_ratio", "auc_ab_rebalanced")


def fraction_label(fraction: float) -> str:
    """0.01 -> '1pct': a column-name part."""
    return f"{fraction * 100:g}pct"


def best_probes(probes: pd.DataFrame, pool: str = "all") -> pd.DataFrame:
    """Probe rows (variant, encoder_id, pool, label_fraction, seed, l2, top1) -> one row per (variant, encoder_id,
    label_fraction) of `pool`, and per source CSV where the rows name one (one encoder probed in two sessions is
    two measurements, not six seeds): l2, mean, std (ddof 1; 0 for one seed) and seeds, at the L2 with the best
    mean."""
    rows = probes[probes["pool"] == pool]
    keys = [*identity(probes), "label_fraction"]
    means = rows.groupby([*keys, "l2"], sort=False)["top1"].agg(["mean", "std", "count"]).reset_index()
    best = means.loc[means.groupby(keys, sort=False)["mean"].idxmax()].round({"mean": 2, "std": 2})
    return best.rename(columns={"count": "seeds"}).fillna({"std": 0.0}).reset_index(drop=True)


def identity(probes: pd.DataFrame) -> list[str]:
    """The columns that name one measured encoder: variant and encoder_id, and the source CSV where given."""
    return ["variant", "encoder_id", *(["source"] if "source" in probes.columns else [])]


def probe_markdown(probes: pd.DataFrame) -> str:
    """Markdown of best_probes for every pool: a row per (variant, encoder, pool) in the CSV's order, a column per
    label fraction."""
    pools = list(probes["pool"].drop_duplicates())
    best = pd.concat([best_probes(probes, pool).assign(pool=pool) for pool in pools])
    cells = best.set_index(["variant", "encoder_id", "pool", "label_fraction"])
    lines = ["| variant | encoder | pool | " + " | ".join(f"{f:g} labels" for f in FRACTIONS) + " |"]
    lines.append("|---|---|---|" + "---|" * len(FRACTIONS))
    for variant, encoder_id in dict.fromkeys(zip(probes["variant"], probes["encoder_id"], strict=True)):
        for pool in pools:
            keys = [(variant, encoder_id, pool, fraction) for fraction in FRACTIONS]
            if not any(key in cells.index for key in keys):
                continue
            row = [probe_cell(cells.loc[key] if key in cells.index else None) for key in keys]
            lines.append(f"| {variant} | {encoder_id} | {pool} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def probe_cell(row: Mapping | None) -> str:
    """'mean ± std' from a row's mean, std and seeds; a bare mean for one seed, '-' when not measured."""
    if row is None:
        return "-"
    return f"{row['mean']:.2f}" if row["seeds"] == 1 else f"{row['mean']:.2f} ± {row['std']:.2f}"


def control_id(model: str) -> str:
    """The probe CSV's encoder id of a model's random-init control (unet-s's predates the others' suffix)."""
    return "random" if model == "unet-s" else f"random-{model}"


def quick_transfer(rows: pd.DataFrame, steps: int) -> pd.DataFrame:
    """Transfer rows -> top1 per (encoder_id, label_fraction, mode): seed 0 on validation, --steps within 10%,
    the mode's recipe for that fraction. Scratch rows count for their architecture's random-init control."""
    rows = rows[(rows["eval_split"] == "val") & (rows["seed"] == 0)].copy()
    rows["steps"] = training_steps(rows)  # every study row trained with the default batch
    wanted = rows["recipe"] == rows["label_fraction"].map(SCRATCH_RECIPES)
    scratch = rows[(rows["mode"] == "scratch") & (rows["encoder_id"] == "random") & wanted]
    finetune = rows[(rows["mode"] == "finetune") & (rows["recipe"] == FINETUNE_RECIPE)]
    chosen = pd.concat([finetune, scratch.assign(encoder_id=scratch["encoder"].map(control_id))])
    chosen = chosen[(chosen["steps"] - steps).abs() <= 0.1 * steps]
    return chosen.groupby(["encoder_id", "label_fraction", "mode"], as_index=False)["top1"].mean().round(2)


def colorization_by_encoder(evaluations: pd.DataFrame, probes: pd.DataFrame) -> pd.DataFrame:
    """Evaluate rows (model: a run directory or a checkpoint file in it) -> COLOR_METRICS per encoder_id, through
    the probe rows that name which weights each run's best.pt and last.pt hold."""
    evaluations = evaluations[evaluations["model"] != "gray"].copy()
    paths = evaluations["model"].map(Path)
    evaluations["run"] = [path.parent.name if path.suffix == ".pt" else path.name for path in paths]
    evaluations["checkpoint"] = [path.stem if path.suffix == ".pt" else "best" for path in paths]
    weights = probes[["variant", "encoder_id"]].drop_duplicates()
    weights = weights[weights["encoder_id"].str.contains(":")]
    weights = weights.assign(
        run=weights["encoder_id"].str.split(":").str[0],
        checkpoint=weights["variant"].str.extract(r"@(\w+)$", expand=False).fillna("best"),
    )
    joined = evaluations.merge(weights[["run", "checkpoint", "encoder_id"]], on=["run", "checkpoint"])
    return joined.groupby("encoder_id", as_index=False)[list(COLOR_METRICS)].mean()


def ablation_table(probes: pd.DataFrame, transfer: pd.DataFrame, evaluations: pd.DataFrame, steps: int) -> pd.DataFrame:
    """One row per (variant, encoder_id, source) in probe-CSV order: probe_<f>, probe_<f>_std, probe_<f>_seeds and
    probe_<f>_l2 per label fraction, finetune_<f> (for a random-init control: scratch at the same budget) at 1% and
    10%, and COLOR_METRICS. Empty where not measured."""
    best = best_probes(probes)
    keys = identity(probes)
    table = best[keys].drop_duplicates().reset_index(drop=True)
    for fraction in FRACTIONS:
        cells = best[best["label_fraction"] == fraction].set_index(keys)
        label = fraction_label(fraction)
        for statistic, column in (("mean", ""), ("std", "_std"), ("seeds", "_seeds"), ("l2", "_l2")):
            table[f"probe_{label}{column}"] = table.set_index(keys).index.map(cells[statistic])
    quick = quick_transfer(transfer, steps)
    for fraction in FRACTIONS[:2]:
        cells = quick[quick["label_fraction"] == fraction].set_index("encoder_id")["top1"]
        table[f"finetune_{fraction_label(fraction)}"] = table["encoder_id"].map(cells)
    colors = colorization_by_encoder(evaluations, probes).set_index("encoder_id")
    for metric in COLOR_METRICS:
        table[metric] = table["encoder_id"].map(colors[metric])
    return table


def table_markdown(table: pd.DataFrame) -> str:
    """The table as markdown: probes as 'mean ± std', transfer and PSNR as numbers (PSNR with evaluate's three
    decimals), '' where not measured."""
    sources = ["source"] if "source" in table.columns else []
    header = ["variant", "encoder", *(["probes"] * bool(sources)), *(f"probe {f:g}" for f in FRACTIONS)]
    header += ["finetune 0.01", "finetune 0.1", "PSNR (dB)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in table.to_dict("records"):
        probes = [
            "" if pd.isna(row[f"probe_{label}"]) else probe_cell(
                {"mean": row[f"probe_{label}"], "std": row[f"probe_{label}_std"], "seeds": row[f"probe_{label}_seeds"]}
            )
            for label in map(fraction_label, FRACTIONS)
        ]  # fmt: skip
        numbers = [
            "" if pd.isna(row[column]) else f"{row[column]:.{digits}f}"
            for column, digits in (("finetune_1pct", 2), ("finetune_10pct", 2), ("psnr", 3))
        ]
        names = [row["variant"], row["encoder_id"], *(row[column] for column in sources)]
        lines.append("| " + " | ".join([*names, *probes, *numbers]) + " |")
    return "\n".join(lines)


def read_csvs(paths: list[Path], columns: set[str], what: str) -> pd.DataFrame:
    """Concatenate the CSVs that have `columns`, each row's file name in `source`; a missing file or none with
    them is a one-line error."""
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise SystemExit(f"error: no such file: {', '.join(missing)}")
    frames = [pd.read_csv(path).assign(source=path.name) for path in paths]
    frames = [frame for frame in frames if columns <= set(frame.columns)]
    if not frames:
        raise SystemExit(f"error: none of the {what} CSVs has the columns " + ", ".join(sorted(columns)))
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--probes", type=Path, nargs="+", required=True, help="benchmarks/ablation.py CSVs")
    parser.add_argument("--transfer", type=Path, nargs="+", required=True, help="transfer result CSVs")
    parser.add_argument("--colorization", type=Path, nargs="+", required=True, help="evaluate result CSVs")
    parser.add_argument("--steps", type=int, default=1000, help="the quick transfer rows' length in steps")
    parser.add_argument("--out", type=Path, required=True, help="CSV to write, its .md beside it (neither may exist)")
    args = parser.parse_args()
    if args.steps < 1:
        raise SystemExit(f"error: --steps must be at least 1: {args.steps}")
    existing = [str(path) for path in (args.out, args.out.with_suffix(".md")) if path.exists()]
    if existing:
        raise SystemExit(f"error: already written: {', '.join(existing)}; choose another --out")
    probes = read_csvs(args.probes, {"variant", "encoder_id", "pool", "label_fraction", "l2", "top1"}, "--probes")
    transfer = read_csvs(
        args.transfer,
        {"encoder", "encoder_id", "mode", "recipe", "label_fraction", "seed", "epochs", "train_images", "eval_split"},
        "--transfer",
    )
    evaluations = read_csvs(args.colorization, {"model", *COLOR_METRICS}, "--colorization")
    table = ablation_table(probes, transfer, evaluations, args.steps)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    args.out.with_suffix(".md").write_text(table_markdown(table) + "\n")
    print(table_markdown(table))


if __name__ == "__main__":
    main()
