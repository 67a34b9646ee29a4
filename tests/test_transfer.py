import csv

import pandas as pd
import pytest
import torch
from safetensors.torch import save_file
from typer.testing import CliRunner

from ssl_colorize.cli import app
from ssl_colorize.data.datasets import load_split
from ssl_colorize.data.subsets import stratified_subset
from ssl_colorize.errors import UserError
from ssl_colorize.eval.report import compare, summarize, to_markdown
from ssl_colorize.models.encoder_io import export_pretrained, load_encoder
from ssl_colorize.models.registry import MODELS
from ssl_colorize.train.transfer import RESULT_COLUMNS, run_transfer, training_plan
from ssl_colorize.train.transfer_config import TransferConfig, recipe_arguments, training_steps

runner = CliRunner()


@pytest.fixture(scope="module")
def pretrained_run(tmp_path_factory):
    from conftest import tiny_pretrained_run

    return tiny_pretrained_run(tmp_path_factory.mktemp("transfer"), "ab-mse", 64)


def transfer_config(folder, **overrides) -> TransferConfig:
    values = dict(dataset="folder", data_dir=str(folder), model="unet-xs", device="cpu", precision="fp32")
    return TransferConfig(**{**values, **overrides})


def splits(folder):
    return load_split("folder", folder, "train"), load_split("folder", folder, "test")


def test_stratified_subsets_have_equal_counts_and_depend_on_the_seed():
    labels = torch.arange(1000) % 10
    subset = stratified_subset(labels, seed=3, fraction=0.05)
    assert torch.bincount(labels[subset]).tolist() == [5] * 10
    assert torch.equal(subset, stratified_subset(labels, seed=3, fraction=0.05))
    assert not torch.equal(subset, stratified_subset(labels, seed=4, fraction=0.05))
    assert torch.bincount(labels[stratified_subset(labels, 0, per_class=7)]).tolist() == [7] * 10
    assert len(stratified_subset(labels, 0, fraction=0.0001)) == 10  # at least one per class
    with pytest.raises(UserError):
        stratified_subset(labels, 0, per_class=101)
    with pytest.raises(UserError):
        stratified_subset(labels, 0, fraction=1.5)


def test_linear_probe_leaves_the_encoder_unchanged(pretrained_run, monkeypatch):
    run_dir, folder = pretrained_run
    before, _ = load_encoder(run_dir)
    captured = {}
    import ssl_colorize.train.transfer as transfer_module

    real_build = transfer_module.build_classifier

    def keep(config, num_classes):
        model, info = real_build(config, num_classes)
        captured["model"] = model
        return model, info

    monkeypatch.setattr(transfer_module, "build_classifier", keep)
    row, _ = run_transfer(
        transfer_config(folder, mode="linear", encoder=str(run_dir), epochs=50), *splits(folder), None
    )
    after = captured["model"].encoder.state_dict()
    for key, value in before.state_dict().items():
        assert torch.equal(value, after[key].to(value.dtype)), key  # BN running stats included
    assert row["top1"] > 50, "the synthetic classes differ in texture: a probe must beat chance (25%)"


