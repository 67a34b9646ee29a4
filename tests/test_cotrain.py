"""Finetuning with the pretext kept on (--pretext-weight): one encoder, both losses, clear errors."""

import pandas as pd
import pytest
import torch
from typer.testing import CliRunner

from ssl_colorize.cli import app
from ssl_colorize.data.datasets import load_split
from ssl_colorize.distributed import World
from ssl_colorize.models.encoder_io import export_pretrained, load_encoder
from ssl_colorize.train.cotrain import co_training_stage
from ssl_colorize.train.transfer import (
    COTRAINED_ID_PREFIX,
    ClassifierStage,
    build_classifier,
    run_transfer,
)
from ssl_colorize.train.transfer_config import TransferConfig, recipe_arguments

runner = CliRunner()


@pytest.fixture(scope="module")
def turned_run(tmp_path_factory):
    """A 1-epoch unet-xs ab-classify colorizer that also learned the turn, the color histogram and the views'
    invariance: (run dir, data folder)."""
    from conftest import write_image_folder

    from ssl_colorize.train.pretrain import PretrainConfig, pretrain

    root = tmp_path_factory.mktemp("cotrain")
    folder = write_image_folder(root / "data", 64)
    config = PretrainConfig(
        dataset="folder", data_dir=str(folder), objective="ab-classify", model="unet-xs", epochs=1, batch_size=16,
        output_stride=4, rotation_weight=1.0, histogram_weight=1.0, view_weight=1.0, device="cpu", precision="fp32",
        out=str(root / "runs"),
    )  # fmt: skip
    return pretrain(config, progress=False), folder


def finetune_config(run_dir, folder, **overrides) -> TransferConfig:
    values = dict(
        mode="finetune", encoder=str(run_dir), dataset="folder", data_dir=str(folder), device="cpu", precision="fp32",
        pretext_weight=0.5, min_steps=3, epochs=1, batch_size=16,
    )  # fmt: skip
    return TransferConfig(**{**values, **overrides})


@pytest.mark.parametrize("kind", ["gray", "lab"])
def test_the_loss_is_classification_plus_weight_times_the_pretext_through_one_encoder(turned_run, kind):
    run_dir, folder = turned_run
    config = finetune_config(run_dir, folder, input=kind)
    fit = load_split("folder", folder, "train")
    classifier, _ = build_classifier(config, len(fit.classes))
    classify = ClassifierStage(classifier, config, World())
    stage = co_training_stage(classifier, classify, run_dir, True, fit, 0.5, 16, torch.device("cpu"), 0, World())
    network = stage.network
    assert network.colorizer.encoder is classifier.encoder
    stage.start_epoch(0)
    rgb, labels = fit.images[:16].float() / 255, fit.labels[:16]
    inputs, targets = stage.inputs(rgb, labels)
    labeled, (gray, second) = inputs
    channels = 3 if kind == "lab" else 1
    assert labeled.shape == (16, channels, 32, 32) and gray.shape == (16, 1, 32, 32)  # the encoder pads a, b
    assert second.shape == gray.shape and not torch.equal(second, gray)
    logits, (colors, heads) = network(inputs)
    assert logits.shape == (16, 4) and heads["turn"].shape == (16, 4) and heads["histogram"].shape == (16, 262)
    assert heads["view"].shape == (32, 1024)
    # the run's own pretext loss, its histogram and view terms included
    assert stage.pretext.histogram_weight == 1.0 and stage.pretext.view_weight == 1.0
    loss = stage.loss((logits, (colors, heads)), targets)
    expected = classify.loss(logits, targets[0]) + 0.5 * stage.pretext.loss((colors, heads), targets[1])
    torch.testing.assert_close(loss, expected)
    loss.backward()
    colorizer = network.colorizer
    modules = (colorizer.decoder, colorizer.rotation, colorizer.histogram, colorizer.view, classifier.head,
               classifier.encoder)  # fmt: skip
    for module in modules:
        assert any(p.grad is not None and p.grad.abs().sum() > 0 for p in module.parameters()), type(module).__name__


