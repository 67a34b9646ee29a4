"""Encoders and U-Net colorizers by name, created through one function each."""

from torch import nn

from ssl_colorize.errors import UserError
from ssl_colorize.models.unet import UNet, UNetEncoder

# Encoder stage widths per size. unet-s is the default: it trains 10 CIFAR epochs in tens of
# minutes on 2 CPU cores. Each has 4 stages (reductions 1, 2, 4, 8).
ENCODER_WIDTHS: dict[str, tuple[int, ...]] = {
    "unet-xs": (16, 32, 64, 128),
    "unet-s": (32, 64, 128, 256),
    "unet-m": (64, 128, 256, 512),
}
# timm backbones with a CIFAR stem (see timm_encoder.py); same feature_info contract.
TIMM_ENCODERS = ("resnet18",)
MODELS = (*ENCODER_WIDTHS, *TIMM_ENCODERS)
DEFAULT_MODEL = "unet-s"


def create_encoder(name: str, in_chans: int = 1) -> nn.Module:
    """The encoder of the named model: forward_features(x) -> 4 stage maps at reductions 1, 2, 4, 8."""
    if name in ENCODER_WIDTHS:
        return UNetEncoder(ENCODER_WIDTHS[name], in_chans=in_chans)
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
