"""A U-Net whose encoder is a module of its own with a timm-like contract.

Encoder: `forward_features(x) -> [stage maps]`, `feature_info` (channels and reduction per stage),
`num_features`. The decoder is built from `feature_info`, so any encoder honoring the contract plugs in.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class FeatureInfo:
    """One encoder stage: its channel count and its stride relative to the input."""

    num_chs: int
    reduction: int


def pad_channels(x: torch.Tensor, channels: int) -> torch.Tensor:
    """(B, c, H, W) with c <= channels -> (B, channels, H, W), zeros appended. An encoder that reads
    colors (L, a, b) sees a gray input (L) as L with a = b = 0: in Lab that is the gray image itself."""
    if x.shape[1] == channels:
        return x
    if x.shape[1] > channels:  # F.pad would crop them away silently
        raise ValueError(f"the encoder reads {channels} input channels, got {x.shape[1]}")
    return F.pad(x, (0, 0, 0, 0, 0, channels - x.shape[1])).contiguous(memory_format=torch.channels_last)


def conv_block(in_channels: int, out_channels: int, convs: int = 2) -> nn.Sequential:
    """`convs` times 3x3 conv + BatchNorm + ReLU; two is the classic U-Net unit. One flat Sequential, so
    a deeper block keeps the two-conv block's parameter names for its first two convs."""
    layers: list[nn.Module] = []
    for i in range(convs):
        layers += [
            nn.Conv2d(in_channels if i == 0 else out_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        ]
    return nn.Sequential(*layers)


class ResidualUnit(nn.Module):
    """ResNet's basic block at a fixed width: (B, C, H, W) -> relu(x + bn(conv(relu(bn(conv(x)))))). Its last
    BatchNorm starts at zero (Goyal et al. 2017), so a stage of these starts as the identity and a deeper
    encoder starts as the shallower one."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = conv_block(channels, channels)[:-1]  # no ReLU before the sum
        nn.init.zeros_(self.body[-1].weight)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(x + self.body(x))


def encoder_stage(in_channels: int, out_channels: int, convs: int, residual: bool) -> nn.Sequential:
    """One encoder stage of `convs` 3x3 convs: a plain stack, or (residual) a two-conv block followed by
    residual units of two convs each."""
    if not residual:
        return conv_block(in_channels, out_channels, convs)
    if convs < 2 or convs % 2:
        raise ValueError(f"a residual stage holds an even number of convs (at least 2), got {convs}")
    units = [ResidualUnit(out_channels) for _ in range(convs // 2 - 1)]
    return nn.Sequential(conv_block(in_channels, out_channels), *units)


class UNetEncoder(nn.Module):
    """Stages of `convs_per_stage` 3x3 convs each (`encoder_stage`: plain, or residual after the first
    two); each stage after the first halves the resolution (max pool).

    x (B, in_chans, H, W) -> list of (B, widths[i], H / 2**i, W / 2**i); fewer input channels than
    in_chans are padded with zeros (`pad_channels`).
    """

    def __init__(
        self,
        widths: tuple[int, ...] = (32, 64, 128, 256),
        in_chans: int = 1,
        convs_per_stage: int = 2,
        residual: bool = False,
    ) -> None:
        super().__init__()
        self.in_chans = in_chans
        self.stages = nn.ModuleList()
        previous = in_chans
        for width in widths:
            self.stages.append(encoder_stage(previous, width, convs_per_stage, residual))
            previous = width
        self.pool = nn.MaxPool2d(2)
        self.feature_info = [FeatureInfo(w, 2**i) for i, w in enumerate(widths)]
        self.num_features = widths[-1]

    def forward_features(self, x: torch.Tensor) -> list[torch.Tensor]:
        x = pad_channels(x, self.in_chans)
        features = []
        for i, stage in enumerate(self.stages):
            x = stage(self.pool(x) if i > 0 else x)
            features.append(x)
        return features

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        return self.forward_features(x)


class UNetDecoder(nn.Module):
    """Upsample, concatenate the skip connection, conv block; stops at `output_stride`.

    Stopping early (output_stride 2, 4 or 8) lets ab-classify predict its bins at 1/stride resolution,
    which cuts the cost of the per-pixel softmax by stride**2 and leaves the colors to the deeper stages
    (stride 4 gave better features than 2 in the encoder study). With `skips=False` the decoder sees only the
    deepest stage (a plain encoder-decoder): every bit of color must pass through the bottleneck,
    which is a pretext lever for the deep stages' features.
    """

    def __init__(
        self, feature_info: list[FeatureInfo], out_channels: int, output_stride: int = 1, skips: bool = True
    ) -> None:
        super().__init__()
        self.skips = skips
        reductions = [info.reduction for info in feature_info]
        if output_stride not in reductions:
            raise ValueError(f"output stride {output_stride} is not one of the encoder's {reductions}")
        self.ups = nn.ModuleList()
        self.blocks = nn.ModuleList()
        deep = feature_info[-1].num_chs
        for skip in reversed(feature_info[:-1]):
            if skip.reduction < output_stride:
                break
            self.ups.append(nn.ConvTranspose2d(deep, skip.num_chs, 2, stride=2))
            self.blocks.append(conv_block((2 if skips else 1) * skip.num_chs, skip.num_chs))
            deep = skip.num_chs
        self.head = nn.Conv2d(deep, out_channels, 1)

    def forward(self, features: list[torch.Tensor]) -> torch.Tensor:
        x = features[-1]
        skips = features[-2::-1]
        for up, block, skip in zip(self.ups, self.blocks, skips, strict=False):
            x = block(torch.cat([up(x), skip], dim=1) if self.skips else up(x))
        return self.head(x)


ROTATIONS = 4  # the auxiliary pretext's classes: 0, 90, 180, 270 degrees (Gidaris et al. 2018)


class UNet(nn.Module):
    """Encoder + decoder. (B, C, H, W) -> (B, out_channels, H / output_stride, W / output_stride), C up to
    the encoder's in_chans (1, or 3 for a colorizer trained with color hints).

    Optional global heads, on the pooled deepest stage (auxiliary pretexts that ask the deep stages
    about the whole image, which the skips let the per-pixel colors do without): `rotation_head`
    predicts how the input was turned (ROTATIONS classes), `histogram_bins` > 0 predicts the image's
    distribution over that many color bins, `view_dims` > 0 embeds the image (an MLP to that many
    dimensions, `view_projector`) for an invariance loss between two views of it. In training mode
    with any head the forward returns (colors, {"turn": (B, 4), "histogram": (B, Q)} logits of the
    heads it has). Given two views as a tuple ((B, C, H, W), (B, C, H, W)), the encoder reads both in
    one batch, the decoder and the other heads the first only, and the dict adds "view": (2B, D), the
    first view's embeddings then the second's. In eval mode it is a plain colorizer of the first view,
    so evaluation and photo colorization need not know.
    """

    def __init__(
        self, encoder: nn.Module, out_channels: int, output_stride: int = 1, skips: bool = True,
        rotation_head: bool = False, histogram_bins: int = 0, view_dims: int = 0,
    ) -> None:  # fmt: skip
        super().__init__()
        self.encoder = encoder
        self.decoder = UNetDecoder(encoder.feature_info, out_channels, output_stride, skips)
        self.rotation = nn.Linear(encoder.num_features, ROTATIONS) if rotation_head else None
        self.histogram = nn.Linear(encoder.num_features, histogram_bins) if histogram_bins > 0 else None
        self.view = view_projector(encoder.num_features, view_dims) if view_dims > 0 else None

    def forward(
        self, x: torch.Tensor | tuple[torch.Tensor, torch.Tensor]
    ) -> torch.Tensor | tuple[torch.Tensor, dict[str, torch.Tensor]]:
        first, second = x if isinstance(x, tuple) else (x, None)
        if second is not None and not self.training:
            second = None  # evaluation colorizes; the second view only serves the training loss
        batch = first.shape[0]
        # One encoder batch for both views; a second view without hints reads as a first one without (zeros).
        both = first if second is None else torch.cat([first, pad_channels(second, first.shape[1])])
        features = self.encoder.forward_features(both)
        own = features if second is None else [stage[:batch] for stage in features]
        colors = self.decoder(own)
        named = (("turn", self.rotation), ("histogram", self.histogram))
        heads = {name: head for name, head in named if head is not None}
        embed = second is not None and self.view is not None
        if not self.training or not (heads or embed):
            return colors
        pooled = features[-1].mean(dim=(2, 3))
        outputs = {name: head(pooled[:batch]) for name, head in heads.items()}
        if embed:
            outputs["view"] = self.view(pooled)
        return colors, outputs


def view_projector(in_features: int, dims: int) -> nn.Sequential:
    """(B, in_features) -> (B, dims): VICReg's expander (Bardes et al. 2022), three linear layers with
    BatchNorm and ReLU between; the loss acts on its output, so the encoder's own features need not be
    whitened, only informative."""
    return nn.Sequential(
        nn.Linear(in_features, dims, bias=False),
        nn.BatchNorm1d(dims),
        nn.ReLU(inplace=True),
        nn.Linear(dims, dims, bias=False),
        nn.BatchNorm1d(dims),
        nn.ReLU(inplace=True),
        nn.Linear(dims, dims),
    )
