"""Under torchrun: one engine step on 2 gloo processes against one process on the whole batch.

Rank 0 prints the largest gradient difference relative to the gradient's norm, per tensor, and exits 1
when it is above 2e-2. Every rank also checks the classifier's Standardize under --sync-bn: on its shard
of a feature batch, output and input gradient equal the single-process ones on the whole batch's rows.
lr 0 keeps the weights, so the gradients after the step are the compared ones.
Why not 1e-6: summing BatchNorm statistics per process first moves activations by ~1e-6, and at near-ties
of max-pool and ReLU that reroutes gradient: 5.6e-3 here, the same as converting a single BatchNorm of
one process to this arithmetic. Without the global BatchNorm (SYNC_BN=0) it is 0.7: the check discriminates.
"""

import copy
import gc
import os
import sys

import torch

from ssl_colorize.data.loader import BatchIterator
from ssl_colorize.distributed import init_world, use_global_batchnorm
from ssl_colorize.models.colorizer import build_colorizer
from ssl_colorize.models.heads import Standardize
from ssl_colorize.train.engine import Engine, LoopSettings
from ssl_colorize.train.optim import make_optimizer
from ssl_colorize.train.pretrain import ColorizationStep, colorizer_inputs

SETTINGS = {"objective": "ab-classify", "model": "unet-xs", "output_stride": 2, "rebalance_lambda": 0.5}

device, world = init_world("cpu")
torch.manual_seed(0)
images = torch.randint(0, 256, (32, 3, 32, 32), dtype=torch.uint8, generator=torch.Generator().manual_seed(1))
reference, objective = build_colorizer(SETTINGS)
objective.fit(images)
model = copy.deepcopy(reference).train()
if os.environ.get("SYNC_BN", "1") == "1":
    use_global_batchnorm(model)
optimizer, schedule = make_optimizer([{"params": list(model.parameters())}], 0.0, 0.0, 10, 1)
engine = Engine(model, optimizer, schedule, LoopSettings(1, device, "fp32", world))
stage = ColorizationStep(model, objective)
loader = BatchIterator(images, torch.zeros(32, dtype=torch.long), 32, device, augmentation="crop-flip", world=world)
shard, labels = next(loader.epoch(0))
engine.step(stage, shard, labels)


def standardized_with_gradient(features: torch.Tensor, weights: torch.Tensor, module: Standardize) -> tuple:
    """Standardize(features) (N, D) in training mode, and d(sum(output * weights))/d(features)."""
    features = features.clone().requires_grad_()
    output = module.train()(features)
    (output * weights).sum().backward()
    return output.detach(), features.grad


features = torch.randn(8, 5, generator=torch.Generator().manual_seed(2)) * 3 + 1
weights = torch.randn(8, 5, generator=torch.Generator().manual_seed(3))
rows = slice(world.rank * 4, world.rank * 4 + 4)
synced = use_global_batchnorm(Standardize(5))
shard_output, shard_gradient = standardized_with_gradient(features[rows], weights[rows], synced)
whole_output, whole_gradient = standardized_with_gradient(features, weights, Standardize(5))
if not (torch.allclose(shard_output, whole_output[rows], atol=1e-5)
        and torch.allclose(shard_gradient, whole_gradient[rows], atol=1e-5)):  # fmt: skip
    print(f"rank {world.rank}: Standardize's shard differs from the whole batch")
    sys.exit(1)

exit_code = 0
if world.is_main:
    single = BatchIterator(images, torch.zeros(32, dtype=torch.long), 32, device, augmentation="crop-flip")
    whole, _ = next(single.epoch(0))
    net_input, lab = colorizer_inputs(whole)
    objective.loss(reference.train()(net_input), whole, lab).backward()
    worst = max(
        ((a.grad - b.grad).norm() / b.grad.norm().clamp(min=1e-12)).item()
        for a, b in zip(model.parameters(), reference.parameters(), strict=True)
    )
    print(f"largest relative gradient difference: {worst:.2e}")
    exit_code = 0 if worst < 2e-2 else 1
# Both ranks leave together, and without the interpreter's finalization: a rank still died by SIGABRT now
# and then after the checks had passed (2026-11-28: 2 of about 80 runs under load, 1 of about 30 on an idle
# machine), which matches pytorch/pytorch#179291: gloo's worker threads can still hold work objects (here
# DDP's reducer buckets) whose tensors, freed during finalization, take the GIL of a dying interpreter.
# So the DDP engine goes first, then the process group, and the process ends with os._exit.
del engine
gc.collect()
world.barrier()
torch.distributed.destroy_process_group()
sys.stdout.flush()
sys.stderr.flush()
os._exit(exit_code)