def test_results_rows_follow_the_schema(pretrained_run, tmp_path):
    run_dir, folder = pretrained_run
    results = tmp_path / "results.csv"
    train, test = splits(folder)
    run_transfer(transfer_config(folder, mode="linear", init="random", epochs=20), train, test, results)
    run_transfer(
        transfer_config(folder, mode="finetune", encoder=str(run_dir), label_fraction=0.5, min_steps=4, epochs=1,
                        batch_size=12),
        train, test, results,
    )  # fmt: skip
    with open(results, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == RESULT_COLUMNS
    assert [(r["mode"], r["pretext"], r["init"]) for r in rows] == [
        ("linear", "none", "random"),
        ("finetune", "ab-mse", "pretrained"),
    ]
    assert rows[1]["labels_per_class"] == "8" and 0 <= float(rows[1]["top1"]) <= 100
    # 32 labeled images in batches of 12: 2 steps an epoch, so 2 epochs reach --min-steps 4 (each drops 8 images)
    assert rows[1]["epochs"] == "2"


def test_training_steps_from_a_csv_row_count_what_the_run_trained():
    labeled = [50, 450, 4_500, 45_000]  # one fraction below the batch: it shrinks to the labeled set
    config = TransferConfig(mode="scratch", epochs=7, min_steps=0)
    trained = [epochs * steps for epochs, steps, _ in (training_plan(config, n) for n in labeled)]
    rows = pd.DataFrame({"epochs": [7] * 4, "train_images": labeled})
    assert training_steps(rows).tolist() == trained == [7, 21, 245, 2_457]


def test_compare_means_and_stds_on_a_hand_made_csv(tmp_path):
    base = dict(dataset="d", encoder="unet-s", pretext="ab-classify", init="pretrained", mode="linear",
                labels_per_class=5, epochs=10, top5=90.0)  # fmt: skip
    rows = [
        {**base, "label_fraction": 0.1, "seed": 0, "top1": 40.0},
        {**base, "label_fraction": 0.1, "seed": 1, "top1": 44.0},
        {**base, "label_fraction": 0.1, "seed": 2, "top1": 42.0},
        {**base, "label_fraction": 1.0, "seed": 0, "top1": 60.0},
    ]
    path = tmp_path / "r.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    summary = summarize(pd.read_csv(path)).set_index("label_fraction")
    assert summary.loc[0.1, "top1_mean"] == pytest.approx(42.0)
    assert summary.loc[0.1, "top1_std"] == pytest.approx(2.0)
    assert summary.loc[0.1, "n"] == 3 and summary.loc[1.0, "n"] == 1
    table = compare([path], tmp_path / "plot.png")
    assert "42.00 ± 2.00" in table and "60.00 ± 0.00" in table
    # two pretraining runs are never pooled as if they were seeds
    two_runs = pd.DataFrame([{**rows[0], "encoder_id": "run-a:1"}, {**rows[1], "encoder_id": "run-b:2"}])
    assert summarize(two_runs)["n"].tolist() == [1, 1]
    # two lengths of one recipe are two groups, and the table says which is which
    two_lengths = summarize(pd.DataFrame([rows[0], {**rows[1], "epochs": 20}]))
    assert two_lengths["n"].tolist() == [1, 1]
    assert "| 10 | " in to_markdown(two_lengths) and "| 20 | " in to_markdown(two_lengths)
    # two architectures' random inits share the encoder id "random": the model column tells them apart
    random_inits = [
        {**rows[0], "init": "random", "encoder_id": "random", "encoder": model} for model in ("unet-s", "resnet18")
    ]
    lines = to_markdown(summarize(pd.DataFrame(random_inits))).splitlines()[2:]
    assert sorted(line.split(" | ")[0] for line in lines) == ["| resnet18", "| unet-s"]
    assert {line.count("|") for line in to_markdown(two_lengths).splitlines()} == {14}  # header, rule, rows alike
    pd.DataFrame([{"model": "gray", "psnr": 20.0}]).to_csv(tmp_path / "evaluate.csv", index=False)
    assert compare([path, tmp_path / "evaluate.csv"], None) == table  # the evaluate CSV is skipped with a note
    with pytest.raises(UserError, match="none of the given CSVs"):
        compare([tmp_path / "evaluate.csv"], None)
    assert (tmp_path / "plot.png").stat().st_size > 1000


def test_export_round_trip_gives_identical_encoder_outputs(pretrained_run, tmp_path):
    run_dir, _ = pretrained_run
    out = export_pretrained(run_dir, tmp_path / "encoder.safetensors")
    original, info = load_encoder(run_dir)
    exported, exported_info = load_encoder(out)
    assert exported_info == info
    assert info["model"] == "unet-xs" and info["pretext"] == "ab-mse"
    assert info["id"] == f"{run_dir.name}:{info['id'].split(':')[1]}"  # run name and weights digest
    x = torch.randn(2, 1, 32, 32)
    for a, b in zip(original.forward_features(x), exported.forward_features(x), strict=True):
        assert torch.equal(a, b)
    with pytest.raises(UserError, match="already exists"):
        export_pretrained(run_dir, out)
    with pytest.raises(UserError, match=r"must end in .safetensors \(the encoder\) or .pt"):
        export_pretrained(run_dir, tmp_path / "encoder.onnx")
    assert not (tmp_path / "encoder.onnx").exists()


def test_a_half_export_is_half_the_size_close_to_the_run_and_has_its_own_id(pretrained_run, tmp_path):
    from ssl_colorize.models.colorizer import load_colorizer

    run_dir, _ = pretrained_run
    full = export_pretrained(run_dir, tmp_path / "full.pt")
    result = runner.invoke(app, ["export", str(run_dir), "--out", str(tmp_path / "half.pt"), "--half"])
    assert result.exit_code == 0, result.output
    half = tmp_path / "half.pt"
    assert half.stat().st_size < 0.6 * full.stat().st_size
    stored = torch.load(half, weights_only=True)["model"]
    assert {value.dtype for value in stored.values() if value.is_floating_point()} == {torch.float16}
    x = torch.randn(2, 1, 32, 32)
    (model, _, _), (half_model, _, _) = load_colorizer(full), load_colorizer(half)
    assert next(half_model.parameters()).dtype == torch.float32  # loading casts back
    torch.testing.assert_close(half_model(x), model(x), rtol=0.02, atol=0.02)
    assert not torch.equal(half_model(x), model(x))
    run_id, half_id = load_encoder(run_dir)[1]["id"], load_encoder(half)[1]["id"]
    assert half_id != run_id and half_id.split(":")[0] == run_id.split(":")[0] == run_dir.name
    encoder_file = export_pretrained(run_dir, tmp_path / "half.safetensors", half=True)
    assert load_encoder(encoder_file)[1]["id"] == half_id  # one id for one set of rounded weights

    checkpoint = torch.load(run_dir / "last.pt", weights_only=True)
    name = next(key for key, value in checkpoint["model"].items() if value.is_floating_point())
    checkpoint["model"][name] = checkpoint["model"][name] * 0 + 1e6  # beyond float16's 65,504
    torch.save(checkpoint, tmp_path / "huge.pt")
    with pytest.raises(UserError, match="beyond float16's range"):
        export_pretrained(tmp_path / "huge.pt", tmp_path / "huge-half.pt", half=True)
    assert not (tmp_path / "huge-half.pt").exists()


def test_bad_encoder_paths_fail_with_one_line(pretrained_run, tmp_path):
    run_dir, folder = pretrained_run
    empty_run = tmp_path / "empty_run"
    empty_run.mkdir()
    not_a_checkpoint = tmp_path / "notes.pt"
    not_a_checkpoint.write_text("hello")
    other = tmp_path / "other.safetensors"
    save_file({"stages.0.0.weight": torch.zeros(3, 3)}, str(other), metadata={"model": "unet-xs"})
    cases = {
        tmp_path / "missing": "does not exist",
        empty_run: "holds no checkpoint",
        not_a_checkpoint: "not a readable checkpoint",
        other: "does not fit",
    }
    for path, message in cases.items():
        result = runner.invoke(
            app,
            ["transfer", "--mode", "linear", "--encoder", str(path), "--dataset", "folder",
             "--data-dir", str(folder), "--results", str(tmp_path / "r.csv"), "--device", "cpu"],
        )  # fmt: skip
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code == 2 and len(lines) == 1 and message in lines[0], result.output


def test_a_model_other_than_the_encoders_own_is_refused_before_the_data_is_read(pretrained_run, tmp_path):
    run_dir, _ = pretrained_run
    trained = load_encoder(run_dir)[1]["model"]
    other = next(model for model in MODELS if model != trained)
    command = ["transfer", "--mode", "finetune", "--encoder", str(run_dir), "--dataset", "folder",
               "--data-dir", str(tmp_path / "no-data"), "--results", str(tmp_path / "r.csv")]  # fmt: skip
    refused = runner.invoke(app, [*command, "--model", other])
    assert refused.exit_code == 2 and f"--model {other} does not match" in refused.output, refused.output
    agreeing = runner.invoke(app, [*command, "--model", trained])  # goes on, to the missing data
    assert agreeing.exit_code == 2 and "is not a folder" in agreeing.output, agreeing.output


def test_a_colorizer_of_another_size_does_not_load_as_that_size(pretrained_run, tmp_path):
    run_dir, _ = pretrained_run
    checkpoint = torch.load(run_dir / "last.pt", weights_only=True)
    checkpoint["config"]["model"] = "unet-s"
    torch.save(checkpoint, tmp_path / "lying.pt")
    with pytest.raises(UserError, match="does not fit"):
        load_encoder(tmp_path / "lying.pt")


def test_a_recipe_field_turns_back_into_the_options_that_made_it():
    config = TransferConfig(mode="finetune", lr=5e-3, weight_decay=5e-4, label_smoothing=0.1, encoder_lr_scale=0.3,
                            layer_decay=0.7, lp_ft=True, pool="stage3", input="lab")  # fmt: skip
    arguments = recipe_arguments(config.recipe())
    assert arguments == ["--pool", "stage3", "--lr", "0.005", "--weight-decay", "0.0005", "--label-smoothing",
                         "0.1", "--input", "lab", "--encoder-lr-scale", "0.3", "--layer-decay", "0.7",
                         "--lp-ft"]  # fmt: skip
    assert "input" not in TransferConfig(mode="scratch").recipe()  # gray rows keep their recipe strings
    assert recipe_arguments(TransferConfig(mode="linear", linear_l2=0.01).recipe()) == [
        "--pool", "all", "--linear-l2", "0.01"
    ]  # fmt: skip
    assert recipe_arguments(TransferConfig(mode="linear", pool_grid=4).recipe()) == [
        "--pool", "all", "--pool-grid", "4", "--linear-l2", "0.001"
    ]  # fmt: skip


def test_l2_sp_pulls_the_encoder_toward_its_start_where_weight_decay_pulls_toward_zero(pretrained_run):
    from ssl_colorize.distributed import World
    from ssl_colorize.train.optim import make_optimizer
    from ssl_colorize.train.transfer import build_classifier, train_end_to_end

    anchored, plain = torch.nn.Parameter(torch.ones(2, 3)), torch.nn.Parameter(torch.ones(2, 3))
    optimizer, _ = make_optimizer([{"params": [anchored], "anchor_decay": 2.0}, {"params": [plain]}], 0.1, 2.0, 10, 1)
    with torch.no_grad():  # both moved away from where they started
        anchored.mul_(3)
        plain.mul_(3)
    anchored.grad, plain.grad = torch.zeros_like(anchored), torch.zeros_like(plain)
    optimizer.step()  # no gradient: only the decays act, lr 0.1 x rate 2 of the way
    torch.testing.assert_close(anchored.detach(), torch.full((2, 3), 2.6))  # 3 -> toward 1
    torch.testing.assert_close(plain.detach(), torch.full((2, 3), 2.4))  # 3 -> toward 0
    assert recipe_arguments(TransferConfig(mode="finetune", l2_sp=0.5).recipe())[-2:] == ["--l2-sp", "0.5"]
    assert "l2_sp" not in TransferConfig(mode="finetune").recipe()  # rows from before it keep their recipe

    run_dir, folder = pretrained_run
    start = {k: v.clone() for k, v in load_encoder(run_dir)[0].state_dict().items() if v.ndim > 1}
    distances = {}
    for rate in (0.0, 50.0):
        config = transfer_config(folder, mode="finetune", encoder=str(run_dir), l2_sp=rate, min_steps=8, epochs=1,
                                 batch_size=16, lr=1e-2)  # fmt: skip
        torch.manual_seed(0)
        model, _ = build_classifier(config, 4)
        train, _ = splits(folder)
        train_end_to_end(model, train, train, config, torch.device("cpu"), "fp32", World())
        after = model.encoder.state_dict()
        distances[rate] = sum((after[k] - v).norm() for k, v in start.items())
    assert distances[50.0] < 0.5 * distances[0.0]  # the pull holds the finetuned weights near the start


def test_weight_average_follows_the_warmed_up_decay_and_leaves_counters_alone():
    from ssl_colorize.train.ema import WeightAverage

    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.BatchNorm1d(2))
    average = WeightAverage(model, decay=0.99)
    assert average.current_decay() == pytest.approx(2 / 11)  # warm-up: (1 + t) / (10 + t) at t = 1
    expected = [t.detach().clone() for t in average.tensors]
    for step in range(1, 4):
        with torch.no_grad():
            model[0].weight.add_(float(step))
        model(torch.randn(4, 2))  # moves BatchNorm's running statistics and its batch counter
        decay = average.current_decay()
        expected = [e * decay + t.detach() * (1 - decay) for e, t in zip(expected, average.tensors, strict=True)]
        average.update()
    assert average.current_decay() == pytest.approx(5 / 14)
    average.copy_to_model()
    for tensor, value in zip(average.tensors, expected, strict=True):
        torch.testing.assert_close(tensor, value)
    assert model[1].num_batches_tracked.item() == 3  # an integer counter is not averaged
    with pytest.raises(ValueError):
        WeightAverage(model, 1.0)


