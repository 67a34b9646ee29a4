"""Stage one: pretrain a U-Net colorizer on unlabeled images and write a run directory."""

from dataclasses import asdict, dataclass, fields
from pathlib import Path

import torch
import torch.nn.functional as F

from ssl_colorize.checkpoint import load_checkpoint
from ssl_colorize.color import AB_SCALE, l_to_input, merge_l_ab, rgb_to_lab, uint8_to_float
from ssl_colorize.data.datasets import Split
from ssl_colorize.data.loader import AUGMENTATIONS, BatchIterator
from ssl_colorize.data.splits import load_protocol_splits
from ssl_colorize.distributed import World, check_batch_divides, init_world, use_global_batchnorm
from ssl_colorize.errors import UserError, require
from ssl_colorize.models.colorizer import build_colorizer
from ssl_colorize.models.registry import DEFAULT_MODEL, MODELS
from ssl_colorize.models.unet import ROTATIONS
from ssl_colorize.objectives import DEFAULT_AB_GRID, OBJECTIVES, OUTPUT_STRIDES, Objective
from ssl_colorize.plots import plot_colorization_grid, plot_losses
from ssl_colorize.progress import console
from ssl_colorize.rundir import (
    append_csv_row,
    check_writable,
    device_name,
    drop_metrics_after,
    git_sha,
    new_run_dir,
    write_config,
)
from ssl_colorize.runtime import autocast, prepare_model, resolve_precision, seed_everything
from ssl_colorize.train.engine import Engine, EpochSummary, LoopSettings, Position
from ssl_colorize.train.optim import make_optimizer
from ssl_colorize.views import VIEW_TONE_JITTER, second_view, vicreg_loss

HINT_CELL = 4  # side in pixels of a color hint's cell: one cell of a stride-4 prediction
MASK_CELL = 8  # side in pixels of a hidden cell of gray: a quarter of a CIFAR image's side, an object's part


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
    ab_grid: float = DEFAULT_AB_GRID
    skips: bool = True
    rotation_weight: float = 0.0
    histogram_weight: float = 0.0
    view_weight: float = 0.0
    color_hints: float = 0.0
    mask_share: float = 0.0
    tone_jitter: float = 0.0
    sync_bn: bool = False
    compile: bool = False
    save_every: int | None = None
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
                (
                    self.output_stride in OUTPUT_STRIDES,
                    f"--output-stride must be one of {OUTPUT_STRIDES}, got {self.output_stride}",
                ),
                (0 < self.rebalance_lambda <= 1, f"--rebalance-lambda must be in (0, 1], got {self.rebalance_lambda}"),
                (5 <= self.ab_grid <= 40, f"--ab-grid must be 5 to 40, got {self.ab_grid}"),
                (
                    self.ab_grid == DEFAULT_AB_GRID or self.objective == "ab-classify",
                    "--ab-grid needs --objective ab-classify (it sizes that objective's color bins)",
                ),
                (
                    0 <= self.rotation_weight <= 100,
                    f"--rotation-weight must be in [0, 100], got {self.rotation_weight}",
                ),
                (
                    0 <= self.histogram_weight <= 100,
                    f"--histogram-weight must be in [0, 100], got {self.histogram_weight}",
                ),
                (
                    self.histogram_weight == 0 or self.objective == "ab-classify",
                    "--histogram-weight needs --objective ab-classify (the histogram is over its color bins)",
                ),
                (0 <= self.view_weight <= 100, f"--view-weight must be in [0, 100], got {self.view_weight}"),
                (0 <= self.tone_jitter < 1, f"--tone-jitter must be in [0, 1), got {self.tone_jitter}"),
                (0 <= self.color_hints <= 1, f"--color-hints must be in [0, 1], got {self.color_hints}"),
                (
                    self.color_hints == 0 or self.image_size % HINT_CELL == 0,
                    f"--color-hints needs an --image-size divisible by {HINT_CELL}, got {self.image_size}",
                ),
                (0 <= self.mask_share < 1, f"--mask-share must be in [0, 1), got {self.mask_share}"),
                (
                    self.mask_share == 0 or self.image_size % MASK_CELL == 0,
                    f"--mask-share needs an --image-size divisible by {MASK_CELL}, got {self.image_size}",
                ),
                (self.limit is None or self.limit >= 1, f"--limit must be at least 1, got {self.limit}"),
                (self.val_size is None or self.val_size >= 1, f"--val-size must be at least 1, got {self.val_size}"),
                (self.save_every is None or self.save_every >= 1, f"--save-every must be >= 1, got {self.save_every}"),
                (8 <= self.image_size <= 1024, f"--image-size must be 8 to 1024, got {self.image_size}"),
            ]
        )


