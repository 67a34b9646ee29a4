from typer.testing import CliRunner

from ssl_colorize.cli import app

runner = CliRunner()


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_pretrain_help_lists_objectives_and_examples():
    result = runner.invoke(app, ["pretrain", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for word in ("rgb-mse", "ab-mse", "ab-classify", "Examples", "--resume", "--limit"):
        assert word in result.output


def test_pretrain_on_a_missing_folder_fails_with_one_line(tmp_path):
    result = runner.invoke(
        app, ["pretrain", "--dataset", "folder", "--data-dir", str(tmp_path / "none"), "--out", str(tmp_path)]
    )
    assert "is not a folder" in one_line_error(result)


def test_pretrain_unknown_objective_fails_with_one_line(tmp_path):
    result = runner.invoke(app, ["pretrain", "--objective", "magic", "--out", str(tmp_path)])
    assert "unknown objective" in one_line_error(result)


def test_resume_from_a_folder_without_checkpoint_fails(tmp_path):
    result = runner.invoke(app, ["pretrain", "--resume", str(tmp_path)])
    assert "does not exist" in one_line_error(result)


def test_pretrain_through_the_cli_writes_a_run(image_folder, tmp_path):
    result = runner.invoke(
        app,
        [
            "pretrain",
            "--dataset",
            "folder",
            "--data-dir",
            str(image_folder),
            "--objective",
            "ab-mse",
            "--model",
            "unet-xs",
            "--epochs",
            "1",
            "--batch-size",
            "16",
            "--device",
            "cpu",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "pretrain").glob("*/last.pt"))
