"""benchmarks/choose.py: the validation split's choice of recipe and encoder for the test table."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import torch

CHOOSE = Path(__file__).parents[1] / "benchmarks" / "choose.py"
spec = importlib.util.spec_from_file_location("choose", CHOOSE)
choose = importlib.util.module_from_spec(spec)
spec.loader.exec_module(choose)

SHARED = "pool=all lr=0.005 wd=0.05 ls=0 enc_lr=1 layer_decay=1"
OTHER = "pool=all lr=0.01 wd=0.05 ls=0 enc_lr=1 layer_decay=0.7"
COTRAINED = "pool=all lr=0.002 wd=0.5 ls=0.1 ema=0.999 pretext_w=0.3"


def sweep_rows() -> pd.DataFrame:
    """Two encoders that share a recipe: averaged together it would lose (70 and 90 -> 80) to encoder
    A's other recipe (85), but encoder B with it is the best candidate (90)."""
    rows = [
        ("A", SHARED, 15, 70.0),
        ("B", SHARED, 15, 90.0),
        ("A", OTHER, 15, 85.0),
        ("A", OTHER, 30, 86.0),
    ]
    frame = pd.DataFrame(rows, columns=["encoder_id", "recipe", "epochs", "top1"])
    return frame.assign(
        mode="finetune", label_fraction=1.0, eval_split="val", seed=0, encoder="unet-s", pretext="ab-classify"
    )


def test_rows_of_two_encoders_are_never_averaged():
    encoder_id, pretext, options = choose.best_sweep_recipe(sweep_rows(), "finetune", 1.0)
    assert (encoder_id, pretext) == ("B", "ab-classify") and options[:2] == [
        "--mode",
        "finetune",
    ]  # the options run as they are
    assert options[options.index("--layer-decay") + 1] == "1"
    assert options[-2:] == ["--epochs", "15"]


def test_an_exact_tie_goes_to_the_recipe_nearer_the_defaults():
    rows = sweep_rows()
    gridded = SHARED.replace("pool=all", "pool=all grid=2")  # where the recipe writes it: sorts before lr=
    rows = pd.concat([rows, rows[rows["encoder_id"] == "B"].assign(recipe=gridded)])
    assert "--pool-grid" not in choose.best_sweep_recipe(rows, "finetune", 1.0).options
    rows.loc[rows["recipe"].str.contains("grid"), "top1"] = 90.5  # no longer a tie: the grid wins
    assert "--pool-grid" in choose.best_sweep_recipe(rows, "finetune", 1.0).options


def test_training_length_is_part_of_the_recipe():
    frame = sweep_rows()
    encoder_id, _, options = choose.best_sweep_recipe(frame[frame["encoder_id"] == "A"], "finetune", 1.0)
    assert (encoder_id, options[-2:]) == ("A", ["--epochs", "30"])


def test_candidates_are_compared_on_the_seeds_they_share():
    """B's extra seeds were unlucky (mean 84 over three) but B leads A at the one seed both have."""
    frame = sweep_rows()
    frame = frame[frame["epochs"] == 15]
    extra = frame[frame["encoder_id"] == "B"].assign(seed=[1]).pipe(lambda row: pd.concat([row, row.assign(seed=2)]))
    frame = pd.concat([frame, extra.assign(top1=81.0)], ignore_index=True)
    assert frame.groupby(["encoder_id", "recipe"])["top1"].mean().idxmax() == ("A", OTHER)  # the naive mean's pick
    assert choose.best_sweep_recipe(frame, "finetune", 1.0).encoder_id == "B"
    with pytest.raises(SystemExit, match="share no seed"):
        choose.best_sweep_recipe(frame.assign(seed=range(len(frame))), "finetune", 1.0)


