"""Run directories: runs/<stage>/<timestamp>-<name>/ with config.json and metrics.csv."""

import csv
import json
import os
import subprocess
import time
from pathlib import Path

import torch

from ssl_colorize.errors import UserError
from ssl_colorize.runtime import cpu_model


def git_sha() -> str:
    """The package checkout's commit ($SSL_COLORIZE_GIT_SHA wins, for copies without .git), or 'unknown'."""
    if os.environ.get("SSL_COLORIZE_GIT_SHA"):
        return os.environ["SSL_COLORIZE_GIT_SHA"]
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def device_name(device: torch.device) -> str:
    """A human-readable device name for reports: the GPU's name, or the CPU's model and threads."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"{cpu_model()} x{torch.get_num_threads()}"


def check_writable(out: Path) -> None:
    """A UserError now, before any training, when run directories could not be created under `out`."""
    existing = Path(out).absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(f"cannot write run directories under {out}: {existing} is not a writable folder")


def new_run_dir(out: Path, stage: str, name: str) -> Path:
    """A fresh, never-existing run directory under out/stage/."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = Path(out) / stage / f"{stamp}-{name}"
    path, n = base, 1
    while path.exists():
        path, n = base.with_name(f"{base.name}-{n}"), n + 1
    path.mkdir(parents=True)
    return path


def write_config(run_dir: Path, config: dict) -> None:
    (Path(run_dir) / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True))


def append_csv_row(path: Path, row: dict) -> None:
    """Append one row, writing the header when the file is new; columns must match an existing file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    exists = path.is_file() and path.stat().st_size > 0
    if exists:
        with open(path, newline="") as handle:
            header = next(csv.reader(handle), [])
        if header != list(row):
            raise UserError(f"{path} has columns {header}, not {list(row)}; use another file")
    with open(path, "a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        if not exists:
            writer.writeheader()
        writer.writerow(row)


def drop_metrics_after(path: Path, epoch: int) -> None:
    """Remove metrics.csv rows of epochs after `epoch`: a run killed between an epoch's row and its
    checkpoint redoes that epoch on resume, and must not log it twice."""
    path = Path(path)
    if not path.is_file():
        return
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [row for row in rows if int(row["epoch"]) <= epoch]
    if len(kept) == len(rows):
        return
    path.unlink()
    for row in kept:
        append_csv_row(path, row)
