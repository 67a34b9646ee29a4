"""Classifier inference over in-memory splits: network inputs, features, logits, accuracy.

Shared by transfer (probe features, scoring), evaluate (semantic interpretability) and the
benchmarks. Under torchrun each rank runs its shard of the images and every rank gets all rows.
"""

from collections.abc import Callable
from typing import NamedTuple

import torch

from ssl_colorize.color import gray_input_from_rgb, lab_input_from_rgb, uint8_to_float
from ssl_colorize.distributed import current_world
from ssl_colorize.models.heads import Classifier
from ssl_colorize.runtime import autocast

CHUNK = 512  # images per forward pass in inference


class InputKind(NamedTuple):
    """What a classifier sees: its channel count and the conversion RGB (B, 3, H, W) in [0, 1] -> input."""

    channels: int
    from_rgb: Callable[[torch.Tensor], torch.Tensor]


# The classifier input kinds by name (see classifier_input).
INPUT_KINDS = {
    "gray": InputKind(1, gray_input_from_rgb),
    "lab": InputKind(3, lab_input_from_rgb),
    "rgb": InputKind(3, lambda rgb: rgb * 2.0 - 1.0),
}


def classifier_input(rgb: torch.Tensor, kind: str = "gray") -> torch.Tensor:
    """RGB (B, 3, H, W), uint8 or float in [0, 1] -> classifier input, channels_last.

    kind "gray": (B, 1, H, W) scaled L, what colorization encoders see; "lab": (B, 3, H, W) the same L
    then ab / AB_SCALE (a pretrained encoder widened by `widen_input` starts as the gray network and
    can learn to use the colors); "rgb": (B, 3, H, W) in [-1, 1], for the color classifier that
    measures how recognizable colorized images are.
    """
    if rgb.dtype == torch.uint8:
        rgb = uint8_to_float(rgb)
    net_input = INPUT_KINDS[kind].from_rgb(rgb)
    return net_input.contiguous(memory_format=torch.channels_last)


@torch.no_grad()
def _map_chunks(function, images: torch.Tensor, device, precision: str, kind: str) -> torch.Tensor:
    """function(classifier input) over `images` (N, 3, H, W) uint8 in chunks, this rank's shard only,
    then all N rows (float32) gathered on every rank."""
    world = current_world()
    shard = images[world.shard(images.shape[0])]
    chunks = []
    for start in range(0, shard.shape[0], CHUNK):
        with autocast(device, precision):
            chunks.append(function(classifier_input(shard[start : start + CHUNK].to(device), kind)).float())
    return world.gather_rows(torch.cat(chunks), images.shape[0])


def extract_features(model: Classifier, images: torch.Tensor, device, precision: str, kind: str = "gray"):
    """Frozen encoder, eval mode: uint8 (N, 3, H, W) -> pooled features (N, D) float32 on device."""
    model.eval()
    return _map_chunks(model.pooled_features, images, device, precision, kind)


def evaluate_logits(model: Classifier, images: torch.Tensor, device, precision: str, kind: str = "gray"):
    """uint8 (N, 3, H, W) -> logits (N, C) float32, model in eval mode."""
    model.eval()
    return _map_chunks(model, images, device, precision, kind)


def topk_accuracy(logits: torch.Tensor, labels: torch.Tensor, k: int) -> float:
    """Share (in %) of rows whose label is among the k highest logits."""
    k = min(k, logits.shape[1])
    hits = (logits.topk(k, dim=1).indices == labels[:, None]).any(dim=1)
    return 100.0 * hits.float().mean().item()


@torch.no_grad()
def recalibrate_batchnorm(encoder: torch.nn.Module, images: torch.Tensor, device, precision: str) -> None:
    """Set every BatchNorm's running statistics to their average over `images` (N, 3, H, W) uint8.

    A random-init encoder's running stats (mean 0, var 1) do not describe its own activations; a
    probe on it would measure that mismatch rather than the random features. The weights are untouched.
    Every rank runs all images: the statistics must be the same everywhere.
    """
    norms = [m for m in encoder.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None  # cumulative average over all batches
    encoder.train()
    for start in range(0, images.shape[0], CHUNK):
        with autocast(device, precision):
            encoder.forward_features(classifier_input(images[start : start + CHUNK].to(device)))
    for norm in norms:
        norm.momentum = 0.1
    encoder.eval()
