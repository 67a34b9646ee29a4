"""Stage one: pretrain a U-Net colorizer on unlabeled images and write a run directory."""

import math
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import torch

from ssl_colorize.color import l_to_input, merge_l_ab, rgb_to_lab, uint8_to_float
from ssl_colorize.data.datasets import Split
from ssl_colorize.data.loader import AUGMENTATIONS, BatchIterator, augment
from ssl_colorize.data.splits import load_protocol_splits
from ssl_colorize.errors import UserError, require
from ssl_colorize.models.registry import DEFAULT_MODEL, MODELS, create_model
from ssl_colorize.objectives import OBJECTIVES, Objective, create_objective
from ssl_colorize.plots import plot_colorization_grid, plot_losses
from ssl_colorize.progress import console, progress_bar
from ssl_colorize.rundir import (
    append_csv_row,
    check_writable,
    device_name,
    git_sha,
    new_run_dir,
    write_config,
)
from ssl_colorize.train.checkpoint import load_checkpoint, save_atomic
from ssl_colorize.train.engine import (
    autocast,
    make_optimizer,
    prepare_model,
    resolve_device,
    resolve_precision,
    seed_everything,
)


@dataclass
class PretrainConfig:
    """Every setting of a pretraining run; saved resolved in config.json and in checkpoints."""

    dataset: str = "cifar100"
    data_dir: str = "data"
    objective: str = "ab-classify"
    model: str = DEFAULT_MODEL
    epochs: int = 10
    batch_size: int = 128
    lr: float = 2e-3
    weight_decay: float = 0.05
    warmup_epochs: float = 1.0
    padding: int = 4
    augment: str = "crop-flip"
    output_stride: int = 2
    rebalance_lambda: float = 0.5
    skips: bool = True
    device: str = "auto"
    precision: str = "auto"
    seed: int = 0
    limit: int | None = None
    val_size: int | None = None
    image_size: int = 32
    cache_dir: str | None = None
    out: str = "runs"
    name: str | None = None

    @classmethod
    def from_dict(cls, values: dict) -> "PretrainConfig":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})

    def validate(self) -> None:
        """One UserError line for any setting out of range (checked before data is read)."""
        require(
            [
                (self.objective in OBJECTIVES, f"--objective must be one of {', '.join(OBJECTIVES)}"),
                (self.model in MODELS, f"--model must be one of {', '.join(MODELS)}"),
                (self.augment in AUGMENTATIONS, f"--augment must be one of {', '.join(AUGMENTATIONS)}"),
                (1 <= self.epochs <= 10_000, f"--epochs must be 1 to 10000, got {self.epochs}"),
                (1 <= self.batch_size <= 65_536, f"--batch-size must be 1 to 65536, got {self.batch_size}"),
                (0 < self.lr <= 10, f"--lr must be in (0, 10], got {self.lr}"),
                (0 <= self.weight_decay <= 10, f"--weight-decay must be in [0, 10], got {self.weight_decay}"),
                (0 <= self.warmup_epochs <= self.epochs, f"warmup must be 0 to --epochs, got {self.warmup_epochs}"),
                (self.output_stride in (1, 2), f"--output-stride must be 1 or 2, got {self.output_stride}"),
                (0 < self.rebalance_lambda <= 1, f"--rebalance-lambda must be in (0, 1], got {self.rebalance_lambda}"),
                (self.limit is None or self.limit >= 1, f"--limit must be at least 1, got {self.limit}"),
                (self.val_size is None or self.val_size >= 1, f"--val-size must be at least 1, got {self.val_size}"),
                (8 <= self.image_size <= 1024, f"--image-size must be 8 to 1024, got {self.image_size}"),
            ]
        )


def build_colorizer(config: PretrainConfig) -> tuple[torch.nn.Module, Objective]:
    """The U-Net and its objective as the config describes them (untrained)."""
    objective = (
        create_objective(config.objective, output_stride=config.output_stride, rebalance_lambda=config.rebalance_lambda)
        if config.objective == "ab-classify"
        else create_objective(config.objective)
    )
    model = create_model(config.model, objective.out_channels, objective.output_stride, config.skips)
    return model, objective


def load_colorizer(run_or_file: Path) -> tuple[torch.nn.Module, Objective, PretrainConfig]:
    """A trained colorizer from a run directory (best.pt) or a checkpoint file, on the CPU, eval mode."""
    from ssl_colorize.train.checkpoint import find_checkpoint

    checkpoint = load_checkpoint(find_checkpoint(run_or_file))
    if checkpoint.get("stage") != "pretrain":
        raise UserError(f"{run_or_file} is not a pretraining (colorizer) checkpoint")
    config = PretrainConfig.from_dict(checkpoint["config"])
    model, objective = build_colorizer(config)
    try:
        model.load_state_dict(checkpoint["model"])
        objective.load_state_dict(checkpoint["objective"])
    except RuntimeError as error:
        first = str(error).strip().splitlines()[0]
        raise UserError(f"{run_or_file} does not match its own config ({first})") from None
    return model.eval(), objective.eval(), config


