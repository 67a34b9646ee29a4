"""Pretext ablation, linear-probe part: every finished pretraining run under --runs, and a random-init
control of each encoder architecture among them (BatchNorm recalibrated on the fit images), probed on
the validation split at 1%, 10% and 100% labels, all stages pooled (seeds 0-2) and each stage alone
(seed 0, 1% and 10%). `--pool-grid G` pools each stage to a G x G map instead of globally (the pool
column then reads e.g. `all@2x2`).

Features are extracted once per encoder (fit and validation splits, every stage pooled) and cached
under --runs/features, so the probes (Standardize + L-BFGS head) take seconds. The probe's L2 is
swept on the validation split for every row alike (--l2 widens the sweep). The test split is never read.

    python benchmarks/ablation.py --data-dir ../shared/data/cifar10 --runs runs/ablation \
        --cache-dir CACHE --out results/ablation/probe_val.csv [--checkpoints RUN/last.pt ...]

A run's encoder is its best.pt (lowest pretext validation loss); --checkpoints probes other checkpoint
files as well (variant "<run's variant>@<file stem>"), e.g. the last epoch's weights of a run whose
pretext validation loss rose while it trained.
"""

import argparse
import json
import time
from pathlib import Path

import pandas as pd
import torch
from ablation_table import FRACTIONS, probe_markdown  # the sibling script: benchmarks/ is on sys.path when run

from ssl_colorize.data.splits import load_protocol_splits
from ssl_colorize.data.subsets import stratified_subset
from ssl_colorize.models.encoder_io import load_encoder
from ssl_colorize.models.heads import Classifier, Standardize
from ssl_colorize.models.inference import extract_features, recalibrate_batchnorm, topk_accuracy
from ssl_colorize.models.registry import DEFAULT_MODEL, create_encoder
from ssl_colorize.rundir import append_csv_row, device_name, git_sha
from ssl_colorize.runtime import prepare_model, resolve_device, resolve_precision, seed_everything
from ssl_colorize.train.transfer import fit_linear_head

L2_GRID = (1e-4, 1e-3, 1e-2, 1e-1)
POOLS = ("all", "stage1", "stage2", "stage3", "stage4")


def finished_runs(root: Path) -> list[Path]:
    """Run directories whose metrics.csv has as many rows as their planned epochs."""
    runs = []
    for run in sorted((root / "pretrain").glob("*")):
        config_path, metrics = run / "config.json", run / "metrics.csv"
        if not (run / "best.pt").is_file() or not metrics.is_file() or not config_path.is_file():
            continue
        epochs = json.loads(config_path.read_text())["epochs"]
        if len(metrics.read_text().strip().splitlines()) - 1 >= epochs:
            runs.append(run)
    return runs


def run_model(run: Path) -> str:
    """The encoder architecture a run directory was pretrained with."""
    return json.loads((run / "config.json").read_text())["model"]


def variant_name(source: Path | str) -> str:
    """A random-init control for a model name ('random-init' for the default model, so its rows keep
    their name, else 'random-init-<model>'), a run directory's name without its timestamp, or
    '<that>@<stem>' for a checkpoint file."""
    if isinstance(source, str):
        return "random-init" if source == DEFAULT_MODEL else f"random-init-{source}"
    if source.suffix == ".pt":
        return f"{variant_name(source.parent)}@{source.stem}"
    return source.name.split("-", 2)[-1]


def encoder_features(
    run: Path | str, splits, device, precision: str, cache: Path, grid: int = 1
) -> tuple[dict, list[int]]:
    """{'fit': (N, D), 'val': (M, D)} pooled features of every stage (each channels x grid x grid), and
    the stages' widths in columns. `run` is a run directory, a checkpoint file, or a model name for its
    random-init control."""
    random_init = isinstance(run, str)
    if random_init:
        seed_everything(0)
        control_id = "random" if run == DEFAULT_MODEL else f"random-{run}"  # the default's id predates the others
        encoder, info = create_encoder(run), {"id": control_id, "pretext": "none", "model": run}
    else:
        encoder, info = load_encoder(run)
    path = cache / (f"{info['id'].replace(':', '-')}" + f"-grid{grid}" * (grid > 1) + ".pt")
    widths = [stage.num_chs * grid * grid for stage in encoder.feature_info]
    if path.is_file():
        return torch.load(path, weights_only=True), widths
    model = prepare_model(Classifier(encoder, 10, "all", grid), device)
    if random_init:
        recalibrate_batchnorm(model.encoder, splits.fit.images, device, precision)
    features = {
        "fit": extract_features(model, splits.fit.images, device, precision).cpu(),
        "val": extract_features(model, splits.val.images, device, precision).cpu(),
        "id": info["id"],
        "pretext": info["pretext"],
    }
    cache.mkdir(parents=True, exist_ok=True)
    torch.save(features, path)
    return features, widths


