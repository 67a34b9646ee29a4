"""Stage two: transfer a pretrained encoder to classification (linear probe, finetune, scratch)."""

import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

from ssl_colorize.color import gray_input_from_rgb, uint8_to_float
from ssl_colorize.data.datasets import Split
from ssl_colorize.data.loader import BatchIterator, random_crop_flip
from ssl_colorize.data.splits import load_protocol_splits
from ssl_colorize.data.subsets import stratified_subset
from ssl_colorize.errors import UserError, require
from ssl_colorize.models.heads import Classifier, Standardize, parse_pool
from ssl_colorize.models.registry import DEFAULT_MODEL, MODELS, create_encoder
from ssl_colorize.progress import console, progress_bar
from ssl_colorize.rundir import append_csv_row, device_name, git_sha
from ssl_colorize.train.encoder_io import load_encoder
from ssl_colorize.train.engine import (
    autocast,
    make_optimizer,
    prepare_model,
    resolve_device,
    resolve_precision,
    seed_everything,
)

MODES = ("linear", "finetune", "scratch")
INPUT_CHANNELS = {"gray": 1, "rgb": 3}
EVAL_SPLITS = ("val", "test")
RESULT_COLUMNS = (
    "dataset", "encoder", "pretext", "init", "mode", "label_fraction", "labels_per_class", "seed", "epochs",
    "top1", "top5", "train_seconds", "images_per_second", "device", "torch_version", "git_sha", "timestamp",
    "encoder_id", "recipe", "eval_split", "train_images", "eval_images",
)  # fmt: skip


@dataclass
class TransferConfig:
    """One transfer run. `epochs` None means the mode's default (see DEFAULT_EPOCHS)."""

    mode: str = "linear"
    encoder: str | None = None
    init: str = "pretrained"
    model: str = DEFAULT_MODEL
    dataset: str = "cifar100"
    data_dir: str = "data"
    label_fraction: float | None = 1.0
    labels_per_class: int | None = None
    seed: int = 0
    epochs: int | None = None
    min_steps: int = 1000
    batch_size: int = 128
    lr: float = 2e-3
    encoder_lr_scale: float = 1.0
    layer_decay: float = 1.0
    weight_decay: float = 0.05
    label_smoothing: float = 0.0
    lp_ft: bool = False
    freeze_bn: bool = False
    linear_l2: float = 1e-3
    pool: str = "all"
    input: str = "gray"
    device: str = "auto"
    precision: str = "auto"
    limit: int | None = None
    val_size: int | None = None
    test_size: int | None = None
    eval_split: str = "val"
    image_size: int = 32
    cache_dir: str | None = None

    def validate(self) -> None:
        """One UserError line for any setting out of range (checked before data is read)."""
        require(
            [
                (self.mode in MODES, f"--mode must be one of {', '.join(MODES)}"),
                (
                    self.mode == "finetune" or not (self.lp_ft or self.freeze_bn),
                    "--lp-ft and --freeze-bn apply to --mode finetune only",
                ),
                (self.model in MODELS, f"--model must be one of {', '.join(MODELS)}"),
                (self.eval_split in EVAL_SPLITS, f"--eval-split must be val or test, got {self.eval_split!r}"),
                (self.epochs is None or 1 <= self.epochs <= 100_000, f"--epochs must be at least 1, got {self.epochs}"),
                (0 <= self.min_steps <= 10_000_000, f"--min-steps must be 0 or more, got {self.min_steps}"),
                (1 <= self.batch_size <= 65_536, f"--batch-size must be 1 to 65536, got {self.batch_size}"),
                (0 < self.lr <= 10, f"--lr must be in (0, 10], got {self.lr}"),
                (
                    0 <= self.encoder_lr_scale <= 100,
                    f"--encoder-lr-scale must be in [0, 100], got {self.encoder_lr_scale}",
                ),
                (0 < self.layer_decay <= 1, f"--layer-decay must be in (0, 1], got {self.layer_decay}"),
                (0 <= self.weight_decay <= 10, f"--weight-decay must be in [0, 10], got {self.weight_decay}"),
                (0 <= self.label_smoothing < 1, f"--label-smoothing must be in [0, 1), got {self.label_smoothing}"),
                (0 <= self.linear_l2 <= 1e3, f"--linear-l2 must be in [0, 1000], got {self.linear_l2}"),
                (self.limit is None or self.limit >= 1, f"--limit must be at least 1, got {self.limit}"),
                (self.val_size is None or self.val_size >= 1, f"--val-size must be at least 1, got {self.val_size}"),
                (
                    self.test_size is None or self.test_size >= 1,
                    f"--test-size must be at least 1, got {self.test_size}",
                ),
                (
                    self.labels_per_class is None or self.labels_per_class >= 1,
                    f"--labels-per-class must be at least 1, got {self.labels_per_class}",
                ),
            ]
        )
        parse_pool(self.pool, 4)

    def recipe(self) -> str:
        """The settings that define a result besides data, encoder and seed, as one CSV field."""
        if self.mode == "linear":
            return f"pool={self.pool} l2={self.linear_l2:g}"
        parts = [f"pool={self.pool}", f"lr={self.lr:g}", f"wd={self.weight_decay:g}", f"ls={self.label_smoothing:g}"]
        if self.mode == "finetune":
            parts += [f"enc_lr={self.encoder_lr_scale:g}", f"layer_decay={self.layer_decay:g}"]
            parts += ["lp_ft"] * self.lp_ft + ["freeze_bn"] * self.freeze_bn
        return " ".join(parts)


