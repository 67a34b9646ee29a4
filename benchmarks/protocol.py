"""The benchmark protocol: pretrain the three objectives, transfer, evaluate; one process, in order
of importance, each step's failure logged without stopping the rest.

Writes into --out: transfer.csv, evaluate.csv, colorization.png, and one
pretrain-<objective>.tar.gz per run (metrics.csv, config.json, loss.png, samples/, and model.pt:
the best checkpoint without optimizer state); the throughput table is printed (JSON in --runs).

    python benchmarks/protocol.py --data-dir ../shared/data/cifar10 --device cuda --out results/gpu
"""

import argparse
import subprocess
import sys
import tarfile
import time
import traceback
from pathlib import Path

import torch

from ssl_colorize.eval.evaluate import EvaluateConfig, evaluate
from ssl_colorize.train.pretrain import PretrainConfig, pretrain
from ssl_colorize.train.transfer import TransferConfig, load_transfer_data, run_transfer

FRACTIONS = (0.01, 0.1, 1.0)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def step(name: str, function, *args, **kwargs):
    """Run one step; a failure is logged and the protocol goes on."""
    log(f"start {name}")
    start = time.perf_counter()
    try:
        result = function(*args, **kwargs)
    except Exception:  # noqa: BLE001 - report and continue with the next step
        traceback.print_exc()
        log(f"FAILED {name}")
        return None
    log(f"done {name} in {time.perf_counter() - start:.0f}s")
    return result


def pack_run(run_dir: Path, out: Path) -> None:
    """The run's small files plus model.pt (best weights, no optimizer) as out/pretrain-<name>.tar.gz."""
    checkpoint = torch.load(run_dir / "best.pt", weights_only=True)
    for key in ("optimizer", "schedule"):
        checkpoint.pop(key, None)
    torch.save(checkpoint, run_dir / "model.pt")
    with tarfile.open(out / f"pretrain-{checkpoint['config']['objective']}.tar.gz", "w:gz") as tar:
        for name in ("config.json", "metrics.csv", "loss.png", "samples", "model.pt"):
            tar.add(run_dir / name, arcname=f"{run_dir.name}/{name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--epochs", type=int, default=10, help="pretraining epochs")
    parser.add_argument("--runs", type=Path, default=Path("runs"), help="where run directories go")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--smoke", action="store_true", help="a few hundred images, 1 epoch: checks the plumbing")
    args = parser.parse_args()
    smoke = {"limit": 600} if args.smoke else {}
    epochs = 1 if args.smoke else args.epochs
    args.out.mkdir(parents=True, exist_ok=True)
    common = {"dataset": "folder", "data_dir": str(args.data_dir), "device": args.device, **smoke}
    cache = str(args.cache_dir) if args.cache_dir else None

    def pretrain_objective(objective: str) -> Path | None:
        config = PretrainConfig(**common, objective=objective, epochs=epochs, out=str(args.runs), cache_dir=cache)
        run_dir = step(f"pretrain {objective}", pretrain, config, progress=False)
        if run_dir is not None:
            step(f"pack {objective}", pack_run, run_dir, args.out)
        return run_dir

    encoders = {objective: pretrain_objective(objective) for objective in ("ab-classify", "rgb-mse")}
    throughput = [sys.executable, str(Path(__file__).with_name("throughput.py")), "--data-dir", str(args.data_dir)]
    if args.smoke:
        throughput += ["--steps", "1", "--repeats", "1", "--images", "300"]
    step(
        "throughput",
        subprocess.run,
        [*throughput, "--device", args.device, "--out", str(args.runs / "throughput.json")],
        check=True,
    )

    transfer_base = TransferConfig(**common, cache_dir=cache)
    data = step("load transfer data", load_transfer_data, transfer_base)
    results = args.out / "transfer.csv"

    def transfer(mode: str, fractions, seeds, encoder: Path | None = None, init: str = "pretrained") -> None:
        for fraction in fractions:
            for seed in seeds:
                config = TransferConfig(
                    **common, cache_dir=cache, mode=mode, encoder=str(encoder) if encoder else None, init=init,
                    label_fraction=fraction, seed=seed, **({"epochs": 1, "min_steps": 2} if args.smoke else {}),
                )  # fmt: skip
                step(
                    f"transfer {mode} {encoder and encoder.name} {fraction} {seed}",
                    run_transfer,
                    config,
                    *data,
                    results,
                )

    if data is not None:
        for encoder in encoders.values():
            if encoder is not None:
                transfer("linear", FRACTIONS, (0, 1, 2), encoder)
        transfer("linear", FRACTIONS, (0, 1, 2), init="random")
        for fraction in (0.01, 0.1):
            transfer("finetune", [fraction], (0, 1), encoders["ab-classify"])
            transfer("scratch", [fraction], (0, 1))
            transfer("finetune", [fraction], (0, 1), encoders["rgb-mse"])
        transfer("finetune", [1.0], (0,), encoders["ab-classify"])
        transfer("scratch", [1.0], (0,))
        transfer("finetune", [1.0], (0,), encoders["rgb-mse"])

    encoders["ab-mse"] = pretrain_objective("ab-mse")
    models = ["gray"] + [str(encoders[o]) for o in ("rgb-mse", "ab-mse", "ab-classify") if encoders[o]]
    classifier = args.runs / "color-classifier.pt"
    evaluate_config = EvaluateConfig(
        **common, classifier=str(classifier), cache_dir=cache, classifier_epochs=1 if args.smoke else 15
    )
    step("evaluate", evaluate, evaluate_config, models, args.out / "evaluate.csv", args.out / "colorization.png")
    if data is not None:
        transfer("finetune", [1.0], (1,), encoders["ab-classify"])
        transfer("scratch", [1.0], (1,))
        transfer("finetune", [1.0], (1,), encoders["rgb-mse"])


if __name__ == "__main__":
    main()
