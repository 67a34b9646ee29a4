"""Pretraining throughput: images/s of full training steps, and the share spent outside the model.

Median of several timed runs, each `--steps` steps after warm-up. A "full step" draws a batch from the
in-memory uint8 split, augments it, converts to Lab, and runs forward, backward and the optimizer;
a "model step" does only the last three on a batch prepared beforehand. Share outside the model =
1 - model_step_time / full_step_time.

    python benchmarks/throughput.py --data-dir ../shared/data/cifar10 --device cpu
"""

import argparse
import json
import statistics
import time
from pathlib import Path

import torch

from ssl_colorize.data.datasets import load_split
from ssl_colorize.data.loader import BatchIterator
from ssl_colorize.rundir import device_name
from ssl_colorize.train.engine import autocast, make_optimizer, resolve_device
from ssl_colorize.train.pretrain import PretrainConfig, build_colorizer, training_batch


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def measure(images: torch.Tensor, objective: str, stride: int, precision: str, channels_last: bool, args) -> dict:
    device = resolve_device(args.device)
    torch.manual_seed(0)
    config = PretrainConfig(objective=objective, model=args.model, output_stride=stride)
    model, loss_fn = build_colorizer(config)
    loss_fn.fit(images[:2000])
    memory_format = torch.channels_last if channels_last else torch.contiguous_format
    model, loss_fn = model.to(device=device, memory_format=memory_format), loss_fn.to(device)
    optimizer, _ = make_optimizer([{"params": list(model.parameters())}], 1e-3, 0.05, 10**6, 1)
    storage = images.to(device) if device.type == "cuda" else images
    loader = BatchIterator(storage, torch.zeros(len(images), dtype=torch.long), args.batch_size, device)

    def step(net_input, rgb, lab):
        with autocast(device, precision):
            pred = model(net_input.contiguous(memory_format=memory_format))
        loss = loss_fn.loss(pred, rgb, lab)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    def run(full: bool, epoch: int) -> float:
        generator = loader.generator(epoch)
        batches = loader.epoch(epoch, generator)
        fixed = training_batch(next(batches)[0], generator)
        synchronize(device)
        start = time.perf_counter()
        for _ in range(args.steps):
            if full:
                step(*training_batch(next(batches)[0], generator))
            else:
                step(*fixed)
        synchronize(device)
        return (time.perf_counter() - start) / args.steps

    run(True, 0)  # warm-up: allocator, kernels, autotuning
    full = statistics.median(run(True, r + 1) for r in range(args.repeats))
    model_only = statistics.median(run(False, r + 1) for r in range(args.repeats))
    return {
        "objective": objective if objective != "ab-classify" else f"ab-classify (stride {stride})",
        "precision": f"{precision}{' + channels_last' if channels_last else ''}",
        "images_per_second": round(args.batch_size / full, 1),
        "model_only_images_per_second": round(args.batch_size / model_only, 1),
        "outside_model_share": round(max(0.0, 1 - model_only / full), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True, help="image folder, e.g. ../shared/data/cifar10")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--model", default="unet-s")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--images", type=int, default=10000, help="size of the in-memory split")
    parser.add_argument("--out", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()
    images = load_split("folder", args.data_dir, "train").images[: args.images]
    cases = [
        ("rgb-mse", 1, "fp32", False),
        ("rgb-mse", 1, "bf16", True),
        ("ab-classify", 2, "fp32", False),
        ("ab-classify", 2, "bf16", True),
        ("ab-classify", 1, "bf16", True),
    ]
    rows = [measure(images, *case, args) for case in cases]
    device = device_name(resolve_device(args.device))
    print(
        f"device: {device}, model {args.model}, batch {args.batch_size}, median of {args.repeats} x {args.steps} steps"
    )
    print("| objective | precision | images/s | model-only images/s | share outside model |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['objective']} | {row['precision']} | {row['images_per_second']} | "
            f"{row['model_only_images_per_second']} | {100 * row['outside_model_share']:.1f}% |"
        )
    if args.out:
        args.out.write_text(json.dumps({"device": device, "torch": torch.__version__, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