def test_batchnorm_running_statistics_follow_the_classifier_batches_only(turned_run):
    run_dir, folder = turned_run
    config = finetune_config(run_dir, folder, input="lab")
    fit = load_split("folder", folder, "train")
    classifier, _ = build_classifier(config, len(fit.classes))
    stage = co_training_stage(
        classifier,
        ClassifierStage(classifier, config, World()),
        run_dir,
        True,
        fit,
        0.5,
        16,
        torch.device("cpu"),
        0,
        World(),
    )
    stage.start_epoch(0)
    (labeled, gray), _ = stage.inputs(fit.images[:16].float() / 255, fit.labels[:16])
    norm = next(m for m in classifier.encoder.modules() if isinstance(m, torch.nn.BatchNorm2d))
    expected = norm.running_mean.clone()
    with torch.no_grad():
        classifier(labeled)  # the classifier's own update of the running statistics
        expected, norm.running_mean[:] = norm.running_mean.clone(), expected
        stage.network((labeled, gray))
    torch.testing.assert_close(norm.running_mean, expected)
    assert norm.momentum == 0.1, "the momentum is restored after the pretext's forward"


def test_co_training_runs_end_to_end_and_records_its_weight(turned_run, tmp_path):
    run_dir, folder = turned_run
    results = tmp_path / "r.csv"
    train, test = load_split("folder", folder, "train"), load_split("folder", folder, "test")
    row, model = run_transfer(finetune_config(run_dir, folder, input="lab"), train, test, results)
    assert "pretext_w=0.5" in row["recipe"] and 0 <= row["top1"] <= 100
    assert recipe_arguments(row["recipe"])[-2:] == ["--pretext-weight", "0.5"]  # choose.py can rerun it
    assert "pretext_w" not in TransferConfig(mode="finetune").recipe()  # rows without it keep their recipe
    assert not hasattr(model, "colorizer"), "the returned model is the classifier alone"
    assert pd.read_csv(results)["recipe"].str.contains("pretext_w=0.5").all()


@pytest.mark.parametrize("mode", ["finetune", "scratch"])
def test_a_colorizer_export_keeps_the_run_id_and_co_trains_as_the_run_does(turned_run, tmp_path, mode):
    """The export stands in for its run: as finetuning's encoder, and as scratch's --pretext-from."""
    from ssl_colorize.models.colorizer import load_colorizer
    from ssl_colorize.models.encoder_io import load_encoder

    run_dir, folder = turned_run
    export = export_pretrained(run_dir / "last.pt", tmp_path / "colorizer.pt")
    assert "optimizer" not in torch.load(export, weights_only=True)
    assert export.stat().st_size < (run_dir / "last.pt").stat().st_size / 2
    assert load_encoder(export)[1] == load_encoder(run_dir / "last.pt")[1]  # id, model, pretext
    x = torch.randn(2, 1, 32, 32)
    torch.testing.assert_close(load_colorizer(export)[0](x), load_colorizer(run_dir / "last.pt")[0](x))
    train, test = load_split("folder", folder, "train"), load_split("folder", folder, "test")

    def config(source):
        if mode == "finetune":
            return finetune_config(source, folder)
        return finetune_config(None, folder, encoder=None, mode="scratch", model="unet-xs", pretext_from=str(source))

    (row, model), (exported_row, exported_model) = (
        run_transfer(config(source), train, test, None) for source in (run_dir / "last.pt", export)
    )
    assert row["encoder_id"] == exported_row["encoder_id"]
    for key, value in model.state_dict().items():
        assert torch.equal(value, exported_model.state_dict()[key]), key


def test_the_weight_changes_training(turned_run):
    run_dir, folder = turned_run
    train, test = load_split("folder", folder, "train"), load_split("folder", folder, "test")
    weights = []
    for weight in (0.0, 2.0):
        _, model = run_transfer(finetune_config(run_dir, folder, pretext_weight=weight), train, test, None)
        weights.append(torch.cat([p.detach().flatten() for p in model.encoder.parameters()]))
    assert not torch.allclose(weights[0], weights[1]), "the pretext's gradients must reach the encoder"