# Linear: L-BFGS iterations on cached features. Finetune/scratch: epochs over the labeled subset,
# with at least `min_steps` optimizer steps so that 1% of the labels still gets a real schedule.
DEFAULT_EPOCHS = {"linear": 300, "finetune": 15, "scratch": 15}


# recipe() keys -> CLI options, so a CSV row's recipe can be rerun as written (flags have no value).
RECIPE_OPTIONS = {
    "pool": "--pool", "l2": "--linear-l2", "lr": "--lr", "wd": "--weight-decay", "ls": "--label-smoothing",
    "enc_lr": "--encoder-lr-scale", "layer_decay": "--layer-decay", "lp_ft": "--lp-ft", "freeze_bn": "--freeze-bn",
}  # fmt: skip


def recipe_arguments(recipe: str) -> list[str]:
    """A results row's recipe field -> the `ssl-colorize transfer` options that reproduce it."""
    arguments = []
    for part in recipe.split():
        key, _, value = part.partition("=")
        arguments += [RECIPE_OPTIONS[key]] + ([value] if value else [])
    return arguments


def build_classifier(config: TransferConfig, num_classes: int) -> tuple[Classifier, dict]:
    """The classifier with a pretrained or random encoder, and {'encoder', 'pretext', 'init'} for the CSV."""
    if config.mode not in MODES:
        raise UserError(f"unknown mode {config.mode!r}; choose one of {', '.join(MODES)}")
    if config.mode == "scratch" or config.init == "random":
        if config.mode == "finetune":
            raise UserError("--mode finetune needs --encoder; use --mode scratch for a random init")
        if config.encoder is not None:
            raise UserError("--encoder was given with a random init (--mode scratch or --init random)")
        encoder = create_encoder(config.model, in_chans=INPUT_CHANNELS[config.input])
        info = {"encoder": config.model, "pretext": "none", "init": "random", "id": "random"}
    else:
        if config.encoder is None:
            raise UserError(f"--mode {config.mode} needs --encoder RUN_DIR|FILE (or --init random)")
        if config.input != "gray":
            raise UserError("pretrained colorization encoders take gray input; use --input gray")
        encoder, meta = load_encoder(Path(config.encoder))
        info = {"encoder": meta["model"], "pretext": meta["pretext"], "init": "pretrained", "id": meta["id"]}
    return Classifier(encoder, num_classes, config.pool), info


def classifier_input(
    images: torch.Tensor, kind: str = "gray", padding: int = 0, generator: torch.Generator | None = None
) -> torch.Tensor:
    """uint8 (B, 3, H, W) -> classifier input, optionally crop/flip augmented.

    kind "gray": (B, 1, H, W) scaled L, what colorization encoders see; "rgb": (B, 3, H, W) in [-1, 1],
    for the color classifier that measures how recognizable colorized images are.
    """
    rgb = uint8_to_float(images)
    if generator is not None:
        rgb = random_crop_flip(rgb, padding, generator)
    net_input = gray_input_from_rgb(rgb) if kind == "gray" else rgb * 2.0 - 1.0
    return net_input.contiguous(memory_format=torch.channels_last)


@torch.no_grad()
def extract_features(model: Classifier, images: torch.Tensor, device, precision: str) -> torch.Tensor:
    """Frozen encoder, eval mode: uint8 (N, 3, H, W) -> pooled features (N, D) float32 on device."""
    model.eval()
    chunks = []
    for start in range(0, images.shape[0], 512):
        batch = classifier_input(images[start : start + 512].to(device))
        with autocast(device, precision):
            chunks.append(model.pooled_features(batch).float())
    return torch.cat(chunks)