def test_cli_names_the_encoder_and_refuses_test_rows(tmp_path):
    path = tmp_path / "sweep.csv"
    sweep_rows().to_csv(path, index=False)
    run = subprocess.run(
        [sys.executable, str(CHOOSE), "sweep", str(path), "--mode", "finetune", "--fraction", "1"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "encoder B" in run.stderr
    assert run.stdout.split()[-2:] == ["--epochs", "15"]
    sweep_rows().assign(eval_split="test").to_csv(path, index=False)
    run = subprocess.run([sys.executable, str(CHOOSE), "sweep", str(path)], capture_output=True, text=True)
    assert run.returncode != 0 and "validation" in run.stderr


def test_random_inits_of_two_architectures_are_two_candidates(tmp_path):
    """unet-s and resnet18 from scratch share the id `random` and two recipes: averaged over the architectures
    the shared recipe (90 and 70 -> 80) would lose to the other (85 and 80 -> 82.5); kept apart, unet-s with
    the shared recipe wins, and `--model resnet18` picks resnet18's own best, the other recipe."""
    rows = [("unet-s", SHARED, 90.0), ("resnet18", SHARED, 70.0), ("unet-s", OTHER, 85.0), ("resnet18", OTHER, 80.0)]
    frame = pd.DataFrame(rows, columns=["encoder", "recipe", "top1"])
    frame = frame.assign(
        encoder_id="random", pretext="none", mode="scratch", label_fraction=0.01, epochs=334, eval_split="val", seed=0
    )
    options = choose.best_sweep_recipe(frame, "scratch", 0.01).options
    assert options[:3] == ["--mode", "scratch", "--model"] and options[3] == "unet-s" and "0.005" in options
    path = tmp_path / "sweep.csv"
    frame.to_csv(path, index=False)
    command = [sys.executable, str(CHOOSE), "sweep", str(path), "--mode", "scratch", "--fraction", "0.01"]
    run = subprocess.run([*command, "--model", "resnet18"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[:4] == ["--mode", "scratch", "--model", "resnet18"] and "0.01" in run.stdout.split()
    run = subprocess.run([*command, "--model", "resnet-18"], capture_output=True, text=True)
    assert run.returncode != 0 and "invalid choice" in run.stderr and "Traceback" not in run.stderr


def save_pretraining_run(path: Path, objective: str = "ab-classify", weight: float = 0.0) -> dict:
    """A stand-in resnet18 pretraining checkpoint at `path`: what choose.py reads of one (config, encoder)."""
    checkpoint = {"stage": "pretrain", "model": {"encoder.w": torch.full((2,), weight)}}
    checkpoint["config"] = {"model": "resnet18", "objective": objective}
    torch.save(checkpoint, path)
    return checkpoint


def test_a_co_trained_scratch_winner_names_the_run_its_pretext_comes_from(tmp_path):
    """The co-trained row (pretext ab-classify, pretext_w in its recipe, the run's id after `random+pretext:`)
    beats plain scratch: its options need `--pretext-from RUN`, and RUN must be that run: resnet18, ab-classify,
    the same weights. A plain winner needs no run."""
    run_file = tmp_path / "run" / "last.pt"
    run_file.parent.mkdir()
    identity = choose.COTRAINED_ID_PREFIX + choose.pretraining_identity(run_file, save_pretraining_run(run_file))
    plain = SHARED.replace(" enc_lr=1 layer_decay=1", "")
    rows = [("random", "none", plain, 50.0), (identity, "ab-classify", COTRAINED, 57.0)]
    frame = pd.DataFrame(rows, columns=["encoder_id", "pretext", "recipe", "top1"]).assign(
        encoder="resnet18", mode="scratch", label_fraction=0.01, epochs=1334, eval_split="val", seed=0
    )
    path = tmp_path / "sweep.csv"
    frame.to_csv(path, index=False)
    command = [sys.executable, str(CHOOSE), "sweep", str(path), "--mode", "scratch", "--fraction", "0.01"]

    def choose_with(*extra: str) -> subprocess.CompletedProcess:
        run = subprocess.run([*command, *extra], capture_output=True, text=True)
        assert "Traceback" not in run.stderr, run.stderr
        return run

    run = choose_with()
    assert run.returncode != 0 and "--pretext-from RUN" in run.stderr
    run = choose_with("--pretext-from", str(run_file), "--encoder-id", "another-run")  # scratch rows stay
    assert run.returncode == 0, run.stderr
    options = run.stdout.split()
    assert options[-2:] == ["--pretext-from", str(run_file)] and "--pretext-weight" in options
    for changed, message in (
        ({"objective": "mse"}, "with mse"),
        ({"weight": 1.0}, f"the winner co-trained with {identity}"),
    ):
        save_pretraining_run(run_file, **changed)
        run = choose_with("--pretext-from", str(run_file))
        assert run.returncode != 0 and message in run.stderr
    assert choose_with("--pretext-from", str(tmp_path / "missing")).returncode != 0
    plain_choice = choose.best_sweep_recipe(frame[frame["pretext"] == "none"], "scratch", 0.01)
    assert choose.pretext_source(plain_choice, None) == []


def test_a_mode_without_rows_is_a_one_line_error():
    with pytest.raises(SystemExit, match="no validation scratch rows"):
        choose.best_sweep_recipe(sweep_rows(), "scratch", 1.0)


def test_the_probe_choice_spans_pooling_grids_and_l2_but_not_single_stages():
    rows = [
        ("all", 1e-3, 0, 60.0), ("all", 1e-3, 1, 62.0), ("all", 1e-1, 0, 61.0), ("all", 1e-1, 1, 60.5),
        ("all@2x2", 1e-2, 0, 63.0), ("all@2x2", 1e-2, 1, 64.0), ("all@2x2", 1e-1, 0, 62.0),
        ("all@2x2", 1e-1, 1, 62.0), ("stage3", 1e-3, 0, 70.0), ("stage3@2x2", 1e-3, 0, 71.0),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["pool", "l2", "seed", "top1"]).assign(variant="enc", label_fraction=0.1)
    assert choose.best_probe(frame, "enc", 0.1) == ["--pool-grid", "2", "--linear-l2", "0.01"]
    globally = frame[frame["pool"] != "all@2x2"]  # rows from before --pool-grid: the grid is 1
    assert choose.best_probe(globally, "enc", 0.1) == ["--pool-grid", "1", "--linear-l2", "0.001"]
    with pytest.raises(SystemExit, match="no validation probe rows"):
        choose.best_probe(frame, "enc", 1.0)