@pytest.mark.parametrize("mode", ["finetune", "scratch"])
def test_ema_ends_the_run_with_the_moving_average_of_every_step(pretrained_run, monkeypatch, mode):
    import ssl_colorize.train.transfer as transfer_module
    from ssl_colorize.distributed import World
    from ssl_colorize.train.ema import WeightAverage

    snapshots = []

    class Recording(WeightAverage):
        def update(self) -> None:
            snapshots.append([t.detach().clone() for t in self.tensors])
            super().update()

    monkeypatch.setattr(transfer_module, "WeightAverage", Recording)
    run_dir, folder = pretrained_run
    extra = {"encoder": str(run_dir)} if mode == "finetune" else {}
    config = transfer_config(folder, mode=mode, ema=0.9, min_steps=6, epochs=1, batch_size=16, **extra)
    model, _ = transfer_module.build_classifier(config, 4)
    first = [t.detach().clone() for t in WeightAverage(model, 0.9).tensors]
    train, _ = splits(folder)
    total, _ = transfer_module.train_end_to_end(model, train, train, config, torch.device("cpu"), "fp32", World())
    assert len(snapshots) == total // 16 >= 6  # one update after every optimizer step
    expected = first
    for t, weights in enumerate(snapshots, 1):
        decay = min(0.9, (1 + t) / (10 + t))
        expected = [e * decay + w * (1 - decay) for e, w in zip(expected, weights, strict=True)]
    for tensor, value in zip(WeightAverage(model, 0.9).tensors, expected, strict=True):
        torch.testing.assert_close(tensor, value)
    assert not torch.equal(expected[0], snapshots[-1][0])  # the average is not the last step's weights
    arguments = recipe_arguments(TransferConfig(mode=mode, ema=0.998).recipe())
    assert arguments[arguments.index("--ema") + 1] == "0.998"
    assert "ema" not in TransferConfig(mode=mode).recipe()  # rows from before --ema keep their recipe