@torch.no_grad()
def evaluate_logits(
    model: Classifier, images: torch.Tensor, device, precision: str, kind: str = "gray"
) -> torch.Tensor:
    """uint8 (N, 3, H, W) -> logits (N, C), model in eval mode."""
    model.eval()
    chunks = []
    for start in range(0, images.shape[0], 512):
        with autocast(device, precision):
            chunks.append(model(classifier_input(images[start : start + 512].to(device), kind)).float())
    return torch.cat(chunks)


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
    """
    norms = [m for m in encoder.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None  # cumulative average over all batches
    encoder.train()
    for start in range(0, images.shape[0], 512):
        with autocast(device, precision):
            encoder.forward_features(classifier_input(images[start : start + 512].to(device)))
    for norm in norms:
        norm.momentum = 0.1
    encoder.eval()


def fit_linear_head(
    standardize: Standardize,
    head: torch.nn.Linear,
    features: torch.Tensor,
    labels: torch.Tensor,
    iterations: int,
    l2: float,
) -> None:
    """Fit standardization and the linear head on cached features (N, D): L-BFGS, L2 on the weights."""
    standardize.fit(features)
    standardize.eval()
    standardized = standardize(features)
    optimizer = torch.optim.LBFGS(head.parameters(), lr=1.0, max_iter=iterations, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(head(standardized), labels) + 0.5 * l2 * head.weight.square().sum()
        loss.backward()
        return loss

    with torch.enable_grad():
        optimizer.step(closure)


def encoder_param_groups(encoder: torch.nn.Module, scale: float, layer_decay: float) -> list[dict]:
    """Parameter groups with lr scales: stage i of n gets scale * layer_decay ** (n - 1 - i), the stem
    (anything outside `stages`) scale * layer_decay ** n; layer_decay 1 gives every stage `scale`."""
    depth = len(encoder.stages)
    groups: dict[int, list] = {}
    for name, parameter in encoder.named_parameters():
        parts = name.split(".")
        stage = int(parts[1]) if parts[0] == "stages" else -1
        groups.setdefault(stage, []).append(parameter)
    return [
        {"params": params, "lr_scale": scale * layer_decay ** (depth - 1 - stage)}
        for stage, params in sorted(groups.items())
    ]


def training_plan(config: TransferConfig, labeled: int) -> tuple[int, int, int]:
    """(epochs, steps per epoch, batch size) of a finetune/scratch run over `labeled` images.

    At least `min_steps` optimizer steps, so that 1% of the labels still gets a real schedule.
    """
    batch_size = min(config.batch_size, labeled)
    steps_per_epoch = max(1, labeled // batch_size)
    epochs = config.epochs or DEFAULT_EPOCHS[config.mode]
    return max(epochs, -(-config.min_steps // steps_per_epoch)), steps_per_epoch, batch_size


def freeze_batchnorm(encoder: torch.nn.Module) -> None:
    """Keep the encoder's BatchNorm statistics (eval mode) while its weights train."""
    for module in encoder.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.eval()


