import pytest
import torch

from ssl_colorize.errors import UserError
from ssl_colorize.models.heads import Classifier, Standardize, parse_pool
from ssl_colorize.models.inference import extract_features, recalibrate_batchnorm
from ssl_colorize.models.registry import create_encoder
from ssl_colorize.train.transfer import encoder_param_groups, fit_linear_head


def probe_predictions(features: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    standardize, head = Standardize(features.shape[1]), torch.nn.Linear(features.shape[1], 4)
    torch.nn.init.zeros_(head.weight), torch.nn.init.zeros_(head.bias)
    fit_linear_head(standardize, head, features, labels, 100, 1e-3)
    with torch.no_grad():
        return head(standardize(features)).softmax(1)


@pytest.mark.parametrize("encoder_kind", ["pretrained", "random"])
def test_probe_predictions_do_not_depend_on_the_features_units(encoder_kind, tmp_path):
    from conftest import synthetic_images, tiny_pretrained_run

    if encoder_kind == "pretrained":
        from ssl_colorize.models.encoder_io import load_encoder

        run_dir, _ = tiny_pretrained_run(tmp_path, "ab-mse", 32)
        encoder, _ = load_encoder(run_dir)
    else:
        encoder = create_encoder("unet-xs")  # untrained BatchNorm statistics: tiny deep-stage features
    images, labels = synthetic_images(48)
    model = Classifier(encoder, 4)
    features = extract_features(model, torch.from_numpy(images), torch.device("cpu"), "fp32")
    labels = torch.from_numpy(labels)
    reference = probe_predictions(features, labels)
    for scale in (1e-4, 1e4):
        scaled = probe_predictions(features * scale, labels)
        assert torch.allclose(scaled, reference, atol=2e-3), scale
        assert torch.equal(scaled.argmax(1), reference.argmax(1))


def test_standardize_is_not_dominated_by_its_eps_for_small_features():
    features = torch.randn(256, 3) * torch.tensor([1e-2, 1e-4, 1e-6])
    standardize = Standardize(3)
    standardize.fit(features)
    standardize.eval()
    assert torch.allclose(standardize(features).std(0, unbiased=False), torch.ones(3), atol=1e-3)
    standardize.train()  # batch statistics while finetuning: the same scale-free result
    assert torch.allclose(standardize(features).std(0, unbiased=False), torch.ones(3), atol=1e-3)


def test_constant_features_stay_finite_and_differentiable():
    features = torch.zeros(8, 2, requires_grad=True)
    out = Standardize(2).train()(features)
    out.sum().backward()
    assert torch.isfinite(out).all() and torch.isfinite(features.grad).all()


def test_batchnorm_recalibration_sets_statistics_from_the_images_only():
    from conftest import synthetic_images

    encoder = create_encoder("unet-xs")
    weights = {k: v.clone() for k, v in encoder.named_parameters()}
    images = torch.from_numpy(synthetic_images(40)[0])
    recalibrate_batchnorm(encoder, images, torch.device("cpu"), "fp32")
    first_norm = encoder.stages[0][1]
    assert not torch.allclose(first_norm.running_mean, torch.zeros_like(first_norm.running_mean))
    assert not encoder.training
    for key, value in encoder.state_dict().items():
        if key in weights:
            assert torch.equal(value, weights[key]), key


def test_pool_choices():
    assert parse_pool("all", 4) == [0, 1, 2, 3] and parse_pool("last", 4) == [3] and parse_pool("stage2", 4) == [1]
    for bad in ("stage0", "stage5", "mean", "stage"):
        with pytest.raises(UserError, match="--pool"):
            parse_pool(bad, 4)
    model = Classifier(create_encoder("unet-xs"), 3, "stage2")
    assert model.feature_dim == 32 and model(torch.randn(2, 1, 32, 32)).shape == (2, 3)


def test_a_pooling_grid_keeps_where_features_fired():
    encoder = create_encoder("unet-xs").eval()
    global_pool, grid_pool = Classifier(encoder, 3, "stage2"), Classifier(encoder, 3, "stage2", grid=2)
    images = torch.randn(2, 1, 32, 32)
    features = grid_pool.pooled_features(images)
    assert grid_pool.feature_dim == 32 * 4 and features.shape == (2, 32 * 4)
    assert grid_pool(images).shape == (2, 3)
    # the 2 x 2 cells of a channel average to its global mean; a left-right flip swaps the cells
    cells = features.view(2, 32, 2, 2)
    assert torch.allclose(cells.mean(dim=(2, 3)), global_pool.pooled_features(images), atol=1e-5)
    flipped = grid_pool.pooled_features(images.flip(3)).view(2, 32, 2, 2)
    assert not torch.allclose(flipped, cells, atol=1e-3)


def test_layer_decay_gives_shallower_stages_smaller_learning_rates():
    encoder = create_encoder("unet-xs")
    scales = [group["lr_scale"] for group in encoder_param_groups(encoder, 0.5, 0.5)]
    assert scales == [0.5 * 0.5**3, 0.5 * 0.5**2, 0.5 * 0.5, 0.5]
    resnet_groups = encoder_param_groups(create_encoder("resnet18"), 1.0, 0.5)
    assert [group["lr_scale"] for group in resnet_groups] == [0.5**4, 0.5**3, 0.5**2, 0.5, 1.0]  # stem first
    total = sum(p.numel() for group in resnet_groups for p in group["params"])
    assert total == sum(p.numel() for p in create_encoder("resnet18").parameters())
