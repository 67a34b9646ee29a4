import csv
import json

import pandas as pd
import pytest
import torch

from ssl_colorize.errors import UserError
from ssl_colorize.models.colorizer import load_colorizer
from ssl_colorize.models.encoder_io import load_encoder
from ssl_colorize.train.pretrain import ColorizationStep, PretrainConfig, pretrain, turn_quarters


def tiny_config(image_folder, tmp_path, **overrides) -> PretrainConfig:
    values = dict(
        dataset="folder",
        data_dir=str(image_folder),
        model="unet-xs",
        epochs=2,
        batch_size=16,
        lr=3e-3,
        device="cpu",
        precision="fp32",
        out=str(tmp_path / "runs"),
        warmup_epochs=0.5,
    )
    return PretrainConfig(**{**values, **overrides})


def read_metrics(run_dir):
    with open(run_dir / "metrics.csv", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("objective", ["rgb-mse", "ab-mse", "ab-classify"])
def test_pretrain_loss_goes_down_and_writes_the_run_directory(image_folder, tmp_path, objective):
    run_dir = pretrain(tiny_config(image_folder, tmp_path, objective=objective, epochs=4), progress=False)
    rows = read_metrics(run_dir)
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3, 4]
    assert float(rows[-1]["train_loss"]) < float(rows[0]["train_loss"])
    assert float(rows[-1]["images_per_second"]) > 0
    for name in ("config.json", "last.pt", "best.pt", "loss.png", "samples/epoch004.png"):
        assert (run_dir / name).is_file(), name
    config = json.loads((run_dir / "config.json").read_text())
    assert config["objective"] == objective and config["torch_version"] == torch.__version__
    model, loaded_objective, _ = load_colorizer(run_dir)
    assert loaded_objective.name == objective and not model.training


@pytest.mark.slow  # inductor compiles the step for about a minute on 2 cores
def test_a_compiled_run_trains_like_an_eager_one_and_saves_plain_weights(image_folder, tmp_path):
    runs = {
        compiled: pretrain(
            tiny_config(image_folder, tmp_path / str(compiled), objective="ab-mse", epochs=1, compile=compiled),
            progress=False,
        )
        for compiled in (False, True)
    }
    eager, compiled = (read_metrics(runs[flag])[0] for flag in (False, True))
    assert float(compiled["train_loss"]) == pytest.approx(float(eager["train_loss"]), rel=1e-3)
    assert float(compiled["val_loss"]) == pytest.approx(float(eager["val_loss"]), rel=1e-3)
    states = [torch.load(runs[flag] / "last.pt", weights_only=True)["model"] for flag in (False, True)]
    assert states[1].keys() == states[0].keys()  # no torch.compile prefixes: colorize and export read it
    load_colorizer(runs[True])


def test_resume_of_a_finished_run_is_refused(image_folder, tmp_path):
    run_dir = pretrain(tiny_config(image_folder, tmp_path, objective="ab-mse", epochs=1), progress=False)
    with pytest.raises(UserError, match="already finished all 1 epochs"):
        pretrain(tiny_config(image_folder, tmp_path, epochs=None), resume=run_dir, progress=False)


def test_resume_with_another_epoch_total_is_refused_not_a_schedule_jump(image_folder, tmp_path):
    run_dir = pretrain(tiny_config(image_folder, tmp_path, objective="ab-mse", epochs=1), progress=False)
    (run_dir / "last.pt").unlink()  # as if interrupted before the first checkpoint
    with pytest.raises(UserError, match="before its first checkpoint"):
        pretrain(tiny_config(image_folder, tmp_path, epochs=None), resume=run_dir, progress=False)
    run_dir = pretrain(tiny_config(image_folder, tmp_path / "b", objective="ab-mse", epochs=2), progress=False)
    state = torch.load(run_dir / "last.pt", weights_only=True)
    state["epoch"] = 1
    torch.save(state, run_dir / "last.pt")
    with pytest.raises(UserError, match="planned for 2 epochs"):
        pretrain(tiny_config(image_folder, tmp_path, epochs=5), resume=run_dir, progress=False)


