"""Data parallelism through torchrun: the process group, shards, reductions, and a global BatchNorm.

Under `torchrun --nproc-per-node N -m ssl_colorize ...` every process reads RANK, WORLD_SIZE and
LOCAL_RANK from its environment; run without torchrun, the same code is one world of one process and
every collective below is a no-op.
"""

import atexit
import contextlib
import datetime
import math
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import torch
import torch.distributed as dist
import torch.distributed.nn.functional as dist_functional
from torch import nn

from ssl_colorize.errors import UserError
from ssl_colorize.runtime import resolve_device

# The differentiable all-reduce below is flagged for a move to a private module; it works and is the
# public one, so the notice (once per process and call site) is only noise in the logs.
warnings.filterwarnings("ignore", message=r"torch\.distributed\.nn\.functional\.all_reduce is deprecated")


@dataclass(frozen=True)
class World:
    """This process's place among the data-parallel processes."""

    rank: int = 0
    size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        """Rank 0 alone writes run directories, checkpoints, samples and CSV rows."""
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.size > 1

    def shard(self, count: int) -> slice:
        """This rank's contiguous part of `count` items (the parts differ in size by at most one)."""
        return slice(self.rank * count // self.size, (self.rank + 1) * count // self.size)

    def barrier(self) -> None:
        if self.distributed:
            dist.barrier()

    @contextlib.contextmanager
    def main_first(self) -> Iterator[None]:
        """Rank 0 runs the block first (e.g. decoding into a shared cache), then the others."""
        if not self.is_main:
            self.barrier()
        yield
        if self.is_main:
            self.barrier()

    def all_reduce_sum(self, tensor: torch.Tensor) -> torch.Tensor:
        """The sum over ranks (a new tensor; the input is untouched)."""
        total = tensor.clone()
        if self.distributed:
            dist.all_reduce(total)
        return total

    def broadcast(self, value):
        """Rank 0's picklable `value`, on every rank."""
        if not self.distributed:
            return value
        holder = [value]
        dist.broadcast_object_list(holder, src=0)
        return holder[0]

    def gather_rows(self, rows: torch.Tensor, total: int) -> torch.Tensor:
        """Each rank's shard (its part of `total` rows, see `shard`) -> all `total` rows in order, on every rank."""
        if not self.distributed:
            return rows
        largest = -(-total // self.size)
        padded = rows.new_zeros((largest, *rows.shape[1:]))
        padded[: rows.shape[0]] = rows
        parts = [torch.empty_like(padded) for _ in range(self.size)]
        dist.all_gather(parts, padded)
        sizes = [len(range(total)[World(r, self.size).shard(total)]) for r in range(self.size)]
        return torch.cat([part[:size] for part, size in zip(parts, sizes, strict=True)])


def init_world(device_name: str) -> tuple[torch.device, World]:
    """The training device and this process's World; under torchrun, join the process group first
    (nccl on CUDA, gloo on CPU) and take the GPU of this process's LOCAL_RANK."""
    device = resolve_device(device_name)
    size = int(os.environ.get("WORLD_SIZE", "1"))
    if size == 1:
        return device, World()
    world = World(int(os.environ["RANK"]), size, int(os.environ.get("LOCAL_RANK", "0")))
    if device.type == "cuda":
        device = torch.device("cuda", world.local_rank)
        torch.cuda.set_device(device)
    if not dist.is_initialized():
        backend = "nccl" if device.type == "cuda" else "gloo"
        dist.init_process_group(backend, timeout=datetime.timedelta(minutes=30))
        atexit.register(dist.destroy_process_group)  # a clean exit, not an abort in the backend's threads
    return device, world


def current_world() -> World:
    """The world this process already joined (one process when none was)."""
    if not dist.is_initialized():
        return World()
    return World(dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", "0")))


def check_batch_divides(batch_size: int, world: World) -> None:
    """Every rank takes an equal part of each global batch, so the global batch must split evenly."""
    if batch_size % world.size:
        raise UserError(f"--batch-size {batch_size} is the global batch: use a multiple of {world.size} (processes)")


def batch_moments(values: torch.Tensor, dims: tuple[int, ...], across_ranks: bool) -> tuple[torch.Tensor, ...]:
    """values (float) -> (values - mean, mean, biased variance, count), the statistics taken over `dims`
    (kept as size-1 axes) of the local batch, or of the global batch when `across_ranks` under torchrun.

    Across ranks the sums go through a differentiable all-reduce, so gradients equal one process's over
    the global batch up to float rounding. Two passes (mean, then squared deviations): the one-pass
    E[x^2] - E[x]^2 loses digits to cancellation where activations' means dwarf their spread.
    """
    reduce = dist_functional.all_reduce if across_ranks and world_is_distributed() else (lambda tensor: tensor)
    count = math.prod(values.shape[d] for d in dims)
    sums = values.sum(dim=dims, keepdim=True)
    count_sum = reduce(torch.cat([sums.new_full((1,), count), sums.flatten()]))
    n = count_sum[0]
    mean = (count_sum[1:] / n).view(sums.shape)
    centered = values - mean
    var = reduce(centered.square().sum(dim=dims, keepdim=True).flatten()).view(sums.shape) / n
    return centered, mean, var, n


def world_is_distributed() -> bool:
    """True inside a torchrun process group of more than one process."""
    return dist.is_initialized() and dist.get_world_size() > 1


class GlobalBatchNorm(nn.BatchNorm2d):
    """BatchNorm2d whose training statistics cover the whole global batch, on any backend (gloo too).

    torch's SyncBatchNorm refuses CPU tensors; this one takes `batch_moments` across ranks, so forward
    and backward equal one process's BatchNorm over the global batch up to float rounding. Same
    parameters and buffers as BatchNorm2d (checkpoints interchange).
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not (self.training and world_is_distributed()):
            return super().forward(x)
        centered, mean, var, n = batch_moments(x.float(), (0, 2, 3), across_ranks=True)
        if self.track_running_stats:
            self._update_running_stats(mean.flatten().detach(), var.flatten().detach(), n.detach())
        scale = torch.rsqrt(var + self.eps) * self.weight[None, :, None, None]
        return (centered * scale + self.bias[None, :, None, None]).to(x.dtype)

    @torch.no_grad()
    def _update_running_stats(self, mean: torch.Tensor, var: torch.Tensor, n: torch.Tensor) -> None:
        self.num_batches_tracked.add_(1)
        factor = self.momentum if self.momentum is not None else 1.0 / self.num_batches_tracked.item()
        self.running_mean.lerp_(mean, factor)
        self.running_var.lerp_(var * n / (n - 1).clamp(min=1), factor)


def use_global_batchnorm(model: nn.Module) -> nn.Module:
    """Turn every BatchNorm2d of `model` into a GlobalBatchNorm in place (same state dict), and let
    modules with batch statistics of their own (an `across_ranks` flag: the classifier's Standardize)
    take them over the global batch too."""
    for module in model.modules():
        if type(module) is nn.BatchNorm2d:
            module.__class__ = GlobalBatchNorm
        if hasattr(module, "across_ranks"):
            module.across_ranks = True
    return model
