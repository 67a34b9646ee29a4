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
    assert "--objective must be one of" in one_line_error(result)


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


BAD_NUMBERS = {
    "pretrain": {
        "--epochs": ["0", "-2", "100000000"], "--batch-size": ["0", "-1"], "--lr": ["0", "-1", "1e9"],
        "--weight-decay": ["-0.1"], "--limit": ["0", "-5"], "--val-size": ["0", "-3"],
        "--output-stride": ["0", "3", "-1"], "--rebalance-lambda": ["0", "-1", "2"], "--image-size": ["0", "-32"],
        "--save-every": ["0", "-1"], "--rotation-weight": ["-1", "1e9"],
        "--color-hints": ["-0.1", "1.5"], "--mask-share": ["-0.1", "1"], "--histogram-weight": ["-1", "1e9"],
        "--view-weight": ["-1", "1e9"], "--tone-jitter": ["-0.1", "1"], "--ab-grid": ["0", "-10", "4", "1e9"],
    },
    "transfer": {
        "--epochs": ["0", "-2"], "--batch-size": ["0"], "--lr": ["0", "-1"], "--labels-per-class": ["0", "-4"],
        "--label-fraction": ["0", "-0.1", "1.5"], "--limit": ["0", "-5"], "--min-steps": ["-1"],
        "--encoder-lr-scale": ["-1"], "--layer-decay": ["0", "1.5"], "--weight-decay": ["-1"],
        "--label-smoothing": ["-0.1", "1"], "--linear-l2": ["-1"], "--l2-sp": ["-1", "1e3"],
        "--ema": ["-0.1", "1"],
        "--val-size": ["0"], "--test-size": ["0"],
    },
    "evaluate": {"--limit": ["0", "-1"], "--classifier-epochs": ["0", "-3"], "--val-size": ["0"]},
    "colorize": {"--size": ["0", "-5", "100000"], "--batch-size": ["0"], "--max-pixels": ["0", "-1"]},
}  # fmt: skip


def test_every_numeric_option_rejects_zero_negative_and_absurd_values_in_one_line(image_folder, tmp_path):
    needs = {
        "pretrain": ["--dataset", "folder", "--data-dir", str(image_folder), "--out", str(tmp_path)],
        "transfer": ["--mode", "linear", "--init", "random", "--dataset", "folder", "--data-dir", str(image_folder),
                     "--results", str(tmp_path / "r.csv")],
        "evaluate": ["--model", "gray", "--dataset", "folder", "--data-dir", str(image_folder),
                     "--results", str(tmp_path / "e.csv")],
        "colorize": [str(image_folder), "--model", str(tmp_path / "none"), "--out", str(tmp_path / "o")],
    }  # fmt: skip
    for command, options in BAD_NUMBERS.items():
        for option, values in options.items():
            for value in values:
                result = runner.invoke(app, [command, *needs[command], option, value])
                assert option in one_line_error(result), (command, option, value, result.output)
    assert not (tmp_path / "r.csv").exists() and not (tmp_path / "e.csv").exists()
    assert not list(tmp_path.glob("pretrain/*"))


def test_a_cifar_dataset_pointed_at_an_image_folder_suggests_folder(image_folder):
    result = runner.invoke(app, ["pretrain", "--dataset", "cifar10", "--data-dir", str(image_folder)])
    assert "--dataset folder" in one_line_error(result)


def test_finetune_only_options_are_refused_for_scratch(image_folder, tmp_path):
    result = runner.invoke(
        app,
        ["transfer", "--mode", "scratch", "--lp-ft", "--dataset", "folder", "--data-dir", str(image_folder),
         "--results", str(tmp_path / "r.csv")],
    )  # fmt: skip
    assert "apply to --mode finetune only" in one_line_error(result)


def test_mode_init_and_encoder_that_do_not_go_together_fail_before_the_data_is_read(tmp_path):
    missing = ["--dataset", "folder", "--data-dir", str(tmp_path / "none"), "--results", str(tmp_path / "r.csv")]
    cases = {
        ("--mode", "finetune"): "--mode finetune needs --encoder RUN_DIR|FILE; --mode scratch trains a random init",
        ("--mode", "finetune", "--init", "random"): "--init random applies to --mode linear",
        ("--mode", "linear"): "--mode linear needs --encoder RUN_DIR|FILE (or --init random)",
        ("--mode", "scratch", "--encoder", str(tmp_path)): "--encoder was given with a random init",
        ("--mode", "linear", "--init", "random", "--encoder", str(tmp_path)): "--encoder was given with a random init",
        ("--mode", "linear", "--init", "imagenet"): "--init must be one of pretrained, random",
    }
    for options, message in cases.items():
        assert message in one_line_error(runner.invoke(app, ["transfer", *options, *missing])), options
    assert not (tmp_path / "r.csv").exists()
