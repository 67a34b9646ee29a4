"""Colorizer = U-Net + pretext objective, built from a run's settings or loaded from its checkpoint.

Here rather than in training, because colorizing and evaluating load colorizers without training one.
"""

from collections.abc import Mapping
from pathlib import Path

import torch

from ssl_colorize.checkpoint import find_checkpoint, load_checkpoint
from ssl_colorize.errors import UserError
from ssl_colorize.models.registry import create_model
from ssl_colorize.objectives import DEFAULT_AB_GRID, Objective, create_objective
from ssl_colorize.views import VIEW_DIMS


def input_channels(settings: Mapping) -> int:
    """What a pretraining config's encoder reads: L, or with color hints L, a, b (3)."""
    return 3 if settings.get("color_hints", 0.0) > 0 else 1  # runs from before the option had none


def build_colorizer(settings: Mapping) -> tuple[torch.nn.Module, Objective]:
    """The untrained U-Net and objective a pretraining config describes (its keys objective, model,
    output_stride, rebalance_lambda, ab_grid, skips, rotation_weight, histogram_weight, view_weight, color_hints)."""
    if settings["objective"] == "ab-classify":
        objective = create_objective(
            "ab-classify", output_stride=settings["output_stride"], rebalance_lambda=settings["rebalance_lambda"],
            grid=settings.get("ab_grid", DEFAULT_AB_GRID),  # runs from before the option had the default
        )  # fmt: skip
    else:
        objective = create_objective(settings["objective"])
    skips = settings.get("skips", True)  # runs from before the option had skips
    rotation_head = settings.get("rotation_weight", 0.0) > 0  # likewise
    histogram_bins = objective.out_channels if settings.get("histogram_weight", 0.0) > 0 else 0  # likewise
    view_dims = VIEW_DIMS if settings.get("view_weight", 0.0) > 0 else 0  # likewise
    model = create_model(
        settings["model"], objective.out_channels, objective.output_stride, skips, rotation_head,
        input_channels(settings), histogram_bins, view_dims,
    )  # fmt: skip
    return model, objective


def load_pretraining_checkpoint(run_or_file: Path) -> dict:
    """A pretraining run's checkpoint (best.pt of a run directory) or a colorizer export, checked to be one."""
    if Path(run_or_file).suffix == ".safetensors":
        raise UserError(
            f"{run_or_file} holds an encoder only: give the pretraining run, its best.pt or last.pt, "
            "or a colorizer exported as .pt"
        )
    checkpoint = load_checkpoint(find_checkpoint(run_or_file))
    if checkpoint.get("stage") != "pretrain":
        raise UserError(f"{run_or_file} is not a pretraining (colorizer) checkpoint")
    return checkpoint


def load_colorizer(run_or_file: Path, weights: bool = True) -> tuple[torch.nn.Module, Objective, dict]:
    """A trained colorizer from a run directory (best.pt) or a checkpoint file: (model, objective,
    the run's config), on the CPU, in eval mode. weights=False: the run's U-Net untrained (its
    architecture only), with the run's objective (the ab-bin rebalancing is a statistic of the data)."""
    checkpoint = load_pretraining_checkpoint(run_or_file)
    config = checkpoint["config"]
    model, objective = build_colorizer(config)
    try:
        if weights:
            model.load_state_dict(checkpoint["model"])
        objective.load_state_dict(checkpoint["objective"])
    except RuntimeError as error:
        first = str(error).strip().splitlines()[0]
        raise UserError(f"{run_or_file} does not match its own config ({first})") from None
    return model.eval(), objective.eval(), config
