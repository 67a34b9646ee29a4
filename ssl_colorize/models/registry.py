"""Encoders and U-Net colorizers by name, created through one function each."""

from dataclasses import dataclass

from torch import nn

from ssl_colorize.errors import UserError
from ssl_colorize.models.unet import UNet, UNetEncoder


@dataclass(frozen=True)
class UNetSize:
    """A U-Net encoder's shape: each stage's width, how many 3x3 convs each stage stacks, and whether the
    convs after a stage's first two are residual units."""

    widths: tuple[int, ...]
    convs_per_stage: int = 2
    residual: bool = False


# unet-s is the default: it trains 10 CIFAR epochs in tens of minutes on 2 CPU cores. Each has 4
# stages (reductions 1, 2, 4, 8). unet-m is the width lever (twice unet-s's channels), unet-s-deep the
# depth lever (twice its convs: 16, as many as resnet18's stages hold, at unet-s's widths), plain or
# with the added convs as residual units (unet-s-deep-res, which starts as unet-s).
UNET_SIZES: dict[str, UNetSize] = {
    "unet-xs": UNetSize((16, 32, 64, 128)),
    "unet-s": UNetSize((32, 64, 128, 256)),
    "unet-m": UNetSize((64, 128, 256, 512)),
    "unet-s-deep": UNetSize((32, 64, 128, 256), convs_per_stage=4),
    "unet-s-deep-res": UNetSize((32, 64, 128, 256), convs_per_stage=4, residual=True),
}
# timm backbones with a CIFAR stem (see timm_encoder.py); same feature_info contract.
TIMM_ENCODERS = ("resnet18",)
MODELS = (*UNET_SIZES, *TIMM_ENCODERS)
DEFAULT_MODEL = "unet-s"


def create_encoder(name: str, in_chans: int = 1) -> nn.Module:
    """The encoder of the named model: forward_features(x) -> 4 stage maps at reductions 1, 2, 4, 8."""
    if name in UNET_SIZES:
        size = UNET_SIZES[name]
        return UNetEncoder(size.widths, in_chans, size.convs_per_stage, size.residual)
    if name in TIMM_ENCODERS:
        from ssl_colorize.models.timm_encoder import TimmEncoder  # imports timm only when asked for

        return TimmEncoder(name, in_chans=in_chans)
    raise UserError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}")


def create_model(
    name: str,
    out_channels: int = 3,
    output_stride: int = 1,
    skips: bool = True,
    rotation_head: bool = False,
    in_chans: int = 1,
    histogram_bins: int = 0,
    view_dims: int = 0,
) -> nn.Module:
    """A U-Net colorizer: (B, in_chans, H, W) -> (B, out_channels, H/stride, W/stride) (see UNet for the
    global heads: rotation, histogram, view embedding)."""
    encoder = create_encoder(name, in_chans)
    return UNet(encoder, out_channels, output_stride, skips, rotation_head, histogram_bins, view_dims)
