"""--checkpoint-dir: a finetune/scratch run that stops (a signal, or a crash after a periodic save) resumes to
exactly the uninterrupted run's weights and row; a finished run is neither trained nor appended again."""

import signal

import pandas as pd
import pytest
import torch
from typer.testing import CliRunner

from ssl_colorize.cli import app
from ssl_colorize.data.datasets import load_split
from ssl_colorize.errors import UserError
from ssl_colorize.train.engine import Engine, Interrupted
from ssl_colorize.train.transfer import run_transfer
from ssl_colorize.train.transfer_config import TransferConfig

runner = CliRunner()
STEPS_PER_EPOCH, EPOCHS, SAVE_EVERY = 4, 3, 5  # 64 labeled images in batches of 16


@pytest.fixture(scope="module")
def turned_run(tmp_path_factory):
    """A 1-epoch unet-xs ab-classify colorizer that also learned the turn: (run dir, data folder)."""
    from conftest import write_image_folder

    from ssl_colorize.train.pretrain import PretrainConfig, pretrain

    root = tmp_path_factory.mktemp("resume")
    folder = write_image_folder(root / "data", 64)
    config = PretrainConfig(
        dataset="folder", data_dir=str(folder), objective="ab-classify", model="unet-xs", epochs=1, batch_size=16,
        rotation_weight=1.0, device="cpu", precision="fp32", out=str(root / "runs"),
    )  # fmt: skip
    return pretrain(config, progress=False), folder


def co_trained_scratch(run_dir, folder, checkpoints, **overrides) -> TransferConfig:
    """Scratch co-trained with the run's pretext and an EMA: every piece of state a checkpoint must keep."""
    values = dict(
        mode="scratch", model="unet-xs", dataset="folder", data_dir=str(folder), device="cpu", precision="fp32",
        pretext_weight=0.5, pretext_from=str(run_dir), ema=0.9, epochs=EPOCHS, min_steps=0, batch_size=16,
        checkpoint_dir=str(checkpoints), save_every=SAVE_EVERY,
    )  # fmt: skip
    return TransferConfig(**{**values, **overrides})


def splits(folder):
    return load_split("folder", folder, "train"), load_split("folder", folder, "test")


def fail_at_step(monkeypatch, step: int, fault: str) -> None:
    """Engine.step raises SIGTERM in this process (`fault` "signal") or an error (a crash) after step `step`."""
    real_step, calls = Engine.step, []

    def faulty(self, stage, rgb, labels):
        loss = real_step(self, stage, rgb, labels)
        calls.append(1)
        if len(calls) == step:
            if fault == "signal":
                signal.raise_signal(signal.SIGTERM)
            else:
                raise RuntimeError("power cut")
        return loss

    monkeypatch.setattr(Engine, "step", faulty)


@pytest.fixture(scope="module")
def uninterrupted(turned_run, tmp_path_factory):
    """The reference: (row, final state dict) of the run trained in one go."""
    run_dir, folder = turned_run
    checkpoints = tmp_path_factory.mktemp("reference")
    row, model = run_transfer(co_trained_scratch(run_dir, folder, checkpoints), *splits(folder), None)
    return row, {k: v.clone() for k, v in model.state_dict().items()}


@pytest.mark.parametrize(("fault", "step", "resumes_at"), [("signal", 6, 6), ("crash", 7, SAVE_EVERY)])
def test_a_stopped_run_resumes_to_the_uninterrupted_weights_and_row(
    turned_run, uninterrupted, tmp_path, monkeypatch, fault, step, resumes_at
):
    run_dir, folder = turned_run
    config = co_trained_scratch(run_dir, folder, tmp_path / "checkpoints")
    results = tmp_path / "results.csv"
    fail_at_step(monkeypatch, step, fault)
    with pytest.raises(Interrupted if fault == "signal" else RuntimeError):
        run_transfer(config, *splits(folder), results)
    saved = torch.load(config.run_checkpoint_dir() / "last.pt", weights_only=True)
    assert saved["epoch"] * STEPS_PER_EPOCH + saved["step"] == resumes_at  # mid-epoch, the pretext's stream too
    assert saved["unlabeled"]["step"] == resumes_at % STEPS_PER_EPOCH and saved["ema"]["updates"] == resumes_at
    assert not results.exists()
    monkeypatch.undo()
    row, model = run_transfer(config, *splits(folder), results)
    reference_row, reference_state = uninterrupted
    for name, tensor in model.state_dict().items():
        assert torch.equal(tensor, reference_state[name]), name
    assert (row["top1"], row["top5"]) == (reference_row["top1"], reference_row["top5"])
    table = pd.read_csv(results)
    assert len(table) == 1 and table.loc[0, "top1"] == row["top1"] and table.loc[0, "train_seconds"] > 0


def test_a_finished_run_is_neither_trained_nor_appended_again(turned_run, uninterrupted, tmp_path, monkeypatch, capsys):
    run_dir, folder = turned_run
    config = co_trained_scratch(run_dir, folder, tmp_path / "checkpoints")
    results = tmp_path / "results.csv"
    first, _ = run_transfer(config, *splits(folder), results)
    said = "".join(capsys.readouterr().err.split())  # rich wraps long lines
    assert f"rowappendedto{results}" in said
    fail_at_step(monkeypatch, 1, "crash")  # any training step would now raise
    again, model = run_transfer(config, *splits(folder), results)
    assert again == first and len(pd.read_csv(results)) == 1
    said = "".join(capsys.readouterr().err.split())
    assert "itsrownotappendedagain" in said and "rowappendedto" not in said
    for name, tensor in model.state_dict().items():  # the finished weights (with their average) came back
        assert torch.equal(tensor, uninterrupted[1][name]), name
    (config.run_checkpoint_dir() / "last.pt").unlink()  # a row without its weights is not silently retrained
    with pytest.raises(UserError, match="row of a finished run but no last.pt"):
        run_transfer(config, *splits(folder), results)


def test_a_checkpoint_of_other_settings_is_refused_in_one_line(turned_run, tmp_path, monkeypatch):
    run_dir, folder = turned_run
    checkpoints = tmp_path / "checkpoints"
    fail_at_step(monkeypatch, 2, "signal")
    with pytest.raises(Interrupted, match="run the same command again to resume"):
        run_transfer(co_trained_scratch(run_dir, folder, checkpoints), *splits(folder), None)
    monkeypatch.undo()
    with pytest.raises(UserError, match=r"holds a run with other settings \(ema, lr\)"):
        run_transfer(co_trained_scratch(run_dir, folder, checkpoints, lr=1e-3, ema=0.5), *splits(folder), None)
    options = ["--dataset", "folder", "--data-dir", str(folder), "--device", "cpu"]
    options += ["--checkpoint-dir", str(checkpoints)]
    linear = runner.invoke(app, ["transfer", "--mode", "linear", "--encoder", str(run_dir), *options])
    assert linear.exit_code == 2 and "--checkpoint-dir applies to --mode finetune or scratch" in linear.output
    scratch = ["transfer", "--mode", "scratch", "--model", "unet-xs", "--epochs", "3", "--min-steps", "0"]
    other = runner.invoke(app, [*scratch, "--batch-size", "16", "--results", str(tmp_path / "r.csv"), *options])
    assert other.exit_code == 2 and "holds a run with other settings" in other.output
    errors = [line for line in other.output.splitlines() if line.startswith("error:")]
    assert "Traceback" not in other.output and len(errors) == 1 and errors[0].endswith("another --checkpoint-dir")
