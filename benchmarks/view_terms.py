"""VICReg's three terms for a `--view-weight` run's checkpoint, on training images with fresh second views.

Says which part of the view term a trained network still pays (the views' distance, the variance hinge or the
covariance), e.g. why a run's training loss stays above its comparator's. The network runs in training mode
(BatchNorm on batch statistics, as in training), without gradients; the checkpoint is not changed.

    python benchmarks/view_terms.py --data-dir ../shared/data/cifar10 --cache-dir C RUN/last.pt [RUN2/last.pt ...]
"""

import argparse
from pathlib import Path

import torch
import torch.nn.functional as F

from ssl_colorize.color import uint8_to_float
from ssl_colorize.data.datasets import load_split
from ssl_colorize.models.colorizer import load_colorizer
from ssl_colorize.train.pretrain import ColorizationStep
from ssl_colorize.views import COVARIANCE_SHARE, covariance_penalty, variance_hinge


@torch.no_grad()
def view_terms(checkpoint: Path, images: torch.Tensor) -> dict[str, float]:
    """uint8 images (N, 3, H, W) -> the checkpoint's VICReg terms (over 25) on them and its embeddings' mean std."""
    model, objective, config = load_colorizer(checkpoint)
    if config.get("view_weight", 0.0) <= 0:
        raise SystemExit(f"{checkpoint} was not trained with --view-weight")
    step = ColorizationStep(model.train(), objective, config["rotation_weight"], view_weight=config["view_weight"])
    net_input, _ = step.inputs(uint8_to_float(images), None)
    first, second = model(net_input)[1]["view"].chunk(2)
    return {
        "invariance": F.mse_loss(first, second).item(),
        "variance_hinge": ((variance_hinge(first) + variance_hinge(second)) / 2).item(),
        "covariance": (COVARIANCE_SHARE * (covariance_penalty(first) + covariance_penalty(second))).item(),
        "embedding_std": first.std(dim=0).mean().item(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoints", type=Path, nargs="+")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--images", type=int, default=256, help="the training split's first N images, one batch")
    args = parser.parse_args()
    torch.manual_seed(0)
    images = load_split("folder", args.data_dir, "train", cache_dir=args.cache_dir).images[: args.images]
    for checkpoint in args.checkpoints:
        terms = view_terms(checkpoint, images)
        print(f"{checkpoint}: " + ", ".join(f"{name} {value:.4f}" for name, value in terms.items()))


if __name__ == "__main__":
    main()
