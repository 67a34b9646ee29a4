"""Finetuning with the pretext kept on: the labeled batch's classification loss plus, on a batch of
unlabeled fit images, the colorization loss the encoder was pretrained with (and its turn, color
histogram and view-invariance terms, if it learned them), through the same encoder (S4L, Zhai et al. 2019, with
colorization as the pretext).

Why: finetuning on few labels moves the encoder away from what the pretext taught it within a
thousand steps and then overfits; the pretext on every fit image keeps teaching it while the head learns.
From a random init (scratch) the same loss is S4L proper, the control that says whether the gain
needs the pretraining or only the pretext's loss during training.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch
from torch import nn

from ssl_colorize.data.datasets import Split
from ssl_colorize.data.loader import BatchIterator, EndlessBatches
from ssl_colorize.distributed import World
from ssl_colorize.models.colorizer import load_colorizer
from ssl_colorize.models.heads import Classifier
from ssl_colorize.objectives import Objective
from ssl_colorize.runtime import prepare_model
from ssl_colorize.train.engine import EpochSummary, TrainingStage
from ssl_colorize.train.pretrain import ColorizationStep


@contextmanager
def running_stats_kept(module: nn.Module) -> Iterator[None]:
    """Inside, the module's BatchNorm layers normalize with batch statistics as usual in training but
    leave their running statistics as they were (momentum 0); the momenta come back after."""
    norms = [m for m in module.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    momenta = [norm.momentum for norm in norms]
    for norm in norms:
        norm.momentum = 0.0
    try:
        yield
    finally:
        for norm, momentum in zip(norms, momenta, strict=True):
            norm.momentum = momentum


class CoTrainingNetwork(nn.Module):
    """The classifier and the colorizer, sharing one encoder: forward((labeled input (b, C, H, W),
    gray input (u, C, H, W))) -> (logits (b, classes), the colorizer's output), so one forward (and,
    under torchrun, one DistributedDataParallel gradient sync) covers both losses.

    The encoder's BatchNorm running statistics follow the classifier's batches only: they are what
    evaluation normalizes with, and the pretext's gray, turned images would pull them elsewhere."""

    def __init__(self, classifier: Classifier, colorizer: nn.Module) -> None:
        super().__init__()
        self.classifier, self.colorizer = classifier, colorizer

    def forward(self, inputs: tuple[torch.Tensor, torch.Tensor]):
        labeled, unlabeled = inputs
        logits = self.classifier(labeled)
        with running_stats_kept(self.classifier.encoder):
            return logits, self.colorizer(unlabeled)


def attach_colorizer(
    classifier: Classifier, source: Path, device: torch.device, pretrained: bool = True
) -> tuple[CoTrainingNetwork, Objective, dict]:
    """The pretraining run's colorizer (decoder, turn head) around the classifier's encoder, its
    objective and its config. pretrained: the run's trained decoder, for the encoder loaded from
    `source`; otherwise an untrained one of the same shape, for a random-init encoder."""
    colorizer, objective, settings = load_colorizer(Path(source), weights=pretrained)
    colorizer.encoder = classifier.encoder  # one encoder, trained by both losses
    return CoTrainingNetwork(classifier, prepare_model(colorizer, device)), objective.to(device), settings


class CoTrainingStage:
    """An engine stage: the classification stage's loss on the labeled batch plus `weight` times the
    pretext's loss on the next unlabeled batch. The pretext's input is the gray L (no color hints even
    for a run trained with them); an encoder that reads a and b too (--input lab) pads them with zeros
    (`pad_channels`): in Lab that is the gray image itself."""

    def __init__(self, network: CoTrainingNetwork, classify: TrainingStage, pretext: ColorizationStep,
                 unlabeled: EndlessBatches, weight: float) -> None:  # fmt: skip
        self.network, self.classify, self.pretext = network, classify, pretext
        self.unlabeled, self.weight = unlabeled, weight

    def start_epoch(self, epoch: int) -> None:
        self.network.colorizer.train()
        self.classify.start_epoch(epoch)  # after: it may put the encoder's BatchNorm back in eval mode

    def inputs(self, rgb: torch.Tensor, labels: torch.Tensor) -> tuple[tuple, tuple]:
        labeled, classes = self.classify.inputs(rgb, labels)
        gray, colors = self.pretext.inputs(next(self.unlabeled)[0], labels)
        return (labeled, gray), (classes, colors)

    def loss(self, output: tuple, targets: tuple) -> torch.Tensor:
        logits, pretext_output = output
        classes, colors = targets
        return self.classify.loss(logits, classes) + self.weight * self.pretext.loss(pretext_output, colors)

    def end_epoch(self, summary: EpochSummary) -> bool:
        return self.classify.end_epoch(summary)

    def state(self) -> dict:
        return {**self.classify.state(), "unlabeled": self.unlabeled.state()}

    def load_state(self, checkpoint: dict) -> None:
        """Continue from a checkpoint of `state` (and the engine's)."""
        self.classify.load_state(checkpoint)
        self.unlabeled.load_state(checkpoint["unlabeled"])


def co_training_stage(classifier: Classifier, classify: TrainingStage, source: Path, pretrained: bool, fit: Split,
                      weight: float, batch_size: int, device: torch.device, seed: int,
                      world: World) -> CoTrainingStage:  # fmt: skip
    """The stage that co-trains `classifier` with the pretext of the run at `source` (its trained
    decoder if `pretrained`, see attach_colorizer) on the fit images (N, 3, H, W) uint8, augmented as
    that run was; unlabeled batches of `batch_size` (global)."""
    network, objective, settings = attach_colorizer(classifier, source, device, pretrained)
    unlabeled = BatchIterator(
        fit.images, fit.labels, batch_size, device, seed=seed, augmentation=settings["augment"],
        padding=settings["padding"], world=world,
    )  # fmt: skip
    step = ColorizationStep(
        network.colorizer, objective, settings.get("rotation_weight", 0.0), world.shard(batch_size).start,
        histogram_weight=settings.get("histogram_weight", 0.0), view_weight=settings.get("view_weight", 0.0),
    )  # fmt: skip
    return CoTrainingStage(network, classify, step, EndlessBatches(unlabeled), weight)
