"""Stage two: transfer a pretrained encoder to classification (linear probe, finetune, scratch)."""

import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

from ssl_colorize.color import gray_input_from_rgb, uint8_to_float
from ssl_colorize.data.datasets import Split, load_split
from ssl_colorize.data.loader import BatchIterator, random_crop_flip
from ssl_colorize.data.subsets import stratified_subset
from ssl_colorize.errors import UserError
from ssl_colorize.models.heads import Classifier
from ssl_colorize.models.registry import DEFAULT_MODEL, create_encoder
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
RESULT_COLUMNS = (
    "dataset", "encoder", "pretext", "init", "mode", "label_fraction", "labels_per_class", "seed", "epochs",
    "top1", "top5", "train_seconds", "images_per_second", "device", "torch_version", "git_sha", "timestamp",
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
    encoder_lr_scale: float = 0.1
    weight_decay: float = 0.05
    linear_l2: float = 1e-3
    pool: str = "all"
    input: str = "gray"
    device: str = "auto"
    precision: str = "auto"
    limit: int | None = None
    image_size: int = 32
    cache_dir: str | None = None


# Linear: L-BFGS iterations on cached features. Finetune/scratch: epochs over the labeled subset,
# with at least `min_steps` optimizer steps so that 1% of the labels still gets a real schedule.
DEFAULT_EPOCHS = {"linear": 300, "finetune": 15, "scratch": 15}


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
        info = {"encoder": config.model, "pretext": "none", "init": "random"}
    else:
        if config.encoder is None:
            raise UserError(f"--mode {config.mode} needs --encoder RUN_DIR|FILE (or --init random)")
        if config.input != "gray":
            raise UserError("pretrained colorization encoders take gray input; use --input gray")
        encoder, meta = load_encoder(Path(config.encoder))
        info = {"encoder": meta["model"], "pretext": meta["pretext"], "init": "pretrained"}
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


def train_linear_probe(model: Classifier, features: torch.Tensor, labels: torch.Tensor, iterations: int, l2: float):
    """Fit standardization and the linear head on cached features (N, D): L-BFGS, L2 on the weights."""
    model.standardize.running_mean.copy_(features.mean(0))
    model.standardize.running_var.copy_(features.var(0, unbiased=False))
    model.standardize.eval()
    standardized = model.standardize(features)
    head = model.head
    optimizer = torch.optim.LBFGS(head.parameters(), lr=1.0, max_iter=iterations, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(head(standardized), labels) + 0.5 * l2 * head.weight.square().sum()
        loss.backward()
        return loss

    optimizer.step(closure)


def train_end_to_end(model: Classifier, train: Split, config: TransferConfig, device, precision: str) -> int:
    """Finetune or scratch training with augmentation; returns the number of images processed."""
    steps_per_epoch = max(1, len(train) // config.batch_size)
    epochs = config.epochs or DEFAULT_EPOCHS[config.mode]
    epochs = max(epochs, -(-config.min_steps // steps_per_epoch))
    batch_size = min(config.batch_size, len(train))
    loader = BatchIterator(train.images, train.labels, batch_size, device, seed=config.seed)
    encoder_scale = config.encoder_lr_scale if config.mode == "finetune" else 1.0
    groups = [
        {"params": list(model.encoder.parameters()), "lr_scale": encoder_scale},
        {"params": list(model.head.parameters())},
    ]
    total = epochs * len(loader)
    optimizer, schedule = make_optimizer(groups, config.lr, config.weight_decay, total, max(1, total // 20))
    with progress_bar() as bar:
        task = bar.add_task(f"{config.mode}", total=total, info="")
        for epoch in range(epochs):
            model.train()
            generator = loader.generator(epoch)
            for images, labels in loader.epoch(epoch, generator):
                with autocast(device, precision):
                    logits = model(classifier_input(images, config.input, 4, generator))
                loss = F.cross_entropy(logits.float(), labels)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                schedule.step()
                bar.advance(task)
            bar.update(task, info=f"epoch {epoch + 1}/{epochs} loss {loss.item():.3f}")
    return total * batch_size


def run_transfer(
    config: TransferConfig, train_full: Split, test: Split, results: Path | None
) -> tuple[dict, Classifier]:
    """Train and test one (mode, fraction, seed); append the row to `results`, return it and the model."""
    device = resolve_device(config.device)
    precision = resolve_precision(config.precision, device)
    seed_everything(config.seed)
    subset = stratified_subset(train_full.labels, config.seed, config.label_fraction, config.labels_per_class)
    train = Split(train_full.images[subset], train_full.labels[subset], train_full.classes)
    num_classes = len(train_full.classes)
    model, info = build_classifier(config, num_classes)
    model = prepare_model(model, device)
    start = time.perf_counter()
    if config.mode == "linear":
        model.encoder.requires_grad_(False)
        features = extract_features(model, train.images, device, precision)
        iterations = config.epochs or DEFAULT_EPOCHS["linear"]
        train_linear_probe(model, features, train.labels.to(device), iterations, config.linear_l2)
        images_seen, epochs = len(train), iterations
    else:
        train = Split(train.images.to(device if device.type == "cuda" else "cpu"), train.labels, train.classes)
        images_seen = train_end_to_end(model, train, config, device, precision)
        epochs = images_seen // max(1, len(train))
    seconds = time.perf_counter() - start
    logits = evaluate_logits(model, test.images, device, precision, config.input)
    labels = test.labels.to(logits.device)
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
    }
    if results is not None:
        append_csv_row(results, row)
    console.print(
        f"{row['mode']} {row['pretext']} fraction {row['label_fraction']} seed {row['seed']}: "
        f"top1 {row['top1']:.2f} top5 {row['top5']:.2f} ({seconds:.0f}s)"
    )
    return row, model


def load_transfer_data(config: TransferConfig) -> tuple[Split, Split]:
    """Labeled train (first --limit images) and test splits."""
    cache = Path(config.cache_dir) if config.cache_dir else None
    train = load_split(config.dataset, Path(config.data_dir), "train", config.image_size, cache)
    test = load_split(config.dataset, Path(config.data_dir), "test", config.image_size, cache)
    if not train.classes:
        raise UserError(f"{config.data_dir} has no class folders: transfer needs labels")
    test_limit = None if config.limit is None else max(500, config.limit // 5)
    return train.head(config.limit), test.head(test_limit)
