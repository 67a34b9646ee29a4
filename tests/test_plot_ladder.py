"""benchmarks/plot_ladder.py: the best validation row per backbone, mode and length, and its figure."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd

LADDER = Path(__file__).parents[1] / "benchmarks" / "plot_ladder.py"
spec = importlib.util.spec_from_file_location("plot_ladder", LADDER)
plot_ladder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plot_ladder)


def write_rows(path: Path) -> Path:
    """450 labeled images (3 steps of 128 an epoch): 334 and 333 epochs are one rung (1,002 and 999 steps),
    667 epochs the next; a test row, a seed-1 row and a 10% row that must all be left out."""
    rows = [
        ("unet-s", "finetune", 0.01, 0, 334, 60.0, "val", "run-a:1"),
        ("unet-s", "finetune", 0.01, 0, 333, 62.0, "val", "run-b:2"),
        ("unet-s", "finetune", 0.01, 0, 667, 63.0, "val", "run-a:1"),
        ("unet-s", "scratch", 0.01, 0, 334, 48.0, "val", "random"),
        ("unet-s", "scratch", 0.01, 0, 334, 99.0, "test", "random"),
        ("unet-s", "scratch", 0.01, 1, 334, 98.0, "val", "random"),
        ("unet-s", "scratch", 0.1, 0, 334, 97.0, "val", "random"),
        ("resnet18", "linear", 0.01, 0, 100, 96.0, "val", "run-c:3"),
    ]
    columns = ["encoder", "mode", "label_fraction", "seed", "epochs", "top1", "eval_split", "encoder_id"]
    frame = pd.DataFrame(rows, columns=columns)
    frame.assign(train_images=frame["label_fraction"].map({0.01: 450, 0.1: 4500})).to_csv(path, index=False)
    return path


def test_each_point_is_the_best_validation_row_of_seed_0_at_its_length(tmp_path):
    best = plot_ladder.ladder_rows([write_rows(tmp_path / "rows.csv")], 0.01)
    points = {(row.encoder, row.mode, row.steps): (row.top1, row.encoder_id) for row in best.itertuples()}
    assert points == {
        ("unet-s", "finetune", 999): (62.0, "run-b:2"),  # 999 and 1,002 steps: one rung, its best row's encoder
        ("unet-s", "finetune", 2001): (63.0, "run-a:1"),
        ("unet-s", "scratch", 999): (48.0, "random"),  # not the test row, the seed-1 row or the 10% row
    }


def test_the_figure_is_written_and_bad_input_is_one_line(tmp_path):
    rows = write_rows(tmp_path / "rows.csv")
    probes = tmp_path / "probes.csv"
    pd.DataFrame({"variant": ["x"], "top1": [1.0]}).to_csv(probes, index=False)
    out = tmp_path / "ladder.png"
    command = [sys.executable, str(LADDER), "--out", str(out), str(rows), str(probes)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    cases = [
        ([str(rows)], "exists"),  # never over an earlier figure
        (["--models", "unet-m", str(rows)], "no rows for --models unet-m"),
        (["--fraction", "0.5", str(rows)], "no finetune or scratch rows"),
        ([str(probes)], "none of the CSVs has transfer rows"),
        ([str(tmp_path / "missing.csv")], "no such CSV"),
    ]
    for arguments, message in cases:
        target = out if message == "exists" else tmp_path / "other.png"
        done = subprocess.run(
            [sys.executable, str(LADDER), "--out", str(target), *arguments], capture_output=True, text=True
        )
        assert done.returncode != 0 and message in done.stderr, (arguments, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