def train_end_to_end(model: Classifier, train: Split, config: TransferConfig, device, precision: str) -> int:
    """Finetune or scratch training with augmentation; returns the number of images processed."""
    epochs, _, batch_size = training_plan(config, len(train))
    loader = BatchIterator(train.images, train.labels, batch_size, device, seed=config.seed)
    encoder_scale = config.encoder_lr_scale if config.mode == "finetune" else 1.0
    layer_decay = config.layer_decay if config.mode == "finetune" else 1.0
    groups = [
        *encoder_param_groups(model.encoder, encoder_scale, layer_decay),
        {"params": list(model.head.parameters())},
    ]
    total = epochs * len(loader)
    optimizer, schedule = make_optimizer(groups, config.lr, config.weight_decay, total, max(1, total // 20))
    with progress_bar() as bar:
        task = bar.add_task(f"{config.mode}", total=total, info="")
        for epoch in range(epochs):
            model.train()
            if config.freeze_bn and config.mode == "finetune":
                freeze_batchnorm(model.encoder)
            generator = loader.generator(epoch)
            for images, labels in loader.epoch(epoch, generator):
                with autocast(device, precision):
                    logits = model(classifier_input(images, config.input, 4, generator))
                loss = F.cross_entropy(logits.float(), labels, label_smoothing=config.label_smoothing)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                schedule.step()
                bar.advance(task)
            bar.update(task, info=f"epoch {epoch + 1}/{epochs} loss {loss.item():.3f}")
            if (epoch + 1) % max(1, epochs // 10) == 0 or epoch + 1 == epochs:  # about 10 lines per run in logs
                console.print(f"{config.mode} epoch {epoch + 1}/{epochs}: last batch loss {loss.item():.3f}")
    return total * batch_size


def describe_plan(config: TransferConfig, labeled: int) -> str:
    """One line saying what will run, before it runs."""
    if config.mode == "linear":
        iterations = config.epochs or DEFAULT_EPOCHS["linear"]
        return f"linear probe: {labeled} labeled images, features cached, {iterations} L-BFGS iterations"
    epochs, steps, batch_size = training_plan(config, labeled)
    asked = config.epochs or DEFAULT_EPOCHS[config.mode]
    note = f" (raised from {asked} to reach --min-steps {config.min_steps})" if epochs > asked else ""
    return f"{config.mode}: {labeled} labeled images, {epochs} epochs{note} x {steps} steps of {batch_size} images"


def run_transfer(
    config: TransferConfig, train_full: Split, evaluation: Split, results: Path | None
) -> tuple[dict, Classifier]:
    """Train on a labeled subset of `train_full`, score on `evaluation` (the split named by
    config.eval_split); append the row to `results`, return it and the model."""
    config.validate()
    device = resolve_device(config.device)
    precision = resolve_precision(config.precision, device)
    seed_everything(config.seed)
    subset = stratified_subset(train_full.labels, config.seed, config.label_fraction, config.labels_per_class)
    train = Split(train_full.images[subset], train_full.labels[subset], train_full.classes)
    num_classes = len(train_full.classes)
    model, info = build_classifier(config, num_classes)
    model = prepare_model(model, device)
    console.print(describe_plan(config, len(train)), highlight=False)
    start = time.perf_counter()
    if config.mode == "linear" or config.lp_ft:
        if info["init"] == "random":
            recalibrate_batchnorm(model.encoder, train_full.images, device, precision)
        features = extract_features(model, train.images, device, precision)
        iterations = config.epochs if config.mode == "linear" and config.epochs else DEFAULT_EPOCHS["linear"]
        fit_linear_head(model.standardize, model.head, features, train.labels.to(device), iterations, config.linear_l2)
        images_seen, epochs = len(train), iterations
    if config.mode != "linear":
        train = Split(train.images.to(device if device.type == "cuda" else "cpu"), train.labels, train.classes)
        images_seen = train_end_to_end(model, train, config, device, precision)
        epochs = images_seen // max(1, len(train))
    seconds = time.perf_counter() - start
    logits = evaluate_logits(model, evaluation.images, device, precision, config.input)
    labels = evaluation.labels.to(logits.device)
    row = {
        "dataset": config.dataset,
        "encoder": info["encoder"],
        "pretext": info["pretext"],
        "init": info["init"],
        "mode": config.mode,
        "label_fraction": config.label_fraction if config.label_fraction is not None else "",
        "labels_per_class": int(torch.bincount(train.labels).max()),
        "seed": config.seed,
        "epochs": epochs,
        "top1": round(topk_accuracy(logits, labels, 1), 2),
        "top5": round(topk_accuracy(logits, labels, 5), 2),
        "train_seconds": round(seconds, 2),
        "images_per_second": round(images_seen / seconds, 1),
        "device": device_name(device),
        "torch_version": str(torch.__version__),
        "git_sha": git_sha(),
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "encoder_id": info["id"],
        "recipe": config.recipe(),
        "eval_split": config.eval_split,
        "train_images": len(train),
        "eval_images": len(evaluation),
    }
    if results is not None:
        append_csv_row(results, row)
    console.print(
        f"{row['mode']} {row['pretext']} fraction {row['label_fraction']} seed {row['seed']}: "
        f"{config.eval_split} top1 {row['top1']:.2f} top5 {row['top5']:.2f} on {len(evaluation)} images "
        f"({seconds:.0f}s)",
        highlight=False,
    )
    return row, model


def load_transfer_data(config: TransferConfig) -> tuple[Split, Split]:
    """(labeled fit split, evaluation split): the fit split is train minus the validation hold-out
    (first --limit images of it), the evaluation split is the validation hold-out or the test split."""
    config.validate()
    cache = Path(config.cache_dir) if config.cache_dir else None
    splits = load_protocol_splits(
        config.dataset, Path(config.data_dir), config.image_size, cache, config.val_size, config.test_size,
        need_test=config.eval_split == "test",
    )  # fmt: skip
    if not splits.fit.classes:
        raise UserError(f"{config.data_dir} has no class folders: transfer needs labels")
    evaluation = splits.test if config.eval_split == "test" else splits.val
    return splits.fit.head(config.limit), evaluation
