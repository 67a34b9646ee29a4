import pytest
import torch

import ssl_colorize.data.splits as splits_module
from ssl_colorize.data.splits import default_val_size, load_protocol_splits, stratified_holdout
from ssl_colorize.errors import UserError
from ssl_colorize.train.transfer import load_transfer_data
from ssl_colorize.train.transfer_config import TransferConfig


def as_rows(images: torch.Tensor) -> set[bytes]:
    return {image.numpy().tobytes() for image in images}


def test_holdout_is_stratified_exact_and_independent_of_anything_but_labels_and_size():
    labels = torch.arange(1000) % 4
    kept, held = stratified_holdout(labels, 100, seed=7)
    assert torch.bincount(labels[held]).tolist() == [25] * 4
    assert len(kept) + len(held) == 1000 and not set(kept.tolist()) & set(held.tolist())
    again_kept, again_held = stratified_holdout(labels, 100, seed=7)
    assert torch.equal(held, again_held) and torch.equal(kept, again_kept)
    uneven = torch.cat([torch.zeros(90), torch.ones(10)]).long()
    assert torch.bincount(uneven[stratified_holdout(uneven, 10, 0)[1]]).tolist() == [9, 1]
    with pytest.raises(UserError, match="hold-out"):
        stratified_holdout(labels, 1000, 0)


def test_default_val_size_is_5000_for_cifar_and_a_tenth_below():
    assert default_val_size(50_000) == 5000 and default_val_size(640) == 64 and default_val_size(5) == 1


def test_validation_never_overlaps_fit_or_test(image_folder):
    splits = load_protocol_splits("folder", image_folder, val_size=12)
    assert len(splits.val) == 12 and len(splits.fit) == 64 - 12
    fit, val, test = as_rows(splits.fit.images), as_rows(splits.val.images), as_rows(splits.test.images)
    assert not fit & val and not val & test and not fit & test
    assert splits.test_source == "test split"


def test_a_folder_without_test_split_is_an_error_unless_a_test_holdout_is_asked(tmp_path):
    from conftest import write_image_folder

    folder = write_image_folder(tmp_path / "flat", 40, splits=False)
    config = TransferConfig(dataset="folder", data_dir=str(folder), eval_split="test", init="random")
    with pytest.raises(UserError, match="no test/ folder"):
        load_transfer_data(config)
    config.test_size = 8
    fit, test = load_transfer_data(config)
    assert len(test) == 8 and not as_rows(fit.images) & as_rows(test.images)
    splits = load_protocol_splits("folder", folder, test_size=8)
    assert len(splits.fit) + len(splits.val) + len(splits.test) == 40


def test_test_size_on_data_with_a_test_split_is_refused(image_folder):
    with pytest.raises(UserError, match="has its own test split"):
        load_protocol_splits("folder", image_folder, test_size=5)


def test_pretraining_never_reads_the_test_split(image_folder, tmp_path, monkeypatch):
    from ssl_colorize.train.pretrain import PretrainConfig, pretrain

    requested = []
    real_load_split = splits_module.load_split

    def recording_load_split(dataset, data_dir, split, *args, **kwargs):
        requested.append(split)
        return real_load_split(dataset, data_dir, split, *args, **kwargs)

    monkeypatch.setattr(splits_module, "load_split", recording_load_split)
    config = PretrainConfig(
        dataset="folder", data_dir=str(image_folder), model="unet-xs", epochs=2, batch_size=16, device="cpu",
        precision="fp32", out=str(tmp_path / "runs"),
    )  # fmt: skip
    run_dir = pretrain(config, progress=False)
    assert requested == ["train"], "best.pt must be chosen on the validation hold-out, never on test"
    import json

    saved = json.loads((run_dir / "config.json").read_text())
    assert saved["val_images"] == 6 and saved["train_images"] == 58