def stage_columns(pool: str, widths: list[int]) -> slice:
    """Columns of the concatenated features that belong to `pool`."""
    if pool == "all":
        return slice(0, sum(widths))
    stage = int(pool[5:]) - 1
    start = sum(widths[:stage])
    return slice(start, start + widths[stage])


def probe(fit: torch.Tensor, fit_labels, val: torch.Tensor, val_labels, l2: float) -> tuple[float, float]:
    """Val top-1 and top-5 of a standardized L-BFGS linear head fit on `fit` features."""
    standardize, head = Standardize(fit.shape[1]), torch.nn.Linear(fit.shape[1], int(fit_labels.max()) + 1)
    fit_linear_head(standardize, head, fit, fit_labels, 300, l2)
    with torch.no_grad():
        logits = head(standardize(val))
    return topk_accuracy(logits, val_labels, 1), topk_accuracy(logits, val_labels, 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=Path, required=True, help="the ablation's pretraining output (--out)")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, required=True, help="CSV, one row per (encoder, pool, fraction, seed, l2)")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--l2", type=float, nargs="+", default=L2_GRID, help="the probe's L2 values to sweep")
    parser.add_argument("--pool-grid", type=int, default=1, help="pool each stage to G x G (default 1: global)")
    parser.add_argument("--checkpoints", type=Path, nargs="*", default=[], help="checkpoint files to probe as well")
    args = parser.parse_args()
    if not 1 <= args.pool_grid <= 8 or min(args.l2) < 0:
        raise SystemExit(f"error: --pool-grid must be 1 to 8 and --l2 values 0 or more: {args.pool_grid}, {args.l2}")
    missing = [str(path) for path in args.checkpoints if not path.is_file()]
    if missing:
        raise SystemExit(f"error: --checkpoints: no such file: {', '.join(missing)}")
    device = resolve_device(args.device)
    precision = resolve_precision("auto", device)
    splits = load_protocol_splits("folder", args.data_dir, 32, args.cache_dir, None, need_test=False)
    done = set()
    if args.out.is_file():  # (encoder, grid) pairs probed already; rows before --pool-grid pooled globally
        earlier = pd.read_csv(args.out)
        grids = earlier["pool"].str.extract(r"@(\d+)x", expand=False).fillna("1").astype(int)
        done = set(zip(earlier["encoder_id"], grids, strict=True))
    runs = finished_runs(args.runs)
    controls = sorted({DEFAULT_MODEL, *map(run_model, runs)})
    for run in [*controls, *runs, *args.checkpoints]:
        features, widths = encoder_features(run, splits, device, precision, args.runs / "features", args.pool_grid)
        if (features["id"], args.pool_grid) in done:
            continue
        started = time.perf_counter()
        for fraction in FRACTIONS:
            for seed in (0,) if fraction == 1.0 else (0, 1, 2):
                subset = stratified_subset(splits.fit.labels, seed, fraction)
                # Pooled probes on every seed; single stages on seed 0 and few labels only (the stage
                # question is about few labels, and 2 CPU cores allow no more fits).
                pools = POOLS if fraction < 1.0 and seed == 0 else ("all",)
                for pool in pools:
                    columns = stage_columns(pool, widths)
                    for l2 in args.l2:
                        top1, top5 = probe(
                            features["fit"][subset][:, columns], splits.fit.labels[subset],
                            features["val"][:, columns], splits.val.labels, l2,
                        )  # fmt: skip
                        append_csv_row(
                            args.out,
                            {
                                "variant": variant_name(run),
                                "encoder_id": features["id"],
                                "pretext": features["pretext"],
                                "pool": pool + f"@{args.pool_grid}x{args.pool_grid}" * (args.pool_grid > 1),
                                "label_fraction": fraction,
                                "seed": seed,
                                "labels_per_class": int(splits.fit.labels[subset].bincount().max()),
                                "l2": l2,
                                "top1": round(top1, 2),
                                "top5": round(top5, 2),
                                "eval_split": "val",
                                "train_images": len(subset),
                                "eval_images": len(splits.val),
                                "device": device_name(device),
                                "git_sha": git_sha(),
                                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
                            },  # fmt: skip
                        )
        print(f"{features['id']}: probes done in {time.perf_counter() - started:.0f}s", flush=True)
    summary = args.out.with_suffix(".md")
    summary.write_text(probe_markdown(pd.read_csv(args.out)) + "\n")
    print(f"summary: {summary}")


if __name__ == "__main__":
    main()