def test_resized_crop_augments_the_labeled_images_and_goes_into_the_recipe(image_folder, tmp_path, monkeypatch):
    import ssl_colorize.train.transfer as transfer_module

    kinds = []
    real = transfer_module.BatchIterator

    def recording(*args, **kwargs):
        kinds.append(kwargs["augmentation"])
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer_module, "BatchIterator", recording)
    results = tmp_path / "r.csv"
    for augment in ("resized-crop", "crop-flip"):
        config = transfer_config(image_folder, mode="scratch", augment=augment, min_steps=2, epochs=1, batch_size=16)
        run_transfer(config, *splits(image_folder), results)
    assert kinds == ["resized-crop", "crop-flip"]
    recipes = pd.read_csv(results)["recipe"].tolist()
    assert "augment=resized-crop" in recipes[0] and "augment" not in recipes[1]
    arguments = recipe_arguments(recipes[0])
    assert arguments[arguments.index("--augment") + 1] == "resized-crop"


def test_trained_modes_default_to_their_own_recipe_and_explicit_values_win():
    finetune, scratch = TransferConfig(mode="finetune"), TransferConfig(mode="scratch")
    assert (finetune.lr, finetune.label_smoothing, finetune.layer_decay) == (5e-3, 0.0, 0.7)
    assert (scratch.lr, scratch.label_smoothing) == (2e-3, 0.1)
    assert "lr=0.002" in scratch.recipe() and "ls=0.1" in scratch.recipe()
    chosen = TransferConfig(mode="scratch", lr=1e-2, label_smoothing=0.0)
    assert (chosen.lr, chosen.label_smoothing) == (1e-2, 0.0)


