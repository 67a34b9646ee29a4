"""Print the CLI options of the recipe a validation CSV chose, for the test-table commands.

    python benchmarks/choose.py sweep SWEEP_CSV... --mode finetune [--fraction 0.01] [--encoder-id ID] [--model M]
        [--pretext-from RUN]
        # best validation top-1 of that mode, over all the CSVs' rows (finetune rows of encoder ID only,
        # architecture M only); the options go to stdout, the winning encoder's id to stderr. A scratch winner
        # that co-trains gets `--pretext-from RUN` (its rows name the pretext's objective, not its run)
    python benchmarks/choose.py probe PROBE_CSV... --variant base --fraction 0.01
        # the pooled probe's best pooling grid and L2 (every stage pooled: `all`, `all@2x2`, ...)

Only validation rows are read (a test row in the file is an error), so the test split never chooses.
"""

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ssl_colorize.errors import UserError
from ssl_colorize.models.colorizer import load_pretraining_checkpoint
from ssl_colorize.models.encoder_io import pretraining_identity
from ssl_colorize.models.registry import MODELS
from ssl_colorize.train.transfer import COTRAINED_ID_PREFIX
from ssl_colorize.train.transfer_config import recipe_arguments


class Choice(NamedTuple):
    """A sweep's winner: its encoder's id, its pretext objective (`none` for plain scratch) and its options."""

    encoder_id: str
    pretext: str
    options: list[str]


def best_sweep_recipe(rows: pd.DataFrame, mode: str, fraction: float | None) -> Choice:
    """The encoder id, pretext and options (`--mode` first) of the recipe with the highest mean validation
    top-1 of `mode` (over seeds, and over fractions unless one `fraction` is named: the best recipe moves with
    the number of labels). Each encoder is its own candidate: rows of two pretraining runs are never averaged as if
    they were seeds, nor the random inits of two architectures (both have the id `random`); a scratch
    winner's options name its `--model`. With one fraction, the training length is part of the recipe: rows
    that trained for other epoch counts are other recipes, and `--epochs E` reproduces the winner's length.
    Candidates are compared on the seeds they all have: a front-runner run again at more seeds must not lose
    to (or beat) a one-seed rival by the new seeds' luck."""
    rows = rows[rows["mode"] == mode]
    if fraction is not None:
        rows = rows[rows["label_fraction"] == fraction]
    if rows.empty:
        at = "" if fraction is None else f" at label fraction {fraction:g}"
        raise SystemExit(f"error: no validation {mode} rows{at}")
    keys = ["encoder", "encoder_id", "pretext", "recipe"] + ["epochs"] * (fraction is not None)
    seeds = rows.groupby(keys)["seed"].apply(frozenset)
    shared = frozenset.intersection(*seeds)
    if not shared:
        raise SystemExit(f"error: the {len(seeds)} candidate {mode} recipes share no seed; score each at one seed (0)")
    means = rows[rows["seed"].isin(shared)].groupby(keys)["top1"].mean()
    tied = means[means == means.max()].index
    # An exact tie goes to the recipe with the fewest settings written out, the one nearer the defaults
    # (idxmax would take the first in sort order: `grid=2` sorts before `lr=`).
    model, encoder_id, pretext, recipe, *length = min(tied, key=lambda key: len(key[3].split()))
    architecture = ["--model", model] if mode == "scratch" else []  # finetune's encoder file names its own
    epochs = ["--epochs", str(length[0])] if length else []
    return Choice(encoder_id, pretext, ["--mode", mode, *architecture, *recipe_arguments(recipe), *epochs])


