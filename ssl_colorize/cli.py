"""The `ssl-colorize` command line: thin typer commands over the package's functions."""

import logging
from pathlib import Path
from typing import Annotated

import typer

from ssl_colorize.errors import UserError
from ssl_colorize.objectives import OBJECTIVES
from ssl_colorize.progress import console

# Options of the data and the machine, shared by every command that reads a data set or runs a network.
DatasetOption = Annotated[str, typer.Option(help="cifar100, cifar10, or folder (image folder tree).")]
DataDirOption = Annotated[
    Path, typer.Option(help="Where the data set lives (CIFAR archive parent, or image folder root).")
]
CacheDirOption = Annotated[
    Path | None, typer.Option(help="Folder data: keep the decoded arrays here as .npy for the next run.")
]
DeviceOption = Annotated[str, typer.Option(help="auto, cpu or cuda.")]
PrecisionOption = Annotated[str, typer.Option(help="auto (bf16 where the hardware has it), fp32 or bf16.")]

# Options of the train/validation/test protocol, shared by every command that reads labeled splits.
ValSizeOption = Annotated[
    int | None,
    typer.Option(help="Validation images held out of train (stratified, fixed) [default: 5000, or a tenth]."),
]
TestSizeOption = Annotated[
    int | None, typer.Option(help="Folder data without test/: hold out this many training images as test.")
]
SyncBnOption = Annotated[
    bool, typer.Option(help="Under torchrun: BatchNorm statistics over the global batch, not per process.")
]
CompileOption = Annotated[
    bool,
    typer.Option(
        help="torch.compile the network (inductor): compiles for about a minute first; on 2 CPU cores it made "
        "finetuning 1.35x faster and pretraining no faster (README, Throughput)."
    ),
]

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
    """Call into the package; a UserError becomes one line on stderr and exit code 2, a training run
    stopped by SIGTERM/SIGINT one line and exit code 128 + the signal's number (its checkpoint saved)."""
    from ssl_colorize.train.engine import Interrupted

    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    try:
        return function(*args, **kwargs)
    except UserError as error:
        _fail(str(error))
    except Interrupted as stop:
        console.print(str(stop), highlight=False, soft_wrap=True)
        raise typer.Exit(stop.exit_code) from None
    except KeyboardInterrupt:
        _fail("interrupted")


