"""Where a training step's time goes: torch.profiler over a few engine steps, self time per operator.

    python benchmarks/profile_step.py --data-dir ../shared/data/cifar10 --objective ab-classify --model unet-s

Prints the operators by self CPU time and the share of convolutions (forward and backward), the part
that the FLOP count (and so the share of the matmul peak) measures.
"""

import argparse
from pathlib import Path

import torch
from torch.profiler import ProfilerActivity, profile

from ssl_colorize.data.datasets import load_split
from ssl_colorize.data.loader import BatchIterator
from ssl_colorize.models.colorizer import build_colorizer
from ssl_colorize.runtime import prepare_model, resolve_device, resolve_precision
from ssl_colorize.train.engine import Engine, LoopSettings
from ssl_colorize.train.optim import make_optimizer
from ssl_colorize.train.pretrain import ColorizationStep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--objective", default="ab-classify")
    parser.add_argument("--model", default="unet-s")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    device = resolve_device("auto")
    precision = resolve_precision("auto", device)
    images = load_split("folder", args.data_dir, "train", cache_dir=args.cache_dir).images[:4096]
    model, objective = build_colorizer(
        {"objective": args.objective, "model": args.model, "output_stride": 2, "rebalance_lambda": 0.5}
    )
    objective.fit(images[:2000])
    model, objective = prepare_model(model, device), objective.to(device)
    optimizer, schedule = make_optimizer([{"params": list(model.parameters())}], 1e-4, 0.05, 10**6, 1)
    engine = Engine(model, optimizer, schedule, LoopSettings(1, device, precision, progress=False))
    stage = ColorizationStep(model, objective)
    loader = BatchIterator(images, torch.zeros(len(images), dtype=torch.long), args.batch_size, device,
                           augmentation="crop-flip")  # fmt: skip
    batches = loader.epoch(0)
    for _ in range(3):  # warm-up
        engine.step(stage, *next(batches))
    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.type == "cuda" else [])
    with profile(activities=activities) as profiler:
        for _ in range(args.steps):
            engine.step(stage, *next(batches))
    events = [e for e in profiler.key_averages() if e.self_cpu_time_total > 0]
    total = sum(e.self_cpu_time_total for e in events)
    conv = sum(e.self_cpu_time_total for e in events if "conv" in e.key)
    print(
        f"{args.model} {args.objective} {precision}, batch {args.batch_size}: {total / args.steps / 1e3:.1f} ms a step"
    )
    print(f"convolutions (forward and backward): {100 * conv / total:.1f}% of self CPU time")
    for event in sorted(events, key=lambda e: -e.self_cpu_time_total)[: args.top]:
        print(f"{100 * event.self_cpu_time_total / total:5.1f}%  {event.key}")


if __name__ == "__main__":
    main()