def test_too_few_images_for_a_batch_is_a_user_error(image_folder, tmp_path):
    with pytest.raises(UserError, match="fewer than --batch-size"):
        pretrain(tiny_config(image_folder, tmp_path, limit=8), progress=False)


def test_a_non_finite_loss_stops_the_run_and_keeps_the_last_good_checkpoint(image_folder, tmp_path, monkeypatch):
    from ssl_colorize.objectives import AbMse

    real_loss = AbMse.loss
    calls = {"n": 0}

    def loss_that_explodes_in_epoch_two(self, pred, rgb, lab):
        calls["n"] += 1
        loss = real_loss(self, pred, rgb, lab)
        return loss * float("nan") if calls["n"] > 3 else loss  # 3 steps per epoch here

    monkeypatch.setattr(AbMse, "loss", loss_that_explodes_in_epoch_two)
    with pytest.raises(UserError, match="became nan in epoch 2"):
        pretrain(tiny_config(image_folder, tmp_path, objective="ab-mse", epochs=3), progress=False)
    run_dir = next((tmp_path / "runs" / "pretrain").iterdir())
    state = torch.load(run_dir / "last.pt", weights_only=True)
    assert state["epoch"] == 1 and all(torch.isfinite(v.float()).all() for v in state["model"].values())


