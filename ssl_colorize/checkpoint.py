"""Checkpoints: written atomically, read without executing code."""

import os
import tempfile
from pathlib import Path

import torch

from ssl_colorize.errors import UserError

# torch.__version__ is a str subclass that older checkpoints stored; it is data, not code.
torch.serialization.add_safe_globals([torch.torch_version.TorchVersion])


def save_atomic(obj: dict, path: Path) -> None:
    """torch.save to a temporary file in the same folder, then rename: a kill never leaves half a file."""
    path = Path(path)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        torch.save(obj, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def remove_stale_temporaries(folder: Path) -> None:
    """Delete what a kill in the middle of save_atomic left behind (the checkpoints themselves are whole)."""
    for leftover in Path(folder).glob(".*.pt.*.tmp"):
        leftover.unlink(missing_ok=True)


def load_checkpoint(path: Path) -> dict:
    """torch.load with weights_only=True (no code runs); a clear error for a non-checkpoint file."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"checkpoint {path} does not exist")
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # noqa: BLE001 - every failure here means "not a checkpoint"
        raise UserError(
            f"{path} is not a readable checkpoint ({type(error).__name__}); give a pretraining run directory, "
            "its best.pt or last.pt, or an encoder exported as .safetensors"
        ) from None
    if not isinstance(checkpoint, dict) or "model" not in checkpoint or "config" not in checkpoint:
        raise UserError(f"{path} is not an ssl-colorize checkpoint (no model/config entries)")
    return checkpoint


def find_checkpoint(run_or_file: Path, prefer: str = "best.pt") -> Path:
    """A run directory -> its best.pt (or last.pt); a file -> itself."""
    path = Path(run_or_file)
    if path.is_dir():
        for name in (prefer, "last.pt", "best.pt"):
            if (path / name).is_file():
                return path / name
        raise UserError(f"run directory {path} holds no checkpoint (best.pt or last.pt)")
    if not path.exists():
        raise UserError(f"{path} does not exist: give a run directory or a checkpoint file")
    return path
