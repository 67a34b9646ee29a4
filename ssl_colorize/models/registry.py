"""Model sizes by name, created through one function."""

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
DEFAULT_MODEL = "unet-s"


def create_encoder(name: str, in_chans: int = 1) -> UNetEncoder:
    """The encoder of the named model size."""
    if name not in ENCODER_WIDTHS:
        raise UserError(f"unknown model {name!r}; choose one of {', '.join(ENCODER_WIDTHS)}")
    return UNetEncoder(ENCODER_WIDTHS[name], in_chans=in_chans)


def create_model(name: str, out_channels: int = 3, output_stride: int = 1) -> nn.Module:
    """A U-Net colorizer by size name: (B, 1, H, W) -> (B, out_channels, H/stride, W/stride)."""
    return UNet(create_encoder(name), out_channels, output_stride)
