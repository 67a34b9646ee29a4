"""Interleaved timing of pretraining-step variants in one process: memory format and the view lever.

A noisy shared machine moves a benchmark's rate by 10-25% from one run to the next, more than the
choices in question; timing the variants in turn (A B C A B C ...) within one process lets each round
compare them under the same conditions. Synthetic uint8 images (a step's cost does not depend on the
pixels), unet-s ab-classify at output stride 4 and rebalancing lambda 1 (the study's recipe), AdamW.

    python benchmarks/step_variants.py --rounds 6 --out results/step_variants_epyc_avx2.csv

Variants: `channels_last` (the default), `contiguous` (model and input in NCHW), `view` (the default with
`--view-weight 1`: the encoder reads a second view of every image).
"""

import argparse
import statistics
import time
from pathlib import Path

import torch

from ssl_colorize.models.colorizer import build_colorizer
from ssl_colorize.rundir import append_csv_row, device_name
from ssl_colorize.runtime import autocast, resolve_device, resolve_precision
from ssl_colorize.train.pretrain import ColorizationStep

VARIANTS = {
    "channels_last": (torch.channels_last, 0.0),
    "contiguous": (torch.contiguous_format, 0.0),
    "view": (torch.channels_last, 1.0),
}


def as_format(net_input, memory_format: torch.memory_format):
    """The step's input (a tensor, or a tuple of two views) in the variant's memory format."""
    if isinstance(net_input, tuple):
        return tuple(view.contiguous(memory_format=memory_format) for view in net_input)
    return net_input.contiguous(memory_format=memory_format)


def variant_runner(name: str, images: torch.Tensor, args, device, precision: str):
    """A function that runs `args.steps` training steps of the named variant on batches of `images`."""
    memory_format, view_weight = VARIANTS[name]
    settings = {"objective": "ab-classify", "model": args.model, "output_stride": 4, "rebalance_lambda": 1.0,
                "view_weight": view_weight}  # fmt: skip
    model, objective = build_colorizer(settings)
    objective.fit(images)
    model, objective = model.to(device=device, memory_format=memory_format).train(), objective.to(device)
    optimizer = torch.optim.AdamW(model.parameters(), 1e-4)
    step = ColorizationStep(model, objective, view_weight=view_weight)

    def run() -> None:
        for i in range(args.steps):
            rgb = images[i * args.batch_size : (i + 1) * args.batch_size].to(device).float() / 255
            net_input, targets = step.inputs(rgb, None)
            with autocast(device, precision):
                output = model(as_format(net_input, memory_format))
            loss = step.loss(output, targets)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--model", default="unet-s")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=5, help="steps per variant per round")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--out", type=Path, help="CSV to append one row per variant to")
    args = parser.parse_args()
    device = resolve_device(args.device)
    precision = resolve_precision(args.precision, device)
    torch.manual_seed(0)
    images = torch.randint(0, 256, (args.steps * args.batch_size, 3, 32, 32), dtype=torch.uint8)
    runners = {name: variant_runner(name, images, args, device, precision) for name in args.variants.split(",")}
    for run in runners.values():
        run()  # warm-up: first-call allocations and kernel choices
    rates = {name: [] for name in runners}
    for _ in range(args.rounds):
        for name, run in runners.items():
            began = time.perf_counter()
            run()
            rates[name].append(args.steps * args.batch_size / (time.perf_counter() - began))
    reference = statistics.median(rates[next(iter(runners))])
    for name, values in rates.items():
        median = statistics.median(values)
        row = {"device": device_name(device), "model": args.model, "precision": precision,
               "batch_size": args.batch_size, "variant": name, "images_per_second": round(median, 1),
               "min": round(min(values), 1), "max": round(max(values), 1), "rounds": args.rounds,
               "relative_to_first": round(median / reference, 3), "torch": torch.__version__,
               "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S")}  # fmt: skip
        print(", ".join(f"{key} {value}" for key, value in row.items()))
        if args.out:
            append_csv_row(args.out, row)


if __name__ == "__main__":
    main()
