"""A finetune/scratch run's resumable training state under --checkpoint-dir: its folder, settings and row."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ssl_colorize.checkpoint import load_checkpoint
from ssl_colorize.errors import UserError
from ssl_colorize.train.transfer_config import TransferConfig

# Settings that do not change what a run computes, so a resumed run may differ in them.
# The encoder and pretext runs enter as their identity (encoder_id), not as paths.
NOT_IDENTITY = (
    "encoder", "pretext_from", "device", "precision", "cache_dir", "checkpoint_dir", "save_every", "compile",
)  # fmt: skip


@dataclass
class RunCheckpoint:
    """Where a finetune/scratch run keeps its training state (--checkpoint-dir), the settings it was started
    with, and the checkpoint it resumes from (None: a fresh start)."""

    folder: Path
    identity: dict
    resume: dict | None

    @classmethod
    def open(cls, config: TransferConfig, encoder_id: str, labeled: int, fit_images: int) -> "RunCheckpoint | None":
        """The run's folder and its last.pt if one is there; a UserError if that run had other settings."""
        folder = config.run_checkpoint_dir()
        if folder is None:
            return None
        identity = {k: v for k, v in asdict(config).items() if k not in NOT_IDENTITY}
        identity |= {"data_dir": str(Path(config.data_dir).resolve()), "encoder_id": encoder_id,
                     "labeled_images": labeled, "fit_images": fit_images}  # fmt: skip
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"cannot create --checkpoint-dir folder {folder}: {error.strerror}") from None
        if not (folder / "last.pt").is_file():
            if (folder / "row.json").is_file():  # training again would end by skipping its own row
                raise UserError(f"{folder} has the row of a finished run but no last.pt; give another --checkpoint-dir")
            return cls(folder, identity, None)
        checkpoint = load_checkpoint(folder / "last.pt")
        saved = checkpoint["config"]
        differ = sorted(k for k in identity.keys() | saved.keys() if identity.get(k) != saved.get(k))
        if differ:
            raise UserError(
                f"{folder} holds a run with other settings ({', '.join(differ)}); give the same settings to resume "
                "it, or another --checkpoint-dir"
            )
        return cls(folder, identity, checkpoint)

    def finished_row(self) -> dict | None:
        """The results row the run appended when it finished, or None."""
        path = self.folder / "row.json"
        return json.loads(path.read_text()) if path.is_file() else None

    def record(self, row: dict) -> None:
        (self.folder / "row.json").write_text(json.dumps(row, indent=1) + "\n")
