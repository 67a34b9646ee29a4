"""Throughput against the hardware's limit: images/s, achieved GFLOP/s and share of the measured matmul peak.

In one run: the device's own dense bf16 and fp32 matmul rate (the peak), the model's FLOPs per image
(torch.utils.flop_counter: convolutions and matmuls, forward + backward for training, forward for
features; element-wise work is not counted), and the timed paths through the training engine:
pretraining (each objective), finetuning, and linear-probe feature extraction, for each model. Each
training row also times a conventional pipeline on the same model and batch (torchvision ImageFolder +
DataLoader with per-sample PIL transforms and the workers a user would set) and gives the ratio.

    python benchmarks/throughput.py --data-dir ../shared/data/cifar10 --out results/throughput.csv

Rows: device, model, objective, path, precision, batch_size, images_per_second, gflops_per_second,
share_of_peak, ratio_to_conventional, epoch_seconds (50,000 images), and the settings measured.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

import torch
from torch.utils.flop_counter import FlopCounterMode

from ssl_colorize.data.datasets import load_split
from ssl_colorize.data.loader import BatchIterator, EndlessBatches
from ssl_colorize.models.colorizer import build_colorizer
from ssl_colorize.models.heads import Classifier
from ssl_colorize.models.inference import extract_features
from ssl_colorize.models.registry import create_encoder
from ssl_colorize.rundir import append_csv_row, device_name
from ssl_colorize.runtime import prepare_model, resolve_device, resolve_precision
from ssl_colorize.train.engine import Engine, LoopSettings
from ssl_colorize.train.optim import make_optimizer
from ssl_colorize.train.pretrain import ColorizationStep
from ssl_colorize.train.transfer import ClassifierStage
from ssl_colorize.train.transfer_config import TransferConfig

OBJECTIVES = ("rgb-mse", "ab-mse", "ab-classify")
EPOCH_IMAGES = 50_000


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def matmul_peak(device: torch.device, dtype: torch.dtype, size: int, repeats: int) -> float:
    """Dense square matmul rate in GFLOP/s (median of `repeats` timings of a few products of `size`,
    or of a smaller size for a dtype so slow that those would take minutes)."""
    size = affordable_size(device, dtype, size)
    a = torch.randn(size, size, device=device).to(dtype)
    b = torch.randn(size, size, device=device).to(dtype)
    products = 4 if device.type == "cpu" else 50

    def run() -> None:
        for _ in range(products):
            torch.mm(a, b)

    return median_rate(run, 2 * size**3 * products, repeats, device) / 1e9


def affordable_size(device: torch.device, dtype: torch.dtype, size: int, probe: int = 256) -> int:
    """`size`, unless one timed `probe`-sized product says a `size` product would take over 10 s (bf16
    emulated on a CPU without a bf16 unit: 0.3-2 GFLOP/s on an AVX2-only EPYC); then the size whose
    product takes about a second. The probe underrates fast dtypes up to about 10x (small matrices), so
    only a dtype that slow shrinks: a smaller size than 2048 also lowers a fast dtype's measured peak
    (fp32 there: 83-92 GFLOP/s at 1887 against 118-122 at 2048)."""
    a = torch.randn(probe, probe, device=device).to(dtype)
    rate = median_rate(lambda: torch.mm(a, a), 2 * probe**3, 1, device)
    if 2 * size**3 / rate <= 10.0:
        return size
    return max(probe, int((rate / 2) ** (1 / 3)))


def median_rate(run, units_per_call: float, repeats: int, device: torch.device) -> float:
    """Units (images, FLOPs) per second: `units_per_call` over the median of `repeats` timed calls of
    `run` after one warm-up call."""
    run()

    def once() -> float:
        synchronize(device)
        start = time.perf_counter()
        run()
        synchronize(device)
        return time.perf_counter() - start

    return units_per_call / statistics.median(once() for _ in range(repeats))


def engine_for(model: torch.nn.Module, device, precision: str, compile_model: bool) -> Engine:
    optimizer, schedule = make_optimizer([{"params": list(model.parameters())}], 1e-4, 0.05, 10**6, 1)
    return Engine(model, optimizer, schedule, LoopSettings(1, device, precision, progress=False, compile=compile_model))


def training_flops(engine: Engine, stage, rgb: torch.Tensor, labels: torch.Tensor) -> float:
    """FLOPs of one training step (forward + backward) per image."""
    with FlopCounterMode(display=False) as counter:
        net_input, targets = stage.inputs(rgb, labels)
        with torch.autocast(rgb.device.type, enabled=False):
            stage.loss(engine.model(net_input), targets).backward()
    engine.model.zero_grad(set_to_none=True)
    return counter.get_total_flops() / rgb.shape[0]


def time_training(engine: Engine, stage, loader: BatchIterator, steps: int, repeats: int) -> float:
    """Images/s of whole engine steps fed by the toolkit's loader (gather, augment, Lab, step)."""
    batches = EndlessBatches(loader)

    def run() -> None:
        for _ in range(steps):
            engine.step(stage, *next(batches))

    return median_rate(run, steps * loader.batch_size, repeats, engine.settings.device)