def training_batch(
    images: torch.Tensor, generator: torch.Generator | None = None, kind: str = "crop-flip", padding: int = 4
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """uint8 (B, 3, H, W) on device -> (net input (B, 1, H, W), rgb (B, 3, H, W), lab (B, 3, H, W)).

    Augmentation (`kind`, see loader.augment; none without a generator) and Lab conversion, batched
    on the device.
    """
    rgb = augment(uint8_to_float(images), kind, generator, padding)
    lab = rgb_to_lab(rgb)
    net_input = l_to_input(lab[:, :1]).contiguous(memory_format=torch.channels_last)
    return net_input, rgb, lab


@torch.no_grad()
def predict_ab(model: torch.nn.Module, objective: Objective, net_input: torch.Tensor, precision: str) -> torch.Tensor:
    """Network input (B, 1, H, W) -> predicted ab (B, 2, h, w) in Lab units."""
    with autocast(net_input.device, precision):
        pred = model(net_input)
    return objective.predict_ab(pred)


@torch.no_grad()
def validation_loss(model, objective, loader: BatchIterator, precision: str) -> float:
    model.eval()
    total, count = 0.0, 0
    for images, _ in loader.epoch(0):
        net_input, rgb, lab = training_batch(images)
        with autocast(net_input.device, precision):
            pred = model(net_input)
        total += objective.loss(pred, rgb, lab).item() * images.shape[0]
        count += images.shape[0]
    return total / max(1, count)


@torch.no_grad()
def save_sample_grid(model, objective, images: torch.Tensor, precision: str, path: Path) -> None:
    """Labeled rows gray input | prediction | truth for a fixed set of images (N, 3, H, W) uint8."""
    model.eval()
    net_input, rgb, lab = training_batch(images)
    colorized = merge_l_ab(lab[:, :1], predict_ab(model, objective, net_input, precision))
    gray = lab[:, :1].div(100.0).expand(-1, 3, -1, -1)
    rows = {"gray input": gray, "prediction": colorized, "truth": rgb}
    plot_colorization_grid({name: (row.float().clamp(0, 1) * 255).round().byte() for name, row in rows.items()}, path)


def _load_data(config: PretrainConfig) -> tuple[Split, Split]:
    """(fit images, validation images): the validation split is held out of train; test is never read."""
    cache = Path(config.cache_dir) if config.cache_dir else None
    splits = load_protocol_splits(
        config.dataset, Path(config.data_dir), config.image_size, cache, config.val_size, need_test=False
    )
    return splits.fit.head(config.limit), splits.val


def _resumed_config(config: PretrainConfig, resume: Path) -> tuple[PretrainConfig, dict]:
    """The interrupted run's own config and last checkpoint; only the device may change.

    A different --epochs is refused: the cosine schedule was laid out for the planned total, and a
    new total would bend it mid-run (the learning rate would jump), so the result would match no
    uninterrupted run.
    """
    if not (resume / "last.pt").is_file() and (resume / "config.json").is_file():
        raise UserError(f"{resume} has no last.pt: no epoch finished before it stopped; start a new run")
    checkpoint = load_checkpoint(resume / "last.pt")
    saved = PretrainConfig.from_dict(checkpoint["config"])
    if config.epochs is not None and config.epochs != saved.epochs:
        raise UserError(
            f"{resume} was planned for {saved.epochs} epochs and its learning-rate schedule with it; "
            f"resume it without --epochs, or start a new run for {config.epochs} epochs"
        )
    if checkpoint["epoch"] >= saved.epochs:
        raise UserError(f"{resume} already finished all {saved.epochs} epochs; start a new run for more")
    saved.device = config.device
    return saved, checkpoint


def pretrain(config: PretrainConfig, resume: Path | None = None, progress: bool = True) -> Path:
    """Train a colorizer; returns its run directory. With `resume`, finish that interrupted run.

    config.epochs may be None only when resuming (then the run's own total is kept).
    """
    checkpoint = None
    if resume is not None:
        config, checkpoint = _resumed_config(config, Path(resume))
        resume = Path(resume)
    config.validate()

    device = resolve_device(config.device)
    precision = resolve_precision(config.precision, device)
    seed_everything(config.seed)
    if checkpoint is None:
        check_writable(Path(config.out))
    train, val = _load_data(config)
    if len(train) < config.batch_size:
        raise UserError(f"only {len(train)} training images, fewer than --batch-size {config.batch_size}")
    model, objective = build_colorizer(config)
    model, objective = prepare_model(model, device), objective.to(device)
    # On a GPU the whole uint8 split fits in memory and saves a host copy per batch.
    storage = device if device.type == "cuda" else torch.device("cpu")
    loader = BatchIterator(
        train.images.to(storage),
        train.labels.to(storage),
        config.batch_size,
        device,
        seed=config.seed,
    )
    val_loader = BatchIterator(
        val.images.to(storage), val.labels.to(storage), 256, device, shuffle=False, drop_last=False
    )
    total_steps = config.epochs * len(loader)
    optimizer, schedule = make_optimizer(
        [{"params": list(model.parameters())}],
        config.lr,
        config.weight_decay,
        total_steps,
        max(1, int(config.warmup_epochs * len(loader))),
    )

    if checkpoint is not None:
        run_dir, start_epoch = resume, checkpoint["epoch"]
        model.load_state_dict(checkpoint["model"])
        objective.load_state_dict(checkpoint["objective"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        schedule.load_state_dict(checkpoint["schedule"])
        torch.set_rng_state(checkpoint["rng"]["torch"])
        best_val = checkpoint["best_val"]
    else:
        run_dir = new_run_dir(Path(config.out), "pretrain", config.name or f"{config.objective}-{config.model}")
        start_epoch, best_val = 0, float("inf")
        objective.fit(train.images)
        (run_dir / "samples").mkdir()
    write_config(
        run_dir,
        {
            **asdict(config),
            "resolved_device": device_name(device),
            "resolved_precision": precision,
            "torch_version": torch.__version__,
            "git_sha": git_sha(),
            "train_images": len(train),
            "val_images": len(val),
            "output_channels": objective.out_channels,
        },
    )
    sample_images = val.images[:8].to(device)
    metrics_csv = run_dir / "metrics.csv"

    with progress_bar(progress) as bar:
        task = bar.add_task("pretrain", total=(config.epochs - start_epoch) * len(loader), info="")
        for epoch in range(start_epoch, config.epochs):
            model.train()
            generator = loader.generator(epoch)
            loss_sum = torch.zeros((), device=device)
            start = time.perf_counter()
            for step, (images, _) in enumerate(loader.epoch(epoch, generator)):
                net_input, rgb, lab = training_batch(images, generator, config.augment, config.padding)
                with autocast(device, precision):
                    pred = model(net_input)
                loss = objective.loss(pred, rgb, lab)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                schedule.step()
                loss_sum += loss.detach()
                if step % 20 == 0:
                    rate = (step + 1) * config.batch_size / (time.perf_counter() - start)
                    bar.update(task, info=f"epoch {epoch + 1} {rate:.0f} img/s loss {loss.item():.4f}")
                bar.advance(task)
            seconds = time.perf_counter() - start
            train_loss = loss_sum.item() / len(loader)
            if not math.isfinite(train_loss):  # checked once per epoch: no host sync inside the step
                raise UserError(
                    f"the training loss became {train_loss} in epoch {epoch + 1}; stopped without saving it. "
                    f"{run_dir} keeps the last good epoch's checkpoint (if any): try a lower --lr"
                )
            val_loss = validation_loss(model, objective, val_loader, precision)
            row = {
                "epoch": epoch + 1,
                "train_loss": round(train_loss, 6),
                "val_loss": round(val_loss, 6),
                "seconds": round(seconds, 2),
                "images_per_second": round(len(loader) * config.batch_size / seconds, 1),
                "lr": schedule.get_last_lr()[0],
            }
            append_csv_row(metrics_csv, row)
            console.print(
                f"epoch {epoch + 1}/{config.epochs} train {train_loss:.4f} val {val_loss:.4f} "
                f"{seconds:.1f}s {row['images_per_second']} img/s"
            )
            save_sample_grid(
                model,
                objective,
                sample_images,
                precision,
                run_dir / "samples" / f"epoch{epoch + 1:03d}.png",
            )
            plot_losses(metrics_csv, run_dir / "loss.png")
            state = {
                "stage": "pretrain",
                "model": model.state_dict(),
                "objective": objective.state_dict(),
                "optimizer": optimizer.state_dict(),
                "schedule": schedule.state_dict(),
                "epoch": epoch + 1,
                "rng": {"torch": torch.get_rng_state()},
                "config": asdict(config),
                "best_val": min(best_val, val_loss),
            }
            if val_loss < best_val:
                best_val = val_loss
                save_atomic(state, run_dir / "best.pt")
            save_atomic(state, run_dir / "last.pt")
    return run_dir
