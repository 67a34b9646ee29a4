"""Faults in real subprocesses: SIGKILL at three moments, SIGTERM, then --resume; each must end with the
weights and losses of an uninterrupted run (same CPU, fp32, one thread: bitwise reproducible)."""

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch

DRIVER = Path(__file__).parent / "helpers" / "fault_driver.py"
# unet-xs on 58 fit images, batch 16: 3 steps an epoch, 3 epochs, last.pt also every 2 steps; with color
# hints, hidden gray, jittered tones and second views, whose random draws a resumed run must repeat too, and
# every global head.
RUN = ["pretrain", "--dataset", "folder", "--model", "unet-xs", "--epochs", "3", "--batch-size", "16",
       "--lr", "3e-3", "--device", "cpu", "--precision", "fp32", "--save-every", "2",
       "--color-hints", "0.5", "--mask-share", "0.5", "--tone-jitter", "0.5",
       "--rotation-weight", "1", "--histogram-weight", "1", "--view-weight", "1"]  # fmt: skip


def ssl_colorize(arguments: list[str], fault: str = "none") -> subprocess.CompletedProcess:
    env = {**os.environ, "FAULT": fault, "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, str(DRIVER), *arguments], env=env, capture_output=True, text=True)


def pretrain_run(folder: Path, out: Path, fault: str = "none") -> tuple[subprocess.CompletedProcess, Path | None]:
    result = ssl_colorize([*RUN, "--data-dir", str(folder), "--out", str(out)], fault)
    runs = list((out / "pretrain").glob("*")) if (out / "pretrain").is_dir() else []
    return result, runs[0] if runs else None


def losses(run_dir: Path) -> list[str]:
    with open(run_dir / "metrics.csv", newline="") as handle:
        return [row["train_loss"] + "/" + row["val_loss"] for row in csv.DictReader(handle)]


def weights(run_dir: Path) -> dict[str, torch.Tensor]:
    return torch.load(run_dir / "last.pt", weights_only=True)["model"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One uninterrupted run: (data folder, its run directory)."""
    from conftest import write_image_folder

    root = tmp_path_factory.mktemp("faults")
    folder = write_image_folder(root / "folder", 64)
    result, run_dir = pretrain_run(folder, root / "uninterrupted")
    assert result.returncode == 0, result.stderr
    return folder, run_dir


@pytest.mark.parametrize(
    "fault",
    [
        "step:4",  # after epoch 2's first step, before that step's periodic checkpoint: replays from epoch 1's end
        "write:3",  # halfway through writing epoch 1's last.pt (after its best.pt): resumes from step 2's last.pt
        "saved:3",  # right after epoch 1's last.pt is in place (its metrics row written), before the next step
    ],
)
def test_sigkill_then_resume_equals_the_uninterrupted_run(reference, tmp_path, fault):
    folder, uninterrupted = reference
    killed, run_dir = pretrain_run(folder, tmp_path, fault)
    assert killed.returncode == -signal.SIGKILL and run_dir is not None
    resumed = ssl_colorize(["pretrain", "--resume", str(run_dir)])
    assert resumed.returncode == 0, resumed.stderr
    assert losses(run_dir) == losses(uninterrupted)
    expected, got = weights(uninterrupted), weights(run_dir)
    assert all(torch.equal(expected[key], got[key]) for key in expected)
    assert not list(run_dir.glob(".*.tmp")), "the half-written temporary file is cleaned up"


def test_sigterm_saves_a_checkpoint_and_exits_cleanly(reference, tmp_path):
    folder, uninterrupted = reference
    stopped, run_dir = pretrain_run(folder, tmp_path, "term:5")  # epoch 2, its second step
    assert stopped.returncode == 128 + signal.SIGTERM
    assert "stopped by SIGTERM: checkpoint saved" in stopped.stderr and "Traceback" not in stopped.stderr
    state = torch.load(run_dir / "last.pt", weights_only=True)
    assert (state["epoch"], state["step"]) == (1, 2)
    resumed = ssl_colorize(["pretrain", "--resume", str(run_dir)])
    assert resumed.returncode == 0, resumed.stderr
    assert losses(run_dir) == losses(uninterrupted)
    expected, got = weights(uninterrupted), weights(run_dir)
    assert all(torch.equal(expected[key], got[key]) for key in expected)