def test_lab_input_starts_as_the_gray_network_and_learns_the_colors(pretrained_run, tmp_path):
    from ssl_colorize.models.inference import classifier_input
    from ssl_colorize.train.transfer import build_classifier

    run_dir, folder = pretrained_run
    gray_encoder, _ = load_encoder(run_dir)
    model, info = build_classifier(transfer_config(folder, mode="finetune", encoder=str(run_dir), input="lab"), 4)
    rgb = splits(folder)[0].images[:8]  # uint8 (8, 3, 32, 32)
    lab_input, gray_input = classifier_input(rgb, "lab"), classifier_input(rgb, "gray")
    assert lab_input.shape == (8, 3, 32, 32) and torch.equal(lab_input[:, :1], gray_input)
    assert lab_input[:, 1:].abs().max() > 0.05  # the synthetic images have colors
    model.encoder.eval()
    for wide, gray in zip(model.encoder(lab_input), gray_encoder(gray_input), strict=True):
        torch.testing.assert_close(wide, gray, rtol=1e-5, atol=1e-5)
    first_conv = next(m for m in model.encoder.modules() if isinstance(m, torch.nn.Conv2d))
    assert first_conv.in_channels == 3 and not first_conv.weight[:, 1:].any()
    model.train()
    torch.nn.functional.cross_entropy(model(lab_input), torch.arange(8) % 4).backward()
    assert first_conv.weight.grad[:, 1:].abs().sum() > 0, "the color weights must be able to learn"
    results = tmp_path / "lab.csv"
    for mode, extra in (("finetune", {"encoder": str(run_dir)}), ("scratch", {})):
        config = transfer_config(folder, mode=mode, input="lab", min_steps=2, epochs=1, batch_size=16, **extra)
        run_transfer(config, *splits(folder), results)
    rows = pd.read_csv(results)
    assert rows["mode"].tolist() == ["finetune", "scratch"] and rows["recipe"].str.contains("input=lab").all()


@pytest.mark.parametrize(
    ("mode", "options", "message"),
    [("linear", ["--input", "lab"], "--mode linear takes --input gray"),
     ("finetune", ["--input", "rgb"], "--mode finetune takes --input gray"),
     ("scratch", ["--input", "hsv"], "--input must be one of"),
     ("linear", ["--pool-grid", "0"], "--pool-grid must be 1 to 8"),
     ("scratch", ["--l2-sp", "1"], "--l2-sp applies to --mode finetune only"),
     ("linear", ["--ema", "0.9"], "--ema and --augment apply to --mode finetune or scratch"),
     ("linear", ["--augment", "resized-crop"], "--ema and --augment apply to --mode finetune or scratch"),
     ("scratch", ["--augment", "cutout"], "--augment must be one of")],
)  # fmt: skip
def test_settings_a_mode_cannot_use_fail_with_one_line(image_folder, tmp_path, mode, options, message):
    result = runner.invoke(
        app,
        ["transfer", "--mode", mode, *options, "--init", "random", "--dataset", "folder", "--data-dir",
         str(image_folder), "--results", str(tmp_path / "r.csv")],
    )  # fmt: skip
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r.csv").exists()
