import pandas as pd
import pytest

from ssl_colorize.errors import UserError
from ssl_colorize.eval.evaluate import EvaluateConfig, evaluate


@pytest.fixture(scope="module")
def colorizer_run(tmp_path_factory):
    from conftest import tiny_pretrained_run

    return tiny_pretrained_run(tmp_path_factory.mktemp("evaluate"), "ab-classify", 64)


def config_for(folder, **overrides) -> EvaluateConfig:
    values = dict(dataset="folder", data_dir=str(folder), device="cpu", precision="fp32", classifier_epochs=1)
    return EvaluateConfig(**{**values, **overrides})


def test_evaluate_writes_a_row_per_model_and_reuses_the_classifier_only_for_the_same_settings(colorizer_run, tmp_path):
    run_dir, folder = colorizer_run
    classifier = tmp_path / "color.pt"
    results = tmp_path / "evaluate.csv"
    rows = evaluate(config_for(folder, classifier=str(classifier)), ["gray", str(run_dir)], results, tmp_path / "f.png")
    assert [r["pretext"] for r in rows] == ["gray", "ab-classify"] and classifier.is_file()
    assert rows[0]["colorfulness"] < 1.0 and rows[0]["eval_split"] == "test" and rows[0]["images"] == 16
    assert len(pd.read_csv(results)) == 2 and (tmp_path / "f.png").is_file()
    again = evaluate(config_for(folder, classifier=str(classifier)), ["gray"], None, None)
    assert again[0]["top1_gray"] == rows[0]["top1_gray"]  # same settings: the cached classifier
    with pytest.raises(UserError, match="trained with other settings"):
        evaluate(config_for(folder, classifier=str(classifier), limit=20), ["gray"], None, None)


def test_evaluate_without_the_classifier_says_not_measured(colorizer_run):
    run_dir, folder = colorizer_run
    rows = evaluate(config_for(folder, semantic=False, eval_split="val"), [str(run_dir)], None, None)
    assert rows[0]["top1_colorized"] == "not measured" and rows[0]["eval_split"] == "val"
    assert rows[0]["images"] == 6  # the validation hold-out of the 64 training images


def test_evaluate_on_a_folder_without_test_split_is_an_error(tmp_path):
    from conftest import write_image_folder

    folder = write_image_folder(tmp_path / "flat", 40, splits=False)
    with pytest.raises(UserError, match="no test/ folder"):
        evaluate(config_for(folder, semantic=False), ["gray"], None, None)


def test_a_model_that_is_not_a_colorizer_fails_before_the_data_is_read(tmp_path):
    encoder_only = tmp_path / "encoder.safetensors"
    encoder_only.write_bytes(b"{}")
    missing_data = config_for(tmp_path / "no-data")  # the data error would come first if data were read first
    for spec, message in ((tmp_path / "no-run", "does not exist"), (encoder_only, "holds an encoder only")):
        with pytest.raises(UserError, match=message):
            evaluate(missing_data, ["gray", str(spec)], None, None)


def test_figure_rows_tell_runs_of_one_objective_apart():
    from ssl_colorize.eval.evaluate import figure_label

    assert figure_label("runs/pretrain/20261127-085141-norebal", "ab-classify") == "ab-classify norebal"
    assert figure_label("runs/pretrain/20261127-085141-ab-classify-unet-s/best.pt", "ab-classify") == (
        "ab-classify-unet-s"
    )
    assert figure_label("model.pt", "rgb-mse") == "rgb-mse model"


def test_colorization_scores_are_perfect_for_the_truth_floor_for_gray_and_do_not_depend_on_the_batch():
    import math

    import torch

    from ssl_colorize.eval.evaluate import GrayColorizer, colorization_scores, colorize_split

    torch.manual_seed(0)
    truth = torch.randint(0, 256, (10, 3, 8, 8), dtype=torch.uint8)
    perfect = colorization_scores(truth, truth, batch_size=4)
    assert perfect["psnr"] == math.inf and perfect["ssim"] == 1.0 and perfect["colorfulness_ratio"] == 1.0
    assert perfect["auc_ab"] == perfect["auc_ab_rebalanced"] == 1.0
    gray = colorize_split(GrayColorizer(), truth, batch_size=4)  # true lightness, no color
    scores = colorization_scores(gray, truth, batch_size=3)
    assert scores["colorfulness"] < 1.0 and scores["colorfulness_truth"] == perfect["colorfulness_truth"]
    assert 0.0 < scores["auc_ab"] < 1.0 and 10.0 < scores["psnr"] < 40.0
    # one batch or four: the same split scores (to the rounding: the squared errors add up in another order)
    assert colorization_scores(gray, truth, batch_size=100) == pytest.approx(scores, abs=1e-3)