def random_cells(images: torch.Tensor, cell: int, max_share: float) -> torch.Tensor:
    """Images (B, C, H, W) -> bool (B, 1, H, W), True on a random share of the cell x cell cells; each
    image draws its share uniformly from [0, max_share] (so some get almost none, as at inference).
    Drawn with the global CPU generator, which checkpoints save, so a resumed run draws what the
    uninterrupted one did."""
    batch, _, height, width = images.shape
    share = torch.rand(batch, 1, 1, 1) * max_share
    chosen = torch.rand(batch, 1, height // cell, width // cell) < share
    return chosen.to(images.device).repeat_interleave(cell, dim=2).repeat_interleave(cell, dim=3)


def color_hints(lab: torch.Tensor, max_share: float) -> torch.Tensor:
    """Lab (B, 3, H, W) -> hints (B, 2, H, W): ab / AB_SCALE averaged over HINT_CELL x HINT_CELL cells,
    shown on a random share of the cells (`random_cells`) and zero elsewhere."""
    cells = F.interpolate(F.avg_pool2d(lab[:, 1:], HINT_CELL) / AB_SCALE, scale_factor=HINT_CELL, mode="nearest")
    return cells * random_cells(lab, HINT_CELL, max_share)


def jitter_tone(lightness: torch.Tensor, strength: float) -> torch.Tensor:
    """L (B, 1, H, W) in [0, 100] -> each image's L through a random tone curve: gamma 2**u, then contrast
    1 + v about the image's mean, u and v uniform in [-strength, strength], clamped to [0, 100].
    Drawn with the global CPU generator (like `random_cells`), so a resumed run draws the same."""
    batch = lightness.shape[0]
    u, v = ((torch.rand(2, batch, 1, 1, 1) * 2 - 1) * strength).to(lightness.device)
    tone = (lightness / 100).clamp(0, 1).pow(2.0**u)
    mean = tone.mean(dim=(2, 3), keepdim=True)
    return ((tone - mean) * (1 + v) + mean).clamp(0, 1) * 100


def colorizer_inputs(
    rgb: torch.Tensor, hint_share: float = 0.0, mask_share: float = 0.0, tone_jitter: float = 0.0
) -> tuple[torch.Tensor, torch.Tensor]:
    """RGB (B, 3, H, W) float in [0, 1] -> (network input channels_last, Lab (B, 3, H, W)).

    The input is the scaled L (B, 1, H, W); with `tone_jitter` > 0 each image's gray goes through a
    random tone curve first (`jitter_tone`) while the targets keep the true colors, so the absolute gray
    level, the cheapest cue to a color, says less and the shapes and context more. With `mask_share` > 0
    the gray is hidden (0, mid-gray) on a random share of the MASK_CELL cells, so the colors there must
    be inferred from the context (as context encoders, Pathak et al. 2016, inpaint): the deep stages,
    which see the whole image, have to say what the hidden part is. With `hint_share` > 0 (user-guided
    colorization, Zhang et al. 2017, as a pretext) it is (B, 3, H, W): L, then the true colors on a
    random share of the cells (`color_hints`). To carry a hint over its object the network must find
    the object's extent, also where the object's color cannot be guessed from gray (a car, a shirt).
    """
    lab = rgb_to_lab(rgb)
    net_input = l_to_input(jitter_tone(lab[:, :1], tone_jitter) if tone_jitter > 0 else lab[:, :1])
    if mask_share > 0:
        net_input = net_input.masked_fill(random_cells(net_input, MASK_CELL, mask_share), 0.0)
    if hint_share > 0:
        net_input = torch.cat([net_input, color_hints(lab, hint_share)], dim=1)
    return net_input.contiguous(memory_format=torch.channels_last), lab


@torch.no_grad()
def predict_ab(model: torch.nn.Module, objective: Objective, net_input: torch.Tensor, precision: str) -> torch.Tensor:
    """Network input (B, 1, H, W) -> predicted ab (B, 2, h, w) in Lab units."""
    with autocast(net_input.device, precision):
        pred = model(net_input)
    return objective.predict_ab(pred)


@torch.no_grad()
def save_sample_grid(model, objective, images: torch.Tensor, precision: str, path: Path) -> None:
    """Labeled rows gray input | prediction | truth for a fixed set of images (N, 3, H, W) uint8."""
    model.eval()
    rgb = uint8_to_float(images)
    net_input, lab = colorizer_inputs(rgb)
    colorized = merge_l_ab(lab[:, :1], predict_ab(model, objective, net_input, precision))
    gray = lab[:, :1].div(100.0).expand(-1, 3, -1, -1)
    rows = {"gray input": gray, "prediction": colorized, "truth": rgb}
    plot_colorization_grid({name: (row.float().clamp(0, 1) * 255).round().byte() for name, row in rows.items()}, path)


def turn_quarters(rgb: torch.Tensor, first: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Square images (B, C, H, H) -> the batch with image i turned by ((first + i) mod 4) quarter turns,
    and those counts (B,). The batch order is shuffled, so which image gets which turn is random, and
    every batch holds the four turns in equal shares (as RotNet's batches do). `first` is the index of
    this batch's first image in the global batch (a rank's shard starts there), so N processes turn
    every image as one process does."""
    turns = (torch.arange(rgb.shape[0], device=rgb.device) + first) % ROTATIONS
    turned = torch.empty_like(rgb)
    for quarter in range(ROTATIONS):
        start = (quarter - first) % ROTATIONS  # the first position whose turn is `quarter`
        turned[start::ROTATIONS] = torch.rot90(rgb[start::ROTATIONS], quarter, dims=(2, 3))
    return turned, turns


class ColorizationStep:
    """The pretext's training step as an engine stage: L in, the objective's loss against the color.

    With `rotation_weight` > 0 (the model then has a rotation head), training batches are turned by
    quarter turns first (colors and targets alike) and the loss adds that weight times the
    cross-entropy of predicting the turn. With `histogram_weight` > 0 (the model then has a histogram
    head; ab-classify only) the loss adds that weight times the cross-entropy between each image's
    color distribution over the bins (`image_histogram`) and the head's prediction of it. With
    `view_weight` > 0 (the model then has a view projector) the network also reads a second view of
    each training image (`second_view`, with its own tone curve) and the loss adds that weight times
    VICReg's loss between the two views' embeddings (`vicreg_loss`). With `hint_share`, `mask_share`
    or `tone_jitter` > 0 training inputs carry color hints, hide parts of the gray or change its tones
    (`colorizer_inputs`). Validation stays upright, whole, hint-free, untouched, single-view and
    colorization-only, so its loss compares with every other run's. Under data
    parallelism `first_in_batch` is where this rank's shard starts in the global batch (training
    batches are all full: the loader drops a partial last one).
    """

    def __init__(
        self, model: torch.nn.Module, objective: Objective, rotation_weight: float = 0.0, first_in_batch: int = 0,
        hint_share: float = 0.0, mask_share: float = 0.0, histogram_weight: float = 0.0, tone_jitter: float = 0.0,
        view_weight: float = 0.0,
    ) -> None:  # fmt: skip
        self.model, self.objective, self.first_in_batch = model, objective, first_in_batch
        self.rotation_weight, self.histogram_weight, self.view_weight = rotation_weight, histogram_weight, view_weight
        self.hint_share, self.mask_share, self.tone_jitter = hint_share, mask_share, tone_jitter

    def start_epoch(self, epoch: int) -> None:
        self.model.train()

    def inputs(self, rgb: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, tuple]:
        turns = None
        if self.rotation_weight > 0 and self.model.training:
            rgb, turns = turn_quarters(rgb, self.first_in_batch)
        changes = (self.hint_share, self.mask_share, self.tone_jitter) if self.model.training else (0.0, 0.0, 0.0)
        net_input, lab = colorizer_inputs(rgb, *changes)
        if self.view_weight > 0 and self.model.training:  # the turn, if any, is the same in both views
            net_input = (net_input, colorizer_inputs(second_view(rgb), tone_jitter=VIEW_TONE_JITTER)[0])
        return net_input, (rgb, lab, turns)

    def loss(self, output, targets: tuple) -> torch.Tensor:
        rgb, lab, turns = targets
        if not isinstance(output, tuple):  # eval mode, or a model without global heads
            return self.objective.loss(output, rgb, lab)
        colors, heads = output
        loss = self.objective.loss(colors, rgb, lab)
        if turns is not None:
            loss = loss + self.rotation_weight * F.cross_entropy(heads["turn"].float(), turns)
        if self.histogram_weight > 0:  # cross-entropy against each image's bin distribution (soft targets)
            histogram = self.objective.image_histogram(lab)
            loss = loss + self.histogram_weight * F.cross_entropy(heads["histogram"].float(), histogram)
        if "view" in heads:
            loss = loss + self.view_weight * vicreg_loss(*heads["view"].chunk(2))
        return loss

    def end_epoch(self, summary: EpochSummary) -> bool:
        return False

    def state(self) -> dict:
        return {}


class PretrainStage(ColorizationStep):
    """Pretraining: the colorization step, and after each epoch the validation loss (sharded over
    ranks), and on rank 0 metrics.csv, samples and loss.png."""

    def __init__(self, model, objective: Objective, config: PretrainConfig, val: BatchIterator, run_dir: Path,
                 world: World, precision: str, best_val: float) -> None:  # fmt: skip
        first = world.shard(config.batch_size).start
        super().__init__(
            model, objective, config.rotation_weight, first, config.color_hints, config.mask_share,
            config.histogram_weight, config.tone_jitter, config.view_weight,
        )  # fmt: skip
        self.config, self.val, self.run_dir, self.world = config, val, run_dir, world
        self.precision, self.best_val = precision, best_val
        self.sample_images = val.images[:8].to(val.device)

    @torch.no_grad()
    def validation_loss(self) -> float:
        """Mean loss over the validation split, every rank its shard."""
        self.model.eval()
        total = torch.zeros(2, device=self.val.device)
        for rgb, labels in self.val.epoch(0):
            net_input, targets = self.inputs(rgb, labels)
            with autocast(net_input.device, self.precision):
                output = self.model(net_input)
            total += torch.stack([self.loss(output, targets) * rgb.shape[0], torch.tensor(rgb.shape[0])])
        total = self.world.all_reduce_sum(total)
        return (total[0] / total[1].clamp(min=1)).item()

    def end_epoch(self, summary: EpochSummary) -> bool:
        val_loss = self.validation_loss()
        best = val_loss < self.best_val
        self.best_val = min(self.best_val, val_loss)
        if self.world.is_main:
            self._write_epoch(summary, val_loss)
        return best

    def _write_epoch(self, summary: EpochSummary, val_loss: float) -> None:
        row = {
            "epoch": summary.epoch,
            "train_loss": round(summary.train_loss, 6),
            "val_loss": round(val_loss, 6),
            "seconds": round(summary.seconds, 2),
            "images_per_second": round(summary.images_per_second, 1),
            "lr": summary.lr,
        }
        append_csv_row(self.run_dir / "metrics.csv", row)
        console.print(
            f"epoch {summary.epoch}/{summary.epochs} train {summary.train_loss:.4f} val {val_loss:.4f} "
            f"{summary.seconds:.1f}s {row['images_per_second']} img/s",
            highlight=False,
        )
        grid = self.run_dir / "samples" / f"epoch{summary.epoch:03d}.png"
        save_sample_grid(self.model, self.objective, self.sample_images, self.precision, grid)
        plot_losses(self.run_dir / "metrics.csv", self.run_dir / "loss.png")

    def state(self) -> dict:
        return {
            "stage": "pretrain",
            "objective": self.objective.state_dict(),
            "config": asdict(self.config),
            "best_val": self.best_val,
        }


def _load_data(config: PretrainConfig) -> tuple[Split, Split]:
    """(fit images, validation images): the validation split is held out of train; test is never read."""
    cache = Path(config.cache_dir) if config.cache_dir else None
    splits = load_protocol_splits(
        config.dataset, Path(config.data_dir), config.image_size, cache, config.val_size, need_test=False
    )
    return splits.fit.head(config.limit), splits.val


def _resumed_config(config: PretrainConfig, resume: Path) -> tuple[PretrainConfig, dict]:
    """The interrupted run's own config and last checkpoint; only how it runs (device, compile) may change.

    A different --epochs is refused: the cosine schedule was laid out for the planned total, and a
    new total would bend it mid-run (the learning rate would jump), so the result would match no
    uninterrupted run.
    """
    if not (resume / "last.pt").is_file() and (resume / "config.json").is_file():
        raise UserError(f"{resume} has no last.pt: it stopped before its first checkpoint; start a new run")
    checkpoint = load_checkpoint(resume / "last.pt")
    saved = PretrainConfig.from_dict(checkpoint["config"])
    if config.epochs is not None and config.epochs != saved.epochs:
        raise UserError(
            f"{resume} was planned for {saved.epochs} epochs and its learning-rate schedule with it; "
            f"resume it without --epochs, or start a new run for {config.epochs} epochs"
        )
    if checkpoint["epoch"] >= saved.epochs:
        raise UserError(f"{resume} already finished all {saved.epochs} epochs; start a new run for more")
    saved.device, saved.compile = config.device, config.compile
    return saved, checkpoint


def _open_run_dir(config: PretrainConfig, resume: Path | None, world: World) -> Path:
    """The resumed run's directory, or a new one that rank 0 creates and tells the other ranks."""
    if resume is not None:
        return resume
    run_dir = None
    if world.is_main:
        run_dir = new_run_dir(Path(config.out), "pretrain", config.name or f"{config.objective}-{config.model}")
        (run_dir / "samples").mkdir()
    return world.broadcast(run_dir)


def _write_run_config(run_dir: Path, config: PretrainConfig, device, precision: str, sizes: dict, world: World) -> None:
    if world.is_main:
        resolved = {"resolved_device": device_name(device), "resolved_precision": precision, "processes": world.size}
        versions = {"torch_version": torch.__version__, "git_sha": git_sha()}
        write_config(run_dir, {**asdict(config), **resolved, **versions, **sizes})


def pretrain(config: PretrainConfig, resume: Path | None = None, progress: bool = True) -> Path:
    """Train a colorizer; returns its run directory. With `resume`, finish that interrupted run.

    config.epochs may be None only when resuming (then the run's own total is kept). Under torchrun
    every process calls this; each trains on its shard of every global batch.
    """
    checkpoint = None
    if resume is not None:
        resume = Path(resume)
        config, checkpoint = _resumed_config(config, resume)
    config.validate()
    device, world = init_world(config.device)
    check_batch_divides(config.batch_size, world)
    precision = resolve_precision(config.precision, device)
    seed_everything(config.seed)
    if checkpoint is None and world.is_main:
        check_writable(Path(config.out))
    with world.main_first():  # rank 0 decodes into the cache, the others read it
        train, val = _load_data(config)
    if len(train) < config.batch_size:
        raise UserError(f"only {len(train)} training images, fewer than --batch-size {config.batch_size}")
    model, objective = build_colorizer(asdict(config))
    if config.sync_bn:
        use_global_batchnorm(model)
    model, objective = prepare_model(model, device), objective.to(device)
    # On a GPU the whole uint8 split fits in memory and saves a host copy per batch.
    storage = device if device.type == "cuda" else torch.device("cpu")
    loader = BatchIterator(
        train.images.to(storage), train.labels.to(storage), config.batch_size, device, seed=config.seed,
        augmentation=config.augment, padding=config.padding, world=world,
    )  # fmt: skip
    val_loader = BatchIterator(val.images.to(storage), val.labels.to(storage), 256, device, False, False, world=world)
    total_steps = config.epochs * len(loader)
    warmup = max(1, int(config.warmup_epochs * len(loader)))
    optimizer, schedule = make_optimizer(
        [{"params": list(model.parameters())}], config.lr, config.weight_decay, total_steps, warmup
    )
    run_dir = _open_run_dir(config, resume, world)
    settings = LoopSettings(
        config.epochs, device, precision, world, run_dir, config.save_every, progress, "pretrain", config.compile
    )
    engine = Engine(model, optimizer, schedule, settings)
    if checkpoint is not None:
        position = engine.load(checkpoint)
        objective.load_state_dict(checkpoint["objective"])
        best_val = checkpoint["best_val"]
        if world.is_main:
            drop_metrics_after(run_dir / "metrics.csv", position.epoch)
    else:
        objective.fit(train.images)
        position, best_val = Position(), float("inf")
    sizes = {"train_images": len(train), "val_images": len(val), "output_channels": objective.out_channels}
    _write_run_config(run_dir, config, device, precision, sizes, world)
    stage = PretrainStage(model, objective, config, val_loader, run_dir, world, precision, best_val)
    engine.fit(stage, loader, position)
    return run_dir