def pretext_source(choice: Choice, run: Path | None) -> list[str]:
    """`--pretext-from RUN` when the winner co-trains from scratch (a pretext learned beside the labels;
    transfer needs the run whose settings it copies), after checking RUN against the winner: its architecture
    and objective, and its identity where the rows record it (rows before it say `random`); [] for any other
    winner (RUN is then not needed)."""
    options = choice.options
    if options[1] != "scratch" or "--pretext-weight" not in options:
        return []
    if run is None:
        raise SystemExit(
            f"error: the scratch winner co-trains with the {choice.pretext} pretext: name its run (--pretext-from RUN)"
        )
    checkpoint = load_pretraining_checkpoint(run)
    settings, model = checkpoint["config"], options[options.index("--model") + 1]
    if (settings["model"], settings["objective"]) != (model, choice.pretext):
        raise SystemExit(
            f"error: --pretext-from {run} pretrained {settings['model']} with {settings['objective']}; "
            f"the winner co-trained {model} with {choice.pretext}"
        )
    identity = COTRAINED_ID_PREFIX + pretraining_identity(run, checkpoint)
    if choice.encoder_id.startswith(COTRAINED_ID_PREFIX) and choice.encoder_id != identity:
        raise SystemExit(f"error: --pretext-from {run} is {identity}; the winner co-trained with {choice.encoder_id}")
    return ["--pretext-from", str(run)]


def best_probe(rows: pd.DataFrame, variant: str, fraction: float) -> list[str]:
    """The options (`--pool-grid G --linear-l2 X`) with the highest mean validation top-1 of the probe of
    every stage of `variant` at `fraction`, over the pooling grids and L2 values its rows tried (the best
    L2 moves with the number of labels: more labels, less regularization; the best grid with the encoder)."""
    rows = rows[(rows["variant"] == variant) & (rows["label_fraction"] == fraction)]
    rows = rows[rows["pool"].str.fullmatch(r"all(@\d+x\d+)?")]
    if rows.empty:
        raise SystemExit(f"error: no validation probe rows for {variant} at label fraction {fraction}")
    grids = rows["pool"].str.extract(r"@(\d+)x", expand=False).fillna("1").astype(int).rename("grid")
    grid, l2 = rows.groupby([grids, "l2"])["top1"].mean().idxmax()
    return ["--pool-grid", str(grid), "--linear-l2", f"{l2:g}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=("sweep", "probe"))
    parser.add_argument("csv", type=Path, nargs="+")
    parser.add_argument("--mode", default="finetune")
    parser.add_argument("--variant", default="base")
    parser.add_argument(
        "--fraction", type=float, default=None, help="sweep: that label fraction's rows only; probe: 1 unless named"
    )
    parser.add_argument(
        "--encoder-id", default=None, help="sweep: keep pretrained rows whose encoder_id starts with this only"
    )
    parser.add_argument("--model", default=None, choices=MODELS, help="sweep: keep this architecture's rows only")
    parser.add_argument(
        "--pretext-from", type=Path, default=None, help="sweep: the pretraining run a co-trained scratch winner needs"
    )
    args = parser.parse_args()
    rows = pd.concat([pd.read_csv(path) for path in args.csv], ignore_index=True)
    if (rows["eval_split"] != "val").any():
        raise SystemExit(f"error: {' '.join(map(str, args.csv))} hold rows not scored on the validation split")
    if args.encoder_id is not None:  # the random-init rows (scratch, co-trained or not) do not depend on it
        rows = rows[rows["encoder_id"].str.startswith(("random", args.encoder_id))]
    if args.model is not None:
        rows = rows[rows["encoder"] == args.model]
    if args.kind == "sweep":
        choice = best_sweep_recipe(rows, args.mode, args.fraction)
        print(f"chosen for {args.mode}: encoder {choice.encoder_id}", file=sys.stderr)  # the log says which won
        try:
            source = pretext_source(choice, args.pretext_from)
        except UserError as error:
            raise SystemExit(f"error: {error}") from None
        print(" ".join(choice.options + source))
    else:
        fraction = 1.0 if args.fraction is None else args.fraction
        print(" ".join(best_probe(rows, args.variant, fraction)))


if __name__ == "__main__":
    main()
