import pytest
import torch

from ssl_colorize.errors import UserError
from ssl_colorize.models.registry import UNET_SIZES, create_encoder, create_model
from ssl_colorize.models.unet import UNetEncoder


@pytest.mark.parametrize("name", sorted(UNET_SIZES))
def test_every_size_maps_gray_32_to_rgb_32(name):
    model = create_model(name, out_channels=3)
    out = model(torch.randn(2, 1, 32, 32))
    assert out.shape == (2, 3, 32, 32)


@pytest.mark.parametrize("name", sorted(UNET_SIZES))
def test_encoder_contract(name):
    encoder = create_encoder(name)
    features = encoder.forward_features(torch.randn(2, 1, 32, 32))
    assert len(features) == len(encoder.feature_info)
    for feature, info in zip(features, encoder.feature_info, strict=True):
        assert feature.shape == (2, info.num_chs, 32 // info.reduction, 32 // info.reduction)
    assert encoder.num_features == encoder.feature_info[-1].num_chs


def test_output_stride_two_predicts_at_half_resolution():
    model = create_model("unet-xs", out_channels=262, output_stride=2)
    assert model(torch.randn(1, 1, 32, 32)).shape == (1, 262, 16, 16)


def test_larger_inputs_work():
    assert create_model("unet-xs", 2)(torch.randn(1, 1, 64, 48)).shape == (1, 2, 64, 48)


def test_unknown_size_is_a_user_error():
    with pytest.raises(UserError, match="unknown model"):
        create_model("unet-xxl")


def test_resnet18_has_the_cifar_stem_and_the_encoder_contract():
    encoder = create_encoder("resnet18")
    assert encoder.stem[0].kernel_size == (3, 3) and encoder.stem[0].stride == (1, 1)
    features = encoder.forward_features(torch.randn(2, 1, 32, 32))
    assert [tuple(f.shape[1:]) for f in features] == [(64, 32, 32), (128, 16, 16), (256, 8, 8), (512, 4, 4)]
    assert [info.reduction for info in encoder.feature_info] == [1, 2, 4, 8] and encoder.num_features == 512


@pytest.mark.parametrize(
    ("objective", "stride"),
    [("rgb-mse", 1), ("ab-mse", 1), ("ab-classify", 1), ("ab-classify", 2), ("ab-classify", 4), ("ab-classify", 8)],
)
def test_resnet18_unet_shapes_for_every_objective_and_stride(objective, stride):
    from ssl_colorize.objectives import create_objective

    kwargs = {"output_stride": stride} if objective == "ab-classify" else {}
    target = create_objective(objective, **kwargs)
    model = create_model("resnet18", target.out_channels, target.output_stride)
    assert model(torch.randn(2, 1, 32, 32)).shape == (2, target.out_channels, 32 // stride, 32 // stride)


@pytest.mark.parametrize("name", ["unet-xs", "resnet18"])
def test_unet_without_skips_predicts_the_same_shape(name):
    model = create_model(name, out_channels=2, skips=False)
    assert model(torch.randn(1, 1, 32, 32)).shape == (1, 2, 32, 32)


@pytest.mark.parametrize("name", ["unet-xs", "resnet18"])
def test_a_rotation_head_adds_turn_logits_in_training_only(name):
    torch.manual_seed(0)
    model = create_model(name, out_channels=2, rotation_head=True)
    x = torch.randn(3, 1, 32, 32)
    colors, heads = model.train()(x)
    assert colors.shape == (3, 2, 32, 32) and list(heads) == ["turn"] and heads["turn"].shape == (3, 4)
    heads["turn"].sum().backward()  # the turn's gradient reaches the encoder's first layer
    assert next(model.encoder.parameters()).grad.abs().sum() > 0
    assert model.eval()(x).shape == (3, 2, 32, 32)  # a plain colorizer for evaluation and photos


@pytest.mark.parametrize("name", ["unet-xs", "resnet18"])
def test_a_histogram_head_adds_bin_logits_beside_the_turn_in_training_only(name):
    torch.manual_seed(0)
    model = create_model(name, out_channels=262, output_stride=4, rotation_head=True, histogram_bins=262)
    x = torch.randn(3, 1, 32, 32)
    colors, heads = model.train()(x)
    assert colors.shape == (3, 262, 8, 8) and heads["turn"].shape == (3, 4) and heads["histogram"].shape == (3, 262)
    heads["histogram"].sum().backward()  # its gradient reaches the encoder's first layer
    assert next(model.encoder.parameters()).grad.abs().sum() > 0
    assert model.eval()(x).shape == (3, 262, 8, 8)


@pytest.mark.parametrize("name", ["unet-xs", "resnet18"])
def test_a_view_head_embeds_both_views_while_the_decoder_and_other_heads_see_the_first(name):
    torch.manual_seed(0)
    model = create_model(name, out_channels=262, output_stride=4, rotation_head=True, view_dims=64)
    first, second = torch.randn(3, 1, 32, 32), torch.randn(3, 1, 32, 32)
    colors, heads = model.train()((first, second))
    assert colors.shape == (3, 262, 8, 8) and heads["turn"].shape == (3, 4) and heads["view"].shape == (6, 64)
    assert list(model.train()(first)[1]) == ["turn"]  # one view: nothing to compare, no embedding
    heads["view"][3:].sum().backward()  # the second view's embedding trains the encoder's first layer
    assert next(model.encoder.parameters()).grad.abs().sum() > 0
    model.eval()
    torch.testing.assert_close(model((first, second)), model(first))  # evaluation colorizes the first view


@pytest.mark.parametrize("name", ["unet-xs", "resnet18"])
def test_a_widened_encoder_computes_the_gray_features_whatever_the_colors(name):
    from ssl_colorize.models.encoder_io import widen_input

    torch.manual_seed(0)
    encoder = create_encoder(name).eval()
    gray = torch.randn(2, 1, 32, 32)
    expected = encoder.forward_features(gray)
    widen_input(encoder, 3)
    assert encoder.in_chans == 3
    for colors in (torch.zeros(2, 2, 32, 32), torch.randn(2, 2, 32, 32)):
        for got, want in zip(encoder.forward_features(torch.cat([gray, colors], dim=1)), expected, strict=True):
            torch.testing.assert_close(got, want)
    first_conv = next(m for m in encoder.modules() if isinstance(m, torch.nn.Conv2d))
    assert widen_input(encoder, 3) is encoder and first_conv in encoder.modules()  # reads 3 already: as it is
    with pytest.raises(UserError, match="only a gray"):
        widen_input(encoder, 4)


@pytest.mark.parametrize("name", ["unet-xs", "resnet18"])
def test_an_encoder_that_reads_colors_sees_a_gray_input_as_zero_colors(name):
    torch.manual_seed(0)
    encoder = create_encoder(name, in_chans=3).eval()
    gray = torch.randn(2, 1, 32, 32)
    padded = torch.cat([gray, torch.zeros(2, 2, 32, 32)], dim=1)
    for got, want in zip(encoder.forward_features(gray), encoder.forward_features(padded), strict=True):
        torch.testing.assert_close(got, want)
    with pytest.raises(ValueError, match="reads 1 input channels, got 3"):
        create_encoder(name).forward_features(padded)  # more channels than it reads: never cropped


def count_convs(encoder: torch.nn.Module) -> int:
    return sum(isinstance(module, torch.nn.Conv2d) for module in encoder.modules())


def test_the_deep_size_doubles_unet_s_convs_and_keeps_its_parameter_names():
    shallow, deep = create_encoder("unet-s"), create_encoder("unet-s-deep")
    assert (count_convs(shallow), count_convs(deep)) == (8, 16)
    assert [info.num_chs for info in deep.feature_info] == [info.num_chs for info in shallow.feature_info]
    # Saved unet-s encoders load by name: a deeper stage only appends layers to the two-conv block's.
    assert set(shallow.state_dict()) < set(deep.state_dict())


def test_the_residual_deep_size_starts_as_unet_s():
    shallow, deep = create_encoder("unet-s").eval(), create_encoder("unet-s-deep-res").eval()
    assert count_convs(deep) == 16
    for shallow_stage, deep_stage in zip(shallow.stages, deep.stages, strict=True):
        deep_stage[0].load_state_dict(shallow_stage.state_dict())  # the residual units keep their init
    x = torch.randn(2, 1, 32, 32)
    for ours, theirs in zip(deep(x), shallow(x), strict=True):
        torch.testing.assert_close(ours, theirs)


def test_a_residual_stage_needs_pairs_of_convs():
    with pytest.raises(ValueError, match="even number of convs"):
        UNetEncoder((8, 16), convs_per_stage=3, residual=True)