@app.command(
    epilog="""Examples:\n\n
  ssl-colorize pretrain --dataset folder --data-dir ../shared/data/cifar10 --objective ab-classify\n\n
  ssl-colorize pretrain --dataset folder --data-dir ../shared/data/cifar10 --objective rgb-mse  # original study\n\n
  ssl-colorize pretrain --dataset folder --data-dir ../shared/data/cifar10 --limit 5000 --epochs 1   # a quick run\n\n
  ssl-colorize pretrain --dataset cifar100 --data-dir data   # data/cifar-100-python (downloaded when online)\n\n
  ssl-colorize pretrain --resume runs/pretrain/20261126-120000-ab-classify-unet-s   # finish a killed run"""
)
def pretrain(
    dataset: DatasetOption = "cifar100",
    data_dir: DataDirOption = Path("data"),
    objective: Annotated[
        str,
        typer.Option(
            help=f"Pretext objective: {', '.join(OBJECTIVES)}. rgb-mse is the original study (gray in, RGB out, MSE); "
            "ab-mse regresses Lab ab; ab-classify is Zhang et al. 2016 (quantized ab, rebalanced, annealed mean)."
        ),
    ] = "ab-classify",
    model: Annotated[
        str, typer.Option(help="Encoder: unet-xs, unet-s, unet-m (wider), unet-s-deep[-res] (deeper), resnet18.")
    ] = "unet-s",
    epochs: Annotated[
        int | None, typer.Option(help="Training epochs [default: 10; with --resume: the run's own total].")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Images per step (the global batch under torchrun).")] = 128,
    lr: Annotated[float, typer.Option(help="Peak AdamW learning rate (warmup, then cosine decay).")] = 2e-3,
    weight_decay: Annotated[float, typer.Option(help="AdamW weight decay (not on norms and biases).")] = 0.05,
    output_stride: Annotated[
        int,
        typer.Option(
            help="ab-classify only: predict the bins at 1/stride resolution (1, 2, 4 or 8), then upsample the"
            " decoded ab; the decoder stops at that resolution, so the deep stages carry more of the color."
        ),
    ] = 2,
    rebalance_lambda: Annotated[
        float,
        typer.Option(help="ab-classify: class rebalancing mix in (0, 1]; 0.5 is Zhang et al., 1 turns it off."),
    ] = 0.5,
    ab_grid: Annotated[
        float,
        typer.Option(
            help="ab-classify: side of the square ab bins, 5 to 40 (10 is Zhang et al.: 262 in-gamut classes;"
            " 20: 76, 5: 969); the soft targets' Gaussian scales with it (sigma = side / 2)."
        ),
    ] = 10.0,
    augment: Annotated[
        str, typer.Option(help="crop-flip (pad 4, crop, flip) or resized-crop (25-100% of the area, flip).")
    ] = "crop-flip",
    skips: Annotated[
        bool, typer.Option(help="U-Net skip connections; --no-skips sends all color through the bottleneck.")
    ] = True,
    rotation_weight: Annotated[
        float,
        typer.Option(
            help="Auxiliary pretext: weight of predicting a quarter turn (0/90/180/270 degrees, Gidaris et al."
            " 2018) from the deepest stage, added to the colorization loss; training images are turned in equal"
            " shares. 0 is colorization alone."
        ),
    ] = 0.0,
    histogram_weight: Annotated[
        float,
        typer.Option(
            help="Auxiliary pretext (ab-classify): weight of predicting each image's color distribution over the"
            " ab bins from the pooled deepest stage, added to the colorization loss. 0 is colorization alone."
        ),
    ] = 0.0,
    view_weight: Annotated[
        float,
        typer.Option(
            help="Auxiliary pretext: weight of VICReg's invariance loss (Bardes et al. 2022, over 25) between the"
            " pooled deepest stage's embeddings of each training image and of a second view of it (a resized"
            " crop with its own tone curve), added to the colorization loss; about 1.8x the step's cost. 0 is"
            " colorization alone."
        ),
    ] = 0.0,
    tone_jitter: Annotated[
        float,
        typer.Option(
            help="Pretext lever in [0, 1): each training image's gray goes through a random tone curve (gamma"
            " 2**u, contrast 1 + v, u and v up to this size) while the targets keep the true colors, so the gray"
            " level alone says less about the color; validation and inference see the true gray. 0 is off."
        ),
    ] = 0.0,
    color_hints: Annotated[
        float,
        typer.Option(
            help="Pretext lever: the encoder also reads a and b, shown (each 4x4 cell's mean) on a random"
            " share of the cells, up to this share per image (user-guided colorization, Zhang et al. 2017);"
            " validation and inference see no hints. 0 is colorization from gray alone."
        ),
    ] = 0.0,
    mask_share: Annotated[
        float,
        typer.Option(
            help="Pretext lever: hide the gray (mid-gray) in 8x8 cells, a random share of them up to this share"
            " per image, so their colors must come from the context (context encoders, Pathak et al. 2016);"
            " validation and inference see whole images. 0 hides nothing."
        ),
    ] = 0.0,
    device: DeviceOption = "auto",
    precision: PrecisionOption = "auto",
    seed: Annotated[int, typer.Option(help="Random seed (init, data order, augmentation).")] = 0,
    limit: Annotated[int | None, typer.Option(help="Use only the first N training images (quick runs).")] = None,
    val_size: ValSizeOption = None,
    image_size: Annotated[
        int, typer.Option(help="Folder data: images are resized and center-cropped to this size.")
    ] = 32,
    cache_dir: CacheDirOption = None,
    out: Annotated[Path, typer.Option(help="Where run directories go (out/pretrain/<timestamp>-<name>).")] = Path(
        "runs"
    ),
    name: Annotated[str | None, typer.Option(help="Run name (default: objective-model).")] = None,
    resume: Annotated[
        Path | None, typer.Option(help="Continue the run in this run directory from its last.pt.")
    ] = None,
    save_every: Annotated[
        int | None, typer.Option(help="Also checkpoint (last.pt) every N steps, not only after each epoch.")
    ] = None,
    sync_bn: SyncBnOption = False,
    compile: CompileOption = False,
) -> None:
    """Stage one: pretrain a U-Net to colorize gray images (no labels needed)."""
    from ssl_colorize.train.pretrain import PretrainConfig
    from ssl_colorize.train.pretrain import pretrain as run_pretrain

    config = PretrainConfig(
        dataset=dataset,
        data_dir=str(data_dir),
        objective=objective,
        model=model,
        epochs=epochs if epochs is not None or resume is not None else 10,
        batch_size=batch_size,
        lr=lr,
        weight_decay=weight_decay,
        output_stride=output_stride,
        rebalance_lambda=rebalance_lambda,
        ab_grid=ab_grid,
        augment=augment,
        skips=skips,
        rotation_weight=rotation_weight,
        histogram_weight=histogram_weight,
        view_weight=view_weight,
        tone_jitter=tone_jitter,
        color_hints=color_hints,
        mask_share=mask_share,
        device=device,
        precision=precision,
        seed=seed,
        limit=limit,
        val_size=val_size,
        image_size=image_size,
        cache_dir=str(cache_dir) if cache_dir else None,
        out=str(out),
        name=name,
        save_every=save_every,
        sync_bn=sync_bn,
        compile=compile,
    )
    from ssl_colorize.distributed import current_world

    run_dir = _run(run_pretrain, config, resume)
    if current_world().is_main:  # under torchrun, once
        console.print(f"run directory: {run_dir}")


def _parse_list(text: str, cast, option: str) -> list:
    try:
        values = [cast(part) for part in text.split(",") if part.strip()]
    except ValueError:
        _fail(f"{option} takes a comma-separated list, got {text!r}")
    if not values:
        _fail(f"{option} is empty")
    return values


@app.command(
    epilog="""Examples:\n\n
  ssl-colorize transfer --task classify --mode linear --encoder runs/pretrain/RUN --dataset folder
  --data-dir ../shared/data/cifar10 --label-fraction 0.01,0.1,1   # scored on the validation split\n\n
  ssl-colorize transfer --task classify --mode linear --init random --dataset folder
  --data-dir ../shared/data/cifar10   # the random-init control\n\n
  ssl-colorize transfer --task classify --mode finetune --encoder encoder.safetensors --dataset folder
  --data-dir ../shared/data/cifar10 --seeds 0,1,2 --eval-split test   # reported numbers\n\n
  ssl-colorize transfer --task classify --mode scratch --dataset folder --data-dir ../shared/data/cifar10
  --labels-per-class 25 --results results/scratch.csv\n\n
  ssl-colorize transfer --task classify --mode scratch --dataset folder --data-dir ../shared/data/cifar10
  --label-fraction 0.01 --epochs 2667 --seeds 0,1,2 --checkpoint-dir runs/transfer/scratch-8k   # rerun to resume"""
)
def transfer(
    task: Annotated[str, typer.Option(help="Downstream task (classify).")] = "classify",
    mode: Annotated[
        str, typer.Option(help="linear (frozen encoder, cached features), finetune, or scratch.")
    ] = "linear",
    encoder: Annotated[
        Path | None, typer.Option(help="Pretraining run dir, checkpoint, or .safetensors export.")
    ] = None,
    init: Annotated[str, typer.Option(help="pretrained (needs --encoder) or random (the control).")] = "pretrained",
    model: Annotated[
        str | None,
        typer.Option(
            help="Random init: unet-xs/s/m, unet-s-deep[-res] or resnet18 (default unet-s); an --encoder has its own."
        ),
    ] = None,
    dataset: DatasetOption = "cifar100",
    data_dir: DataDirOption = Path("data"),
    eval_split: Annotated[
        str, typer.Option(help="Score on val (held out of train: for every choice) or test (reported numbers only).")
    ] = "val",
    val_size: ValSizeOption = None,
    test_size: TestSizeOption = None,
    label_fraction: Annotated[
        str | None, typer.Option(help="Labeled share(s) of the fit split, stratified per class: 0.01,0.1,1.")
    ] = None,
    labels_per_class: Annotated[
        int | None, typer.Option(help="Instead of a fraction: this many labels per class.")
    ] = None,
    seeds: Annotated[str, typer.Option(help="Seeds (subset, init, order), comma-separated: one row each.")] = "0",
    epochs: Annotated[int | None, typer.Option(help="Epochs (linear: L-BFGS iterations). Default per mode.")] = None,
    min_steps: Annotated[
        int, typer.Option(help="Finetune/scratch: at least this many steps, however few labels.")
    ] = 1000,
    batch_size: Annotated[
        int, typer.Option(help="Images per step (finetune, scratch; the global batch under torchrun).")
    ] = 128,
    lr: Annotated[
        float | None,
        typer.Option(help="Peak AdamW lr of the head (and of scratch training). Default: finetune 5e-3, scratch 2e-3."),
    ] = None,
    encoder_lr_scale: Annotated[float, typer.Option(help="Finetune: the encoder's lr as a multiple of --lr.")] = 1.0,
    layer_decay: Annotated[
        float, typer.Option(help="Finetune: each shallower encoder stage gets this factor more lr decay (1 = off).")
    ] = 0.7,
    weight_decay: Annotated[float, typer.Option(help="Finetune/scratch: AdamW weight decay.")] = 0.05,
    l2_sp: Annotated[
        float,
        typer.Option(
            help="Finetune: decay the encoder's weights toward their pretrained values at this rate instead of"
            " toward zero (L2-SP, Li et al. 2018; decoupled as AdamW's, so comparable with --weight-decay, which"
            " the head keeps). 0 = off."
        ),
    ] = 0.0,
    label_smoothing: Annotated[
        float | None,
        typer.Option(help="Finetune/scratch: label smoothing in [0, 1). Default: finetune 0, scratch 0.1."),
    ] = None,
    ema: Annotated[
        float,
        typer.Option(
            help="Finetune/scratch: evaluate a moving average of the weights (and BatchNorm statistics) with this"
            " decay per step, at most (1 + t) / (10 + t) at step t (TensorFlow's warm-up), instead of the last"
            " step's. 0 = off."
        ),
    ] = 0.0,
    augment: Annotated[
        str,
        typer.Option(
            help="Finetune/scratch: augmentation of the labeled images: crop-flip (pad 4, crop, flip) or"
            " resized-crop (25-100% of the area, flip)."
        ),
    ] = "crop-flip",
    lp_ft: Annotated[
        bool, typer.Option(help="Finetune: fit the head as a linear probe first, then finetune (Kumar et al. 2022).")
    ] = False,
    freeze_bn: Annotated[bool, typer.Option(help="Finetune: keep the encoder's BatchNorm statistics.")] = False,
    pretext_weight: Annotated[
        float,
        typer.Option(
            help="Finetune: keep training the encoder's pretext (colorization, and the turn if it learned one) on "
            "every unlabeled fit image, this weight times its loss (0 = off; S4L, Zhai et al. 2019). Needs the "
            "pretraining run or its .pt colorizer export. Scratch: the same from a random init, with --pretext-from."
        ),
    ] = 0.0,
    pretext_from: Annotated[
        Path | None,
        typer.Option(
            help="Scratch with --pretext-weight: the pretraining run (or .pt colorizer export) whose pretext "
            "settings to co-train with (objective, decoder shape, augmentation, turns); none of its weights."
        ),
    ] = None,
    sync_bn: SyncBnOption = False,
    compile: CompileOption = False,
    linear_l2: Annotated[float, typer.Option(help="Linear probe: L2 penalty on the head's weights.")] = 1e-3,
    pool: Annotated[
        str, typer.Option(help="Features: all (every stage pooled, concatenated), last, or stage1..stage4.")
    ] = "all",
    pool_grid: Annotated[
        int,
        typer.Option(
            help="Features: average-pool each stage to a G x G map (1: global pooling; 2 or 4 keep where "
            "a feature fired, as colorization's linear evaluations do)."
        ),
    ] = 1,
    input: Annotated[
        str,
        typer.Option(
            help="Finetune/scratch: gray (L, what colorization sees), lab (L plus the colors; a pretrained "
            "encoder's first conv gets zero weights for a and b), or rgb (scratch only)."
        ),
    ] = "gray",
    device: DeviceOption = "auto",
    precision: PrecisionOption = "auto",
    limit: Annotated[int | None, typer.Option(help="Use only the first N fit images (quick runs).")] = None,
    cache_dir: CacheDirOption = None,
    results: Annotated[Path, typer.Option(help="Results CSV to append one row per run to.")] = Path(
        "results/transfer.csv"
    ),
    checkpoint_dir: Annotated[
        Path | None,
        typer.Option(
            help="Finetune/scratch: keep each run's training state in DIR/<share>-seed<k>/last.pt (every"
            " --save-every steps and on SIGTERM/SIGINT). The same command run again resumes unfinished runs and"
            " skips finished ones (their rows were appended once)."
        ),
    ] = None,
    save_every: Annotated[int, typer.Option(help="With --checkpoint-dir: save the state every N steps.")] = 500,
) -> None:
    """Stage two: how good is the encoder for classification? Appends rows to a results CSV."""
    from ssl_colorize.models.registry import DEFAULT_MODEL
    from ssl_colorize.train.transfer import load_pretext_run, load_transfer_data, run_transfer
    from ssl_colorize.train.transfer_config import TransferConfig

    if task != "classify":
        _fail(f"unknown task {task!r}; only classify is available")
    if labels_per_class is not None and label_fraction is not None:
        _fail("give either --label-fraction or --labels-per-class, not both")
    fractions = (
        [None] if labels_per_class is not None else _parse_list(label_fraction or "1.0", float, "--label-fraction")
    )
    for fraction in fractions:
        if fraction is not None and not 0 < fraction <= 1:
            _fail(f"--label-fraction values must be in (0, 1], got {fraction}")
    seed_list = _parse_list(seeds, int, "--seeds")
    base = TransferConfig(
        mode=mode, encoder=str(encoder) if encoder else None, init=init, model=model or DEFAULT_MODEL, dataset=dataset,
        data_dir=str(data_dir), labels_per_class=labels_per_class, epochs=epochs, min_steps=min_steps,
        batch_size=batch_size, lr=lr, encoder_lr_scale=encoder_lr_scale, layer_decay=layer_decay,
        weight_decay=weight_decay, l2_sp=l2_sp, label_smoothing=label_smoothing, ema=ema, augment=augment,
        lp_ft=lp_ft, freeze_bn=freeze_bn,
        pretext_weight=pretext_weight, pretext_from=str(pretext_from) if pretext_from else None, sync_bn=sync_bn,
        compile=compile, linear_l2=linear_l2, pool=pool, pool_grid=pool_grid, input=input, device=device,
        precision=precision, limit=limit, val_size=val_size, test_size=test_size, eval_split=eval_split,
        cache_dir=str(cache_dir) if cache_dir else None,
        checkpoint_dir=str(checkpoint_dir) if checkpoint_dir else None, save_every=save_every,
    )  # fmt: skip
    _run(base.validate)
    if encoder is not None:  # a bad encoder or pretext run fails before the data set is decoded
        from ssl_colorize.models.encoder_io import load_encoder

        trained = _run(load_encoder, encoder)[1]["model"]
        if model not in (None, trained):  # a copied scratch command must not finetune another backbone unnoticed
            _fail(f"--model {model} does not match --encoder {encoder}, which is {trained}")
    if pretext_from is not None:
        _run(load_pretext_run, base)
    train, evaluation = _run(load_transfer_data, base)
    for fraction in fractions:
        for seed in seed_list:
            config = TransferConfig(**{**base.__dict__, "label_fraction": fraction, "seed": seed})
            _run(run_transfer, config, train, evaluation, results)


@app.command(
    epilog="""Examples:\n\n
  ssl-colorize compare results/*.csv --plot results/figures/transfer.png   # other CSVs are skipped"""
)
def compare(
    csvs: Annotated[list[Path], typer.Argument(help="Results CSVs written by transfer.")],
    plot: Annotated[Path | None, typer.Option(help="Also write a PNG of top-1 against label fraction.")] = None,
) -> None:
    """One table of transfer results, grouped by everything but the seed: mean +- std and n."""
    from ssl_colorize.eval.report import compare as run_compare

    print(_run(run_compare, csvs, plot))


@app.command(
    epilog="""Examples:\n\n
  ssl-colorize export runs/pretrain/RUN --out encoder.safetensors\n\n
  ssl-colorize export runs/pretrain/RUN/last.pt --out colorizer.pt   # for colorize, evaluate, --pretext-weight\n\n
  ssl-colorize export runs/pretrain/RUN --out colorizer.pt --half     # float16: half the size, to share"""
)
def export(
    run: Annotated[Path, typer.Argument(help="Pretraining run dir or checkpoint.")],
    out: Annotated[
        Path,
        typer.Option(
            help="Output: .safetensors (the encoder's weights) or .pt (the whole colorizer without optimizer state)."
        ),
    ] = Path("encoder.safetensors"),
    overwrite: Annotated[bool, typer.Option(help="Replace an existing output file.")] = False,
    half: Annotated[
        bool,
        typer.Option(help="Store the weights in float16: half the size, a new encoder id (the weights are rounded)."),
    ] = False,
) -> None:
    """Write the pretrained encoder's weights as safetensors (for use outside the toolkit), or the colorizer
    as a small checkpoint (to share a colorizer, or to co-train from it)."""
    from ssl_colorize.models.encoder_io import export_pretrained

    console.print(f"written to {_run(export_pretrained, run, out, overwrite, half)}")


@app.command(
    epilog="""Examples:\n\n
  ssl-colorize colorize old_photos/ --model runs/pretrain/RUN --out colorized/\n\n
  ssl-colorize colorize grandma.jpg --model runs/pretrain/RUN/best.pt --out . --size 64 --overwrite"""
)
def colorize(
    paths: Annotated[list[Path], typer.Argument(help="Image files and/or folders (searched recursively).")],
    model: Annotated[Path, typer.Option(help="Pretraining run dir or checkpoint.")],
    out: Annotated[Path, typer.Option(help="Output folder: out/<input name>/...; never searched for inputs.")],
    size: Annotated[int | None, typer.Option(help="Shorter side the network sees (default: training size).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace existing outputs (inputs are never replaced).")] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format", help="keep (the input's format; PNG where it cannot hold the result), png, jpg, webp, tiff."
        ),
    ] = "keep",
    batch_size: Annotated[int, typer.Option(help="Images decoded and colorized together.")] = 16,
    max_pixels: Annotated[int, typer.Option(help="Refuse larger images (decompression-bomb guard).")] = 100_000_000,
    device: DeviceOption = "auto",
) -> None:
    """Colorize photos of any size and mode; the photo's own full-resolution L is kept.

    Exit 0 when every input was colorized or already had its output (skipped; --overwrite redoes it);
    exit 1 when some input could not be (unreadable, too large, name clash, output would replace an input).
    """
    from ssl_colorize.colorize import Colorizer, colorize_paths

    if size is not None and not 8 <= size <= 4096:
        _fail(f"--size must be 8 to 4096, got {size}")
    if not 1 <= batch_size <= 4096:
        _fail(f"--batch-size must be 1 to 4096, got {batch_size}")
    if max_pixels < 1:
        _fail(f"--max-pixels must be at least 1, got {max_pixels}")
    colorizer = _run(Colorizer.load, model, size, device)
    report = _run(colorize_paths, colorizer, paths, out, overwrite, max_pixels, batch_size, True, output_format)
    for file, reason in {**report.skipped, **report.failed}.items():
        console.print(f"skipped {file}: {reason}", highlight=False, soft_wrap=True)
    console.print(report.summary(), highlight=False)
    if report.failed:
        raise typer.Exit(1)


