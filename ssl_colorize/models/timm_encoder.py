"""A timm backbone as a U-Net encoder: ResNet-18 with the CIFAR stem of the literature's tables.

The CIFAR stem (3x3 conv, stride 1, no max-pool) keeps 32x32 inputs at full resolution in the first
stage, so the four residual stages have reductions 1, 2, 4, 8: the same `feature_info` contract as
the U-Net encoders, which lets the U-Net decoder and the transfer classifier use it unchanged.
"""

import timm
import torch
from torch import nn

from ssl_colorize.models.unet import FeatureInfo, pad_channels


class TimmEncoder(nn.Module):
    """x (B, in_chans, H, W) -> [layer1..layer4 maps], (B, C_i, H / 2**i, W / 2**i) for resnet18; fewer
    input channels are padded with zeros (`pad_channels`)."""

    def __init__(self, name: str = "resnet18", in_chans: int = 1) -> None:
        super().__init__()
        self.in_chans = in_chans
        backbone = timm.create_model(name, pretrained=False, in_chans=in_chans, num_classes=0, global_pool="")
        stem_width = backbone.conv1.out_channels
        backbone.conv1 = nn.Conv2d(in_chans, stem_width, 3, stride=1, padding=1, bias=False)
        backbone.maxpool = nn.Identity()
        self.stem = nn.Sequential(backbone.conv1, backbone.bn1, backbone.act1)
        self.stages = nn.ModuleList([backbone.layer1, backbone.layer2, backbone.layer3, backbone.layer4])
        widths = [stage[-1].bn2.num_features for stage in self.stages]
        self.feature_info = [FeatureInfo(w, 2**i) for i, w in enumerate(widths)]
        self.num_features = widths[-1]

    def forward_features(self, x: torch.Tensor) -> list[torch.Tensor]:
        x = self.stem(pad_channels(x, self.in_chans))
        features = []
        for stage in self.stages:
            x = stage(x)
            features.append(x)
        return features

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        return self.forward_features(x)