def conventional_loader(data_dir: Path, batch_size: int, workers: int):
    """What a typical user writes: ImageFolder, per-sample PIL crop/flip/ToTensor, DataLoader workers."""
    from torchvision import datasets, transforms

    transform = transforms.Compose(
        [transforms.RandomCrop(32, padding=4), transforms.RandomHorizontalFlip(), transforms.ToTensor()]
    )
    folder = datasets.ImageFolder(str(data_dir / "train"), transform=transform)
    return torch.utils.data.DataLoader(
        folder, batch_size=batch_size, shuffle=True, num_workers=workers, drop_last=True, persistent_workers=workers > 0
    )


def time_conventional(engine: Engine, stage, loader, steps: int, repeats: int) -> float:
    """Images/s of the same engine steps fed by the conventional DataLoader (float RGB batches)."""
    device = engine.settings.device
    batches = iter(loader)

    def run() -> None:
        nonlocal batches
        for _ in range(steps):
            try:
                rgb, labels = next(batches)
            except StopIteration:
                batches = iter(loader)
                rgb, labels = next(batches)
            engine.step(stage, rgb.to(device, non_blocking=True), labels.to(device, non_blocking=True))

    return median_rate(run, steps * loader.batch_size, repeats, device)


def pretrain_case(model_name: str, objective_name: str, images: torch.Tensor, device, precision, args):
    """(engine, stage, loader) of pretraining `model_name` with `objective_name`."""
    settings = {"objective": objective_name, "model": model_name, "output_stride": 2, "rebalance_lambda": 0.5}
    model, objective = build_colorizer(settings)
    objective.fit(images[:2000])
    model, objective = prepare_model(model, device), objective.to(device)
    engine = engine_for(model, device, precision, args.compile)
    return engine, ColorizationStep(model, objective)


def finetune_case(model_name: str, device, precision, args):
    model = prepare_model(Classifier(create_encoder(model_name, in_chans=1), 10), device)
    engine = engine_for(model, device, precision, args.compile)
    return engine, ClassifierStage(model, TransferConfig(mode="finetune"), engine.settings.world)