@app.command(
    epilog="""Examples:\n\n
  ssl-colorize evaluate --model gray --model runs/pretrain/RGB --model runs/pretrain/ABC --dataset folder
  --data-dir ../shared/data/cifar10 --figure results/figures/colorization.png"""
)
def evaluate(
    model: Annotated[list[str], typer.Option(help="Run dir or checkpoint; 'gray' for the ab = 0 baseline. Repeat.")],
    dataset: DatasetOption = "cifar100",
    data_dir: DataDirOption = Path("data"),
    eval_split: Annotated[str, typer.Option(help="test (reported numbers) or val (held out of train).")] = "test",
    val_size: ValSizeOption = None,
    test_size: TestSizeOption = None,
    limit: Annotated[int | None, typer.Option(help="Quick runs: the first N images of each split only.")] = None,
    classifier: Annotated[
        Path | None, typer.Option(help="Color classifier checkpoint; trained from scratch and saved here if absent.")
    ] = None,
    classifier_epochs: Annotated[int, typer.Option(help="Epochs when the color classifier must be trained.")] = 15,
    semantic: Annotated[
        bool, typer.Option(help="Semantic interpretability (color classifier); --no-semantic skips it.")
    ] = True,
    results: Annotated[Path, typer.Option(help="CSV to append one row per model to.")] = Path("results/evaluate.csv"),
    figure: Annotated[Path | None, typer.Option(help="Write gray | each model | truth for fixed test images.")] = None,
    device: DeviceOption = "auto",
    precision: PrecisionOption = "auto",
    cache_dir: CacheDirOption = None,
) -> None:
    """Colorization quality on a test split: PSNR, SSIM, colorfulness, ab-error AuC, semantic interpretability."""
    from ssl_colorize.eval.evaluate import EvaluateConfig
    from ssl_colorize.eval.evaluate import evaluate as run_evaluate

    config = EvaluateConfig(
        dataset=dataset, data_dir=str(data_dir), eval_split=eval_split, val_size=val_size, test_size=test_size,
        limit=limit, device=device, precision=precision,
        classifier=str(classifier) if classifier else None, classifier_epochs=classifier_epochs,
        semantic=semantic, cache_dir=str(cache_dir) if cache_dir else None,
    )  # fmt: skip
    _run(run_evaluate, config, model, results, figure)