def test_an_unwritable_output_folder_is_reported_before_training(image_folder, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    with pytest.raises(UserError, match="cannot write run directories"):
        pretrain(tiny_config(image_folder, tmp_path, out=str(blocker / "runs")), progress=False)


def test_turn_quarters_turns_every_image_by_its_index_mod_4():
    images = torch.rand(6, 3, 8, 8)
    turned, turns = turn_quarters(images)
    assert turns.tolist() == [0, 1, 2, 3, 0, 1]
    for image, back, quarter in zip(images, turned, turns.tolist(), strict=True):
        assert torch.equal(torch.rot90(back, -quarter, dims=(1, 2)), image)
    assert not torch.equal(turned[1], images[1])


def test_ranks_turn_their_shards_as_one_process_turns_the_batch():
    from ssl_colorize.distributed import World

    images = torch.rand(10, 3, 8, 8)
    whole, whole_turns = turn_quarters(images)
    shards = [World(rank, 3).shard(10) for rank in range(3)]  # sizes 3, 3, 4: none a multiple of 4
    parts = [turn_quarters(images[shard], shard.start) for shard in shards]
    assert torch.equal(torch.cat([turned for turned, _ in parts]), whole)
    assert torch.equal(torch.cat([turns for _, turns in parts]), whole_turns)


def test_the_rotation_step_adds_the_weighted_turn_loss_and_validates_upright():
    from ssl_colorize.models.colorizer import build_colorizer

    torch.manual_seed(0)
    settings = {"objective": "ab-mse", "model": "unet-xs", "rotation_weight": 0.5}
    model, objective = build_colorizer(settings)
    step = ColorizationStep(model.train(), objective, rotation_weight=0.5)
    rgb = torch.rand(8, 3, 16, 16)
    net_input, targets = step.inputs(rgb, torch.zeros(8, dtype=torch.long))
    colors, heads = model(net_input)
    turned, turns = turn_quarters(rgb)
    assert torch.equal(targets[0], turned) and torch.equal(targets[2], turns)
    expected = objective.loss(colors, *targets[:2]) + 0.5 * torch.nn.functional.cross_entropy(heads["turn"], turns)
    assert torch.allclose(step.loss((colors, heads), targets), expected)
    model.eval()
    net_input, targets = step.inputs(rgb, torch.zeros(8, dtype=torch.long))
    assert torch.equal(targets[0], rgb) and targets[2] is None  # validation: upright, colorization only
    assert torch.allclose(step.loss(model(net_input), targets), objective.loss(model(net_input), *targets[:2]))


def test_the_rotation_step_learns_which_way_is_up():
    from ssl_colorize.models.colorizer import build_colorizer

    torch.manual_seed(0)
    model, objective = build_colorizer({"objective": "ab-mse", "model": "unet-xs", "rotation_weight": 1.0})
    step = ColorizationStep(model.train(), objective, rotation_weight=1.0)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    rgb = torch.rand(16, 3, 16, 16) * 0.3
    rgb[:, :, :4] += 0.6  # a bright band at the top: upright is recognizable
    turn_losses = []
    for _ in range(40):
        net_input, targets = step.inputs(rgb, torch.zeros(16, dtype=torch.long))
        colors, heads = model(net_input)
        turn_losses.append(torch.nn.functional.cross_entropy(heads["turn"], targets[2]).item())
        optimizer.zero_grad()
        step.loss((colors, heads), targets).backward()
        optimizer.step()
    assert turn_losses[0] > 1.0 and turn_losses[-1] < 0.3  # from chance (ln 4 = 1.39) to knowing the turn


def test_pretraining_with_rotation_saves_the_head_and_exports_a_plain_encoder(image_folder, tmp_path):
    run_dir = pretrain(tiny_config(image_folder, tmp_path, objective="ab-mse", rotation_weight=1.0), progress=False)
    model, _, saved = load_colorizer(run_dir)
    assert saved["rotation_weight"] == 1.0 and model.rotation is not None
    encoder, info = load_encoder(run_dir)  # the head is not part of the encoder
    assert info["model"] == "unet-xs" and encoder.forward_features(torch.randn(1, 1, 32, 32))[-1].shape[1] == 128


def test_the_image_histogram_is_each_images_mean_soft_encoding():
    from ssl_colorize.color import rgb_to_lab
    from ssl_colorize.objectives import create_objective

    torch.manual_seed(0)
    objective = create_objective("ab-classify", output_stride=2)
    rgb = torch.rand(5, 3, 8, 8)
    rgb[0] = torch.tensor([0.8, 0.2, 0.1]).view(3, 1, 1)  # one color everywhere
    lab = rgb_to_lab(rgb)
    histogram = objective.image_histogram(lab)
    assert histogram.shape == (5, 262)
    torch.testing.assert_close(histogram.sum(dim=1), torch.ones(5))
    for image in range(5):  # one image at a time, a dense one-hot sum: the batched scatter agrees
        idx, weights = objective.soft_encode(objective._target_ab(lab[image : image + 1]))
        dense = torch.zeros(idx.shape[0], 262).scatter_(1, idx, weights).mean(dim=0)
        torch.testing.assert_close(histogram[image], dense)
    idx, weights = objective.soft_encode(objective._target_ab(lab[:1, :, :2, :2]))
    assert torch.equal(histogram[0].nonzero().flatten().sort().values, idx[0].sort().values)  # the color's bins


def test_the_histogram_step_adds_the_weighted_histogram_loss_and_learns_it():
    from ssl_colorize.models.colorizer import build_colorizer

    torch.manual_seed(0)
    settings = {"objective": "ab-classify", "model": "unet-xs", "output_stride": 4, "rebalance_lambda": 1.0,
                "histogram_weight": 2.0}  # fmt: skip
    model, objective = build_colorizer(settings)
    step = ColorizationStep(model.train(), objective, histogram_weight=2.0)
    # Two kinds of image the gray tells apart: bright sky-blue, and dark textured green.
    rgb = torch.empty(16, 3, 16, 16)
    rgb[:8] = torch.tensor([0.4, 0.6, 0.9]).view(3, 1, 1)
    rgb[8:] = torch.tensor([0.1, 0.4, 0.1]).view(3, 1, 1) * (0.7 + 0.6 * torch.rand(8, 1, 16, 16))
    net_input, targets = step.inputs(rgb, torch.zeros(16, dtype=torch.long))
    colors, heads = model(net_input)
    histogram = objective.image_histogram(targets[1])
    cross_entropy = -(histogram * torch.log_softmax(heads["histogram"], dim=1)).sum(dim=1).mean()
    expected = objective.loss(colors, *targets[:2]) + 2.0 * cross_entropy
    torch.testing.assert_close(step.loss((colors, heads), targets), expected)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    entropy = -(histogram * histogram.clamp(min=1e-12).log()).sum(dim=1).mean()
    gaps = []
    for _ in range(60):
        colors, heads = model(net_input)
        cross_entropy = -(histogram * torch.log_softmax(heads["histogram"], dim=1)).sum(dim=1).mean()
        gaps.append((cross_entropy - entropy).item())  # the KL divergence from the true histograms
        optimizer.zero_grad()
        step.loss((colors, heads), targets).backward()
        optimizer.step()
    assert gaps[0] > 3.0 and gaps[-1] < 0.3  # from uniform over 262 bins to each kind's own colors
    model.eval()
    assert torch.allclose(step.loss(model(net_input), targets), objective.loss(model(net_input), *targets[:2]))


def test_the_histogram_head_needs_ab_classify_and_is_saved_with_the_run(image_folder, tmp_path):
    with pytest.raises(UserError, match="needs --objective ab-classify"):
        tiny_config(image_folder, tmp_path, objective="ab-mse", histogram_weight=1.0).validate()
    run_dir = pretrain(tiny_config(image_folder, tmp_path, output_stride=4, histogram_weight=1.0), progress=False)
    model, objective, saved = load_colorizer(run_dir)
    assert saved["histogram_weight"] == 1.0 and model.histogram.out_features == objective.out_channels
    encoder, _ = load_encoder(run_dir)  # the head is not part of the encoder
    assert not any("histogram" in name for name in encoder.state_dict())


def test_vicreg_loss_is_small_for_matching_spread_views_and_penalizes_collapse_and_correlation():
    from ssl_colorize.views import vicreg_loss

    torch.manual_seed(0)
    spread = torch.randn(4096, 16) * 2  # independent dimensions, standard deviation above the floor of 1
    assert vicreg_loss(spread, spread) < 0.01
    torch.testing.assert_close(vicreg_loss(spread, spread + 1), torch.tensor(1.0), atol=0.01, rtol=0)  # distance
    collapsed = torch.zeros(64, 16)
    torch.testing.assert_close(vicreg_loss(collapsed, collapsed), torch.tensor(0.99), atol=1e-3, rtol=0)
    correlated = spread[:, :1].expand(-1, 16)  # every dimension the same: spread, but one dimension's worth
    assert vicreg_loss(correlated, correlated) > 20 * vicreg_loss(spread, spread) + 1.0


def test_the_view_step_adds_the_weighted_vicreg_loss_of_two_views_and_learns_invariance():
    import torch.nn.functional as F

    from ssl_colorize.models.colorizer import build_colorizer
    from ssl_colorize.views import vicreg_loss

    torch.manual_seed(0)
    settings = {"objective": "ab-classify", "model": "unet-xs", "output_stride": 4, "rebalance_lambda": 1.0,
                "view_weight": 5.0}  # fmt: skip
    # Weight 5, so the view term leads these 40 steps: at 0.5 the colorization loss takes over after about 15 and
    # whether the views end near each other depended on the CPU's kernels (apart again on an AMX Xeon).
    model, objective = build_colorizer(settings)
    step = ColorizationStep(model.train(), objective, view_weight=5.0)
    rgb = F.interpolate(torch.rand(32, 3, 4, 4), size=16, mode="bilinear")  # coarse patterns crops keep
    (first, second), targets = step.inputs(rgb, torch.zeros(32, dtype=torch.long))
    assert first.shape == second.shape == (32, 1, 16, 16) and not torch.allclose(first, second)
    colors, heads = model((first, second))
    expected = objective.loss(colors, *targets[:2]) + 5.0 * vicreg_loss(heads["view"][:32], heads["view"][32:])
    torch.testing.assert_close(step.loss((colors, heads), targets), expected)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    closeness, spread = [], []  # one image's two views against two images' views; the embeddings' spread
    for _ in range(40):
        colors, heads = model((first, second))
        mine, other = heads["view"].detach().chunk(2)
        distances = torch.cdist(mine, other).pow(2)
        same = distances.diagonal().mean()
        closeness.append((same / ((distances.sum() - distances.diagonal().sum()) / (32 * 31))).item())
        spread.append(mine.std(dim=0).mean().item())
        optimizer.zero_grad()
        step.loss((colors, heads), targets).backward()
        optimizer.step()
    assert closeness[0] > 0.7 and closeness[-1] < 0.3  # the views of one image end nearer each other than others
    assert spread[-1] > 0.5 * spread[0]  # without collapsing to a point
    model.eval()
    net_input, targets = step.inputs(rgb, torch.zeros(32, dtype=torch.long))
    assert not isinstance(net_input, tuple)  # validation is single-view and colorization-only
    torch.testing.assert_close(step.loss(model(net_input), targets), objective.loss(model(net_input), *targets[:2]))


def test_a_view_run_saves_its_projector_with_the_colorizer_but_not_the_encoder(image_folder, tmp_path):
    run_dir = pretrain(tiny_config(image_folder, tmp_path, view_weight=1.0), progress=False)
    model, _, saved = load_colorizer(run_dir)
    assert saved["view_weight"] == 1.0 and model.view[-1].out_features == 1024
    encoder, _ = load_encoder(run_dir)
    assert not any("view" in name for name in encoder.state_dict())


def test_a_coarse_ab_grid_run_predicts_its_own_bins_and_reloads_with_them(image_folder, tmp_path):
    with pytest.raises(UserError, match="needs --objective ab-classify"):
        tiny_config(image_folder, tmp_path, objective="ab-mse", ab_grid=20.0).validate()
    run_dir = pretrain(tiny_config(image_folder, tmp_path, output_stride=4, ab_grid=20.0), progress=False)
    model, objective, saved = load_colorizer(run_dir)
    assert saved["ab_grid"] == 20.0 and objective.out_channels == 76  # against 262 bins at the default 10
    assert torch.all(objective.bins.remainder(20) == 0) and objective.sigma == 10.0
    logits = model(torch.zeros(2, 1, 16, 16))  # no auxiliary heads: the logits alone
    assert logits.shape == (2, 76, 4, 4) and objective.predict_ab(logits).shape == (2, 2, 4, 4)
    encoder, _ = load_encoder(run_dir)  # transfer reads the colorizer's own encoder, as from any other run
    for name, weight in encoder.state_dict().items():
        torch.testing.assert_close(weight, model.encoder.state_dict()[name])


def test_tone_jitter_changes_each_images_gray_monotonically_and_only_in_training():
    from ssl_colorize.color import input_to_l
    from ssl_colorize.models.colorizer import build_colorizer
    from ssl_colorize.train.pretrain import colorizer_inputs, jitter_tone

    torch.manual_seed(0)
    rgb = torch.rand(32, 3, 16, 16)
    gray, lab = colorizer_inputs(rgb)
    jittered, jittered_lab = colorizer_inputs(rgb, tone_jitter=0.5)
    assert jittered.shape == gray.shape and torch.equal(jittered_lab, lab)  # the targets keep the true colors
    assert jittered.min() >= -1 and jittered.max() <= 1
    changed = (jittered - gray).abs().flatten(1).amax(dim=1)
    assert (changed > 0.01).float().mean() > 0.9  # nearly every image its own curve
    lightness, l_jittered = input_to_l(gray).flatten(1), input_to_l(jittered).flatten(1)
    order = lightness.argsort(dim=1)
    assert (l_jittered.gather(1, order).diff(dim=1) >= -1e-4).all()  # a tone curve: it keeps each image's order
    torch.testing.assert_close(jitter_tone(lab[:, :1], 0.0), lab[:, :1].clamp(0, 100))  # strength 0: the identity
    model, objective = build_colorizer({"objective": "ab-mse", "model": "unet-xs"})
    step = ColorizationStep(model.train(), objective, tone_jitter=0.5)
    assert not torch.equal(step.inputs(rgb, torch.zeros(32, dtype=torch.long))[0], gray)
    model.eval()
    assert torch.equal(step.inputs(rgb, torch.zeros(32, dtype=torch.long))[0], gray)  # validation sees the truth


def test_color_hints_show_each_cells_mean_color_on_a_share_of_the_cells():
    from ssl_colorize.color import AB_SCALE, rgb_to_lab
    from ssl_colorize.train.pretrain import HINT_CELL, color_hints, colorizer_inputs

    torch.manual_seed(0)
    rgb = torch.rand(64, 3, 16, 16)
    lab = rgb_to_lab(rgb)
    hints = color_hints(lab, max_share=1.0)
    assert hints.shape == (64, 2, 16, 16)
    cells = torch.nn.functional.avg_pool2d(lab[:, 1:], HINT_CELL) / AB_SCALE  # (64, 2, 4, 4)
    shown = hints[:, :, ::HINT_CELL, ::HINT_CELL].abs().sum(dim=1) > 0  # (64, 4, 4)
    torch.testing.assert_close(hints[:, :, ::HINT_CELL, ::HINT_CELL], cells * shown.unsqueeze(1))
    blocks = hints.unfold(2, HINT_CELL, HINT_CELL).unfold(3, HINT_CELL, HINT_CELL)  # each cell one color
    assert torch.equal(blocks, blocks[..., :1, :1].expand_as(blocks))
    assert 0.35 < shown.float().mean() < 0.65  # shares drawn from [0, 1]: half the cells on average
    assert shown.float().mean(dim=(1, 2)).std() > 0.15  # each image its own share
    few = color_hints(lab, max_share=0.1)[:, :, ::HINT_CELL, ::HINT_CELL].abs().sum(dim=1) > 0
    assert 0 < few.float().mean() < 0.1  # shares drawn from [0, 0.1]: 5% of the cells on average
    gray, _ = colorizer_inputs(rgb)
    hinted, _ = colorizer_inputs(rgb, hint_share=0.5)
    assert gray.shape == (64, 1, 16, 16) and hinted.shape == (64, 3, 16, 16) and torch.equal(hinted[:, :1], gray)


def test_mask_share_hides_the_gray_in_whole_cells_on_a_share_of_them_and_only_in_training():
    from ssl_colorize.models.colorizer import build_colorizer
    from ssl_colorize.train.pretrain import MASK_CELL, colorizer_inputs

    torch.manual_seed(0)
    rgb = torch.rand(64, 3, 32, 32) * 0.8 + 0.1  # no pixel at L = 50 exactly, so 0 marks a hidden one
    gray, lab = colorizer_inputs(rgb)
    masked, masked_lab = colorizer_inputs(rgb, mask_share=0.8)
    assert masked.shape == gray.shape == (64, 1, 32, 32) and torch.equal(masked_lab, lab)  # targets stay whole
    hidden = masked == 0
    assert torch.equal(masked[~hidden], gray[~hidden])  # the rest of the gray is untouched
    blocks = hidden.unfold(2, MASK_CELL, MASK_CELL).unfold(3, MASK_CELL, MASK_CELL)  # (64, 1, 4, 4, 8, 8)
    assert torch.equal(blocks, blocks[..., :1, :1].expand_as(blocks))  # whole cells hidden or none
    per_image = hidden.float().mean(dim=(1, 2, 3))
    assert per_image.max() <= 1 and 0.3 < per_image.mean() < 0.5  # shares from [0, 0.8]: 40% on average
    assert per_image.std() > 0.1  # each image its own share
    assert torch.equal(colorizer_inputs(rgb, mask_share=0.0)[0], gray)
    model, objective = build_colorizer({"objective": "ab-mse", "model": "unet-xs"})
    step = ColorizationStep(model.train(), objective, mask_share=0.8)
    assert (step.inputs(rgb, torch.zeros(64, dtype=torch.long))[0] == 0).any()
    model.eval()
    assert torch.equal(step.inputs(rgb, torch.zeros(64, dtype=torch.long))[0], gray)  # validation sees it whole


def test_a_hinted_colorizer_reads_gray_as_no_hints_and_validates_without_them():
    from ssl_colorize.models.colorizer import build_colorizer

    torch.manual_seed(0)
    model, objective = build_colorizer({"objective": "ab-mse", "model": "unet-xs", "color_hints": 0.5})
    assert model.encoder.in_chans == 3
    step = ColorizationStep(model.train(), objective, hint_share=0.5)
    rgb = torch.rand(8, 3, 16, 16)
    net_input, _ = step.inputs(rgb, torch.zeros(8, dtype=torch.long))
    assert net_input.shape[1] == 3 and net_input[:, 1:].abs().sum() > 0
    model.eval()
    gray, _ = step.inputs(rgb, torch.zeros(8, dtype=torch.long))
    assert gray.shape[1] == 1  # validation: no hints, so its loss compares with unhinted runs
    zeros = torch.zeros(8, 2, 16, 16)
    torch.testing.assert_close(model(gray), model(torch.cat([gray, zeros], dim=1)))  # gray = a, b zero


def test_pretraining_with_color_hints_learns_to_use_them_and_its_encoder_transfers(image_folder, tmp_path):
    from ssl_colorize.data.datasets import load_split
    from ssl_colorize.models.encoder_io import export_pretrained
    from ssl_colorize.train.pretrain import colorizer_inputs
    from ssl_colorize.train.transfer import run_transfer
    from ssl_colorize.train.transfer_config import TransferConfig

    config = tiny_config(image_folder, tmp_path, objective="ab-mse", color_hints=1.0, epochs=6)
    run_dir = pretrain(config, progress=False)
    rows = read_metrics(run_dir)
    assert float(rows[-1]["train_loss"]) < float(rows[0]["train_loss"])
    model, objective, saved = load_colorizer(run_dir)
    assert saved["color_hints"] == 1.0 and model.encoder.in_chans == 3
    rgb = load_split("folder", image_folder, "train").images[:32].float() / 255
    torch.manual_seed(1)
    hinted, lab = colorizer_inputs(rgb, hint_share=1.0)
    with torch.no_grad():
        with_hints = objective.loss(model(hinted), rgb, lab)
        without = objective.loss(model(hinted[:, :1]), rgb, lab)
    assert with_hints < without  # the hints carry information the model learned to read
    encoder, _ = load_encoder(run_dir)
    exported, _ = load_encoder(export_pretrained(run_dir, tmp_path / "hinted.safetensors"))
    assert encoder.in_chans == exported.in_chans == 3
    for a, b in zip(encoder(hinted[:4, :1]), exported(hinted[:4, :1]), strict=True):  # gray input
        assert torch.equal(a, b)
    train, test = load_split("folder", image_folder, "train"), load_split("folder", image_folder, "test")
    results = tmp_path / "hinted.csv"
    for mode, kind in (("linear", "gray"), ("finetune", "gray"), ("finetune", "lab")):
        transfer = TransferConfig(
            dataset="folder", data_dir=str(image_folder), model="unet-xs", device="cpu", precision="fp32",
            mode=mode, encoder=str(run_dir), input=kind, min_steps=2, epochs=1, batch_size=16,
        )  # fmt: skip
        run_transfer(transfer, train, test, results)
    assert len(pd.read_csv(results)) == 3
