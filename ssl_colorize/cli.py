"""The `ssl-colorize` command line: thin typer commands over the package's functions."""

import logging
from pathlib import Path
from typing import Annotated

import typer

from ssl_colorize.errors import UserError
from ssl_colorize.objectives import OBJECTIVES
from ssl_colorize.progress import console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Self-supervised representation learning by colorization, and its transfer benchmarks.",
)


@app.callback()
def main() -> None:
    """Self-supervised representation learning by colorization, and its transfer benchmarks."""


def _fail(message: str) -> None:
    console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _run(function, *args, **kwargs):
    """Call into the package; a UserError becomes one line on stderr and exit code 2."""
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    try:
        return function(*args, **kwargs)
    except UserError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        _fail("interrupted")


@app.command(
    epilog="""Examples:\n\n
  ssl-colorize pretrain --dataset folder --data-dir ../shared/data/cifar10 --objective ab-classify\n\n
  ssl-colorize pretrain --objective rgb-mse --epochs 10          # the original study's baseline\n\n
  ssl-colorize pretrain --objective ab-mse --limit 5000 --epochs 1   # a quick run\n\n
  ssl-colorize pretrain --resume runs/pretrain/20261126-120000-ab-classify-unet-s --epochs 20"""
)
def pretrain(
    dataset: Annotated[str, typer.Option(help="cifar100, cifar10, or folder (image folder tree).")] = "cifar100",
    data_dir: Annotated[
        Path,
        typer.Option(help="Where the data set lives (CIFAR archive parent, or image folder root)."),
    ] = Path("data"),
    objective: Annotated[
        str,
        typer.Option(
            help=f"Pretext objective: {', '.join(OBJECTIVES)}. rgb-mse is the original study (gray in, RGB out, MSE); ab-mse regresses Lab ab; ab-classify is Zhang et al. 2016 (quantized ab, rebalanced, annealed mean)."
        ),
    ] = "ab-classify",
    model: Annotated[str, typer.Option(help="Model size: unet-xs, unet-s, unet-m.")] = "unet-s",
    epochs: Annotated[int, typer.Option(help="Training epochs (with --resume: the new total).")] = 10,
    batch_size: Annotated[int, typer.Option(help="Images per step.")] = 128,
    lr: Annotated[float, typer.Option(help="Peak AdamW learning rate (warmup, then cosine decay).")] = 2e-3,
    weight_decay: Annotated[float, typer.Option(help="AdamW weight decay (not on norms and biases).")] = 0.05,
    output_stride: Annotated[
        int,
        typer.Option(
            help="ab-classify only: predict the bins at 1/stride resolution (1 or 2), then upsample the decoded ab."
        ),
    ] = 2,
    device: Annotated[str, typer.Option(help="auto, cpu or cuda.")] = "auto",
    precision: Annotated[str, typer.Option(help="auto (bf16 where the hardware has it), fp32 or bf16.")] = "auto",
    seed: Annotated[int, typer.Option(help="Random seed (init, data order, augmentation).")] = 0,
    limit: Annotated[int | None, typer.Option(help="Use only the first N training images (quick runs).")] = None,
    image_size: Annotated[
        int, typer.Option(help="Folder data: images are resized and center-cropped to this size.")
    ] = 32,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Folder data: keep the decoded arrays here as .npy for the next run."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Where run directories go (out/pretrain/<timestamp>-<name>).")] = Path(
        "runs"
    ),
    name: Annotated[str | None, typer.Option(help="Run name (default: objective-model).")] = None,
    resume: Annotated[
        Path | None, typer.Option(help="Continue the run in this run directory from its last.pt.")
    ] = None,
) -> None:
    """Stage one: pretrain a U-Net to colorize gray images (no labels needed)."""
    from ssl_colorize.train.pretrain import PretrainConfig
    from ssl_colorize.train.pretrain import pretrain as run_pretrain

    config = PretrainConfig(
        dataset=dataset,
        data_dir=str(data_dir),
        objective=objective,
        model=model,
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        weight_decay=weight_decay,
        output_stride=output_stride,
        device=device,
        precision=precision,
        seed=seed,
        limit=limit,
        image_size=image_size,
        cache_dir=str(cache_dir) if cache_dir else None,
        out=str(out),
        name=name,
    )
    if resume is None and objective not in OBJECTIVES:
        _fail(f"unknown objective {objective!r}; choose one of {', '.join(OBJECTIVES)}")
    run_dir = _run(run_pretrain, config, resume)
    console.print(f"run directory: {run_dir}")
