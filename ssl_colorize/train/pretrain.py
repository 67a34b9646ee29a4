"""Stage one: pretrain a U-Net colorizer on unlabeled images and write a run directory."""

import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import torch
import torch.nn.functional as F
from torchvision.utils import make_grid, save_image

from ssl_colorize.color import l_to_input, merge_l_ab, rgb_to_lab, uint8_to_float
from ssl_colorize.data.datasets import Split, load_split
from ssl_colorize.data.loader import BatchIterator, random_crop_flip
from ssl_colorize.errors import UserError
from ssl_colorize.models.registry import DEFAULT_MODEL, create_model
from ssl_colorize.objectives import Objective, create_objective
from ssl_colorize.plots import plot_losses
from ssl_colorize.progress import console, progress_bar
from ssl_colorize.rundir import (
    append_csv_row,
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
    output_stride: int = 2
    device: str = "auto"
    precision: str = "auto"
    seed: int = 0
    limit: int | None = None
    val_limit: int | None = None
    image_size: int = 32
    cache_dir: str | None = None
    out: str = "runs"
    name: str | None = None

    @classmethod
    def from_dict(cls, values: dict) -> "PretrainConfig":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


def build_colorizer(config: PretrainConfig) -> tuple[torch.nn.Module, Objective]:
    """The U-Net and its objective as the config describes them (untrained)."""
    stride = config.output_stride if config.objective == "ab-classify" else 1
    objective = (
        create_objective(config.objective, output_stride=stride)
        if config.objective == "ab-classify"
        else create_objective(config.objective)
    )
    model = create_model(config.model, objective.out_channels, objective.output_stride)
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
    images: torch.Tensor, padding: int, generator: torch.Generator | None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """uint8 (B, 3, H, W) on device -> (net input (B, 1, H, W), rgb (B, 3, H, W), lab (B, 3, H, W)).

    Augmentation (crop with padding, flip) and Lab conversion, all batched on the device.
    """
    rgb = uint8_to_float(images)
    if generator is not None:
        rgb = random_crop_flip(rgb, padding, generator)
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
        net_input, rgb, lab = training_batch(images, 0, None)
        with autocast(net_input.device, precision):
            pred = model(net_input)
        total += objective.loss(pred, rgb, lab).item() * images.shape[0]
        count += images.shape[0]
    return total / max(1, count)


@torch.no_grad()
def save_sample_grid(model, objective, images: torch.Tensor, precision: str, path: Path) -> None:
    """Rows gray | prediction | truth for a fixed set of images (N, 3, H, W) uint8, 4x enlarged."""
    model.eval()
    net_input, rgb, lab = training_batch(images, 0, None)
    colorized = merge_l_ab(lab[:, :1], predict_ab(model, objective, net_input, precision))
    gray = lab[:, :1].div(100.0).expand(-1, 3, -1, -1)
    grid = make_grid(torch.cat([gray, colorized, rgb]).float().cpu(), nrow=images.shape[0], padding=1)
    save_image(F.interpolate(grid[None], scale_factor=4, mode="nearest")[0], path)


def _load_data(config: PretrainConfig) -> tuple[Split, Split]:
    cache = Path(config.cache_dir) if config.cache_dir else None
    train = load_split(config.dataset, Path(config.data_dir), "train", config.image_size, cache)
    val = load_split(config.dataset, Path(config.data_dir), "test", config.image_size, cache)
    val_limit = config.val_limit
    if val_limit is None and config.limit is not None:
        val_limit = max(500, config.limit // 5)
    return train.head(config.limit), val.head(val_limit)


def pretrain(config: PretrainConfig, resume: Path | None = None, progress: bool = True) -> Path:
    """Train a colorizer; returns its run directory. With `resume`, continue that run to config.epochs."""
    checkpoint = None
    if resume is not None:
        resume = Path(resume)
        checkpoint = load_checkpoint(resume / "last.pt")
        saved = PretrainConfig.from_dict(checkpoint["config"])
        saved.epochs, saved.device = config.epochs, config.device
        config = saved
        if checkpoint["epoch"] >= config.epochs:
            raise UserError(f"{resume} already finished {checkpoint['epoch']} epochs; raise --epochs")
    if config.epochs < 1 or config.batch_size < 1:
        raise UserError("--epochs and --batch-size must be at least 1")

    device = resolve_device(config.device)
    precision = resolve_precision(config.precision, device)
    seed_everything(config.seed)
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
                net_input, rgb, lab = training_batch(images, config.padding, generator)
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