def test_bad_co_training_settings_fail_with_one_line_before_the_data_is_read(turned_run, tmp_path):
    run_dir, _ = turned_run
    export = export_pretrained(run_dir, tmp_path / "encoder.safetensors")
    missing = str(tmp_path / "no-data")  # every mistake is reported before the data set is looked at
    common = ["transfer", "--dataset", "folder", "--data-dir", missing, "--results", str(tmp_path / "r.csv")]
    cases = [
        (["--mode", "linear", "--encoder", str(run_dir), "--pretext-weight", "1"], "finetune or scratch"),
        (["--mode", "scratch", "--pretext-weight", "1"], "needs --pretext-from RUN"),
        (["--mode", "scratch", "--pretext-from", str(run_dir)], "--pretext-from needs --pretext-weight"),
        (["--mode", "finetune", "--encoder", str(run_dir), "--pretext-from", str(run_dir)], "scratch only"),
        (["--mode", "scratch", "--pretext-weight", "1", "--pretext-from", str(export)], "not an encoder export"),
        (["--mode", "scratch", "--pretext-weight", "1", "--pretext-from", str(tmp_path)], "no checkpoint"),
        (["--mode", "scratch", "--pretext-weight", "1", "--pretext-from", str(run_dir)], "not --model unet-s"),
        (["--mode", "finetune", "--encoder", str(export), "--pretext-weight", "1"], "not an encoder export"),
        (["--mode", "finetune", "--encoder", str(run_dir), "--pretext-weight", "-1"], "must be in [0, 100]"),
    ]
    for options, message in cases:
        result = runner.invoke(app, common + options)
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output, result.output
    assert not (tmp_path / "r.csv").exists()


def test_scratch_co_trains_with_an_untrained_copy_of_the_runs_pretext(turned_run, tmp_path):
    """--mode scratch --pretext-from: the run's decoder shape and objective, none of its learned weights."""
    from ssl_colorize.models.colorizer import load_colorizer
    from ssl_colorize.train.cotrain import attach_colorizer

    run_dir, folder = turned_run
    trained, objective, _ = load_colorizer(run_dir)
    scratch = dict(mode="scratch", encoder=None, model="unet-xs", lr=1e-3)
    config = finetune_config(run_dir, folder, pretext_from=str(run_dir), **scratch)
    classifier, info = build_classifier(config, 10)
    assert (info["init"], info["pretext"]) == ("random", "ab-classify")
    assert info["id"] == COTRAINED_ID_PREFIX + load_encoder(run_dir)[1]["id"]  # the pretext's run, as finetune names it
    network, copied_objective, _ = attach_colorizer(classifier, run_dir, torch.device("cpu"), pretrained=False)
    decoder = {k: v for k, v in network.colorizer.state_dict().items() if not k.startswith("encoder.")}
    assert decoder.keys() == {k for k in trained.state_dict() if not k.startswith("encoder.")}
    assert not any(torch.equal(v, trained.state_dict()[k]) for k, v in decoder.items() if v.dtype.is_floating_point
                   and v.numel() > 1 and "running" not in k)  # fmt: skip
    for key, value in objective.state_dict().items():  # the ab bins' rebalancing: statistics of the data
        torch.testing.assert_close(copied_objective.state_dict()[key], value)

    train, test = load_split("folder", folder, "train"), load_split("folder", folder, "test")
    results = tmp_path / "r.csv"
    row, model = run_transfer(config, train, test, results)
    assert row["recipe"].endswith("pretext_w=0.5") and row["init"] == "random" and row["pretext"] == "ab-classify"
    assert recipe_arguments(row["recipe"])[-2:] == ["--pretext-weight", "0.5"]
    _, plain = run_transfer(finetune_config(run_dir, folder, pretext_weight=0, **scratch), train, test, None)
    assert not torch.equal(model.encoder.stages[0][0].weight, plain.encoder.stages[0][0].weight)