def measure_model(model_name: str, images: torch.Tensor, labels: torch.Tensor, peaks: dict, device, args) -> list:
    """Rows for pretraining (each objective), finetuning and feature extraction of one model."""
    precision = resolve_precision(args.precision, device)
    peak = peaks[precision]
    storage = images.to(device) if device.type == "cuda" else images
    loader = BatchIterator(storage, labels.to(storage.device), args.batch_size, device, augmentation="crop-flip")
    conventional = conventional_loader(args.data_dir, args.batch_size, args.workers) if args.conventional else None
    base = {"device": device_name(device), "model": model_name, "precision": precision, "batch_size": args.batch_size}
    rows = []
    cases = [
        ("pretrain", name, *pretrain_case(model_name, name, images, device, precision, args)) for name in OBJECTIVES
    ]
    cases.append(("finetune", "classify", *finetune_case(model_name, device, precision, args)))
    for path, objective, engine, stage in cases:
        rgb, y = next(loader.epoch(0))
        flops = training_flops(engine, stage, rgb, y)
        rate = time_training(engine, stage, loader, args.steps, args.repeats)
        ratio = ""
        if conventional is not None:
            ratio = round(rate / time_conventional(engine, stage, conventional, args.steps, args.repeats), 2)
        rows.append(
            {**base, "objective": objective, "path": path, **rates(rate, flops, peak), "ratio_to_conventional": ratio}
        )
    classifier = engine.model  # the finetune case's: features are the frozen encoder's forward
    with FlopCounterMode(display=False) as counter:
        extract_features(classifier, images[: args.batch_size], device, precision)
    feature_flops = counter.get_total_flops() / args.batch_size
    count = min(len(images), 4096)
    rate = median_rate(
        lambda: extract_features(classifier, images[:count], device, precision), count, args.repeats, device
    )
    rows.append(
        {
            **base,
            "objective": "features",
            "path": "features",
            **rates(rate, feature_flops, peak),
            "ratio_to_conventional": "",
        }
    )
    return rows


def rates(images_per_second: float, flops_per_image: float, peak: float) -> dict:
    achieved = images_per_second * flops_per_image / 1e9
    return {
        "images_per_second": round(images_per_second, 1),
        "gflop_per_image": round(flops_per_image / 1e9, 3),
        "gflops_per_second": round(achieved, 1),
        "share_of_peak": round(achieved / peak, 3),
        "epoch_seconds": round(EPOCH_IMAGES / images_per_second, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True, help="image folder, e.g. ../shared/data/cifar10")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--precision", default="auto", help="auto (bf16 where native), fp32 or bf16")
    parser.add_argument("--models", default="unet-s,resnet18")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=10, help="steps per timed repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--images", type=int, default=10_000, help="size of the in-memory split")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="conventional DataLoader workers")
    parser.add_argument("--no-conventional", dest="conventional", action="store_false")
    parser.add_argument("--compile", action="store_true", help="torch.compile the model (measured choice)")
    parser.add_argument("--matmul-size", type=int, default=2048)
    parser.add_argument("--cache-dir", type=Path, help="keep the decoded arrays here for the next run")
    parser.add_argument("--out", type=Path, help="CSV to append the rows to")
    args = parser.parse_args()
    device = resolve_device(args.device)
    split = load_split("folder", args.data_dir, "train", cache_dir=args.cache_dir)
    images, labels = split.images[: args.images], split.labels[: args.images]
    peaks = {name: matmul_peak(device, dtype, args.matmul_size, args.repeats)
             for name, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16))}  # fmt: skip
    print(f"device {device_name(device)}: matmul peak fp32 {peaks['fp32']:.0f}, bf16 {peaks['bf16']:.0f} GFLOP/s")
    columns = ("model", "path", "objective", "precision", "images_per_second", "gflop_per_image", "gflops_per_second",
               "share_of_peak", "ratio_to_conventional", "epoch_seconds")  # fmt: skip
    print("| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|")
    for model_name in args.models.split(","):
        for row in measure_model(model_name, images, labels, peaks, device, args):
            row = {**row, "peak_gflops": round(peaks[row["precision"]], 1), "compile": args.compile,
                   "threads": torch.get_num_threads(), "torch": torch.__version__,
                   "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S")}  # fmt: skip
            print("| " + " | ".join(str(row[column]) for column in columns) + " |")
            if args.out:
                append_csv_row(args.out, row)


if __name__ == "__main__":
    main()
