"""The one training loop, shared by pretraining, finetune/scratch and the throughput benchmark.

A stage says only what is its own (batch -> network input and targets, output -> loss, what to do
after an epoch); the engine does the rest: autocast, optimizer and schedule, data parallelism
(DistributedDataParallel under torchrun), loss bookkeeping without a host sync inside the step, the
non-finite-loss stop, checkpoints (every epoch, or only at the end, and every `save_every` steps), and
SIGTERM/SIGINT, which save a checkpoint and stop cleanly.
"""

import math
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import torch
from torch.nn.parallel import DistributedDataParallel

from ssl_colorize.checkpoint import remove_stale_temporaries, save_atomic
from ssl_colorize.data.loader import BatchIterator
from ssl_colorize.distributed import World
from ssl_colorize.errors import UserError
from ssl_colorize.progress import progress_bar
from ssl_colorize.runtime import autocast

STOP_CHECK_EVERY = 10  # steps between the ranks' agreement on a stop signal (one tiny all-reduce)


class Interrupted(Exception):
    """SIGTERM or SIGINT arrived; the run saved what it could and stopped."""

    def __init__(self, signum: int, saved: Path | None, resume_hint: str | None = None) -> None:
        name = signal.Signals(signum).name
        where = "nothing to resume"
        if saved:
            where = f"checkpoint saved to {saved}; {resume_hint or f'resume with --resume {saved.parent}'}"
        super().__init__(f"stopped by {name}: {where}")
        self.exit_code = 128 + signum


class TrainingStage(Protocol):
    """What a stage adds to the loop."""

    def start_epoch(self, epoch: int) -> None:
        """Set train/eval modes for epoch `epoch` (0-based)."""

    def inputs(self, rgb: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, object]:
        """Augmented RGB (b, 3, H, W) in [0, 1] and labels (b,) -> (network input, loss targets)."""

    def loss(self, output: torch.Tensor, targets: object) -> torch.Tensor:
        """Network output (under autocast) and targets -> scalar loss (fp32)."""

    def end_epoch(self, summary: "EpochSummary") -> bool:
        """Validate, log, plot (rank 0 writes); True when this epoch's weights are the best so far."""

    def state(self) -> dict:
        """The stage's own checkpoint entries (config, objective state, best validation loss...)."""


@dataclass
class EpochSummary:
    epoch: int  # 1-based
    epochs: int
    train_loss: float  # mean over the epoch's steps and all ranks
    seconds: float
    images_per_second: float  # global (all ranks)
    lr: float


@dataclass
class Position:
    """Where a run stands: `epoch` epochs done, `step` steps of the next; the partial epoch's loss
    sum (averaged over ranks) and seconds, and its generator state (needed when step > 0)."""

    epoch: int = 0
    step: int = 0
    loss_sum: float = 0.0
    seconds: float = 0.0
    generator: torch.Tensor | None = None

    @classmethod
    def from_checkpoint(cls, checkpoint: dict) -> "Position":
        return cls(
            checkpoint["epoch"],
            checkpoint.get("step", 0),
            checkpoint.get("loss_sum", 0.0),
            checkpoint.get("seconds", 0.0),
            checkpoint.get("generator"),
        )


@dataclass
class LoopSettings:
    epochs: int
    device: torch.device
    precision: str
    world: World = field(default_factory=World)
    run_dir: Path | None = None  # where last.pt / best.pt go; None: no checkpoints
    save_every: int | None = None  # also save last.pt every N steps
    progress: bool = True
    label: str = "train"
    compile: bool = False  # torch.compile the network (checkpoints keep the plain model's keys)
    save_each_epoch: bool = True  # False: last.pt only every save_every steps, on a stop, and at the end
    resume_hint: str | None = None  # what the stop message tells the user to run (default: --resume RUN_DIR)


class StopSignals:
    """SIGTERM/SIGINT set a flag the loop reads between steps; a second signal acts as usual."""

    def __init__(self) -> None:
        self.received = 0
        self._previous: dict[int, object] = {}

    def _handle(self, signum, frame) -> None:
        self.received = signum
        signal.signal(signum, self._previous[signum])

    def __enter__(self) -> "StopSignals":
        for signum in (signal.SIGTERM, signal.SIGINT):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


class Engine:
    """Owns the model's training: one `step`, and `fit` over epochs from a Position."""

    def __init__(self, model: torch.nn.Module, optimizer, schedule, settings: LoopSettings) -> None:
        self.model, self.optimizer, self.schedule, self.settings = model, optimizer, schedule, settings
        self.network = model
        if settings.world.distributed:
            device_ids = [settings.device.index] if settings.device.type == "cuda" else None
            self.network = DistributedDataParallel(model, device_ids=device_ids)
        if settings.compile:
            self.network = torch.compile(self.network)

    def step(self, stage: TrainingStage, rgb: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """One optimizer step on a batch; returns the detached loss (no host sync)."""
        net_input, targets = stage.inputs(rgb, labels)
        with autocast(self.settings.device, self.settings.precision):
            output = self.network(net_input)
        loss = stage.loss(output, targets)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        self.schedule.step()
        return loss.detach()

    def load(self, checkpoint: dict) -> Position:
        """Restore model, optimizer, schedule and RNG from a checkpoint of this engine's `state`."""
        self.model.load_state_dict(checkpoint["model"])
        self.optimizer.load_state_dict(checkpoint["optimizer"])
        self.schedule.load_state_dict(checkpoint["schedule"])
        torch.set_rng_state(checkpoint["rng"]["torch"])
        return Position.from_checkpoint(checkpoint)

    def state(self, stage: TrainingStage, position: Position) -> dict:
        return {
            **stage.state(),
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "schedule": self.schedule.state_dict(),
            "epoch": position.epoch,
            "step": position.step,
            "loss_sum": position.loss_sum,
            "seconds": position.seconds,
            "generator": position.generator,
            "rng": {"torch": torch.get_rng_state()},
        }

    def save(self, stage: TrainingStage, position: Position, best: bool = False) -> Path | None:
        """last.pt (and best.pt) in the run directory, rank 0 only, each written atomically."""
        run_dir = self.settings.run_dir
        if run_dir is None:
            return None
        if self.settings.world.is_main:
            state = self.state(stage, position)
            if best:
                save_atomic(state, run_dir / "best.pt")
            save_atomic(state, run_dir / "last.pt")
        return run_dir / "last.pt"

    def _should_stop(self, stops: StopSignals, step: int) -> bool:
        """Whether a stop signal arrived here (or, under torchrun, on any rank: checked every few steps)."""
        world = self.settings.world
        if not world.distributed:
            return stops.received != 0
        if step % STOP_CHECK_EVERY:
            return False
        flag = torch.tensor([float(stops.received != 0)], device=self.settings.device)
        if world.all_reduce_sum(flag).item() == 0:
            return False
        stops.received = stops.received or signal.SIGTERM  # another rank got it (torchrun forwards SIGTERM)
        return True

    def _partial(self, epoch: int, step: int, loss_sum: torch.Tensor, seconds: float, generator) -> Position:
        """The position after `step` steps of `epoch`, losses averaged over ranks; stops on a bad loss."""
        world = self.settings.world
        mean_sum = world.all_reduce_sum(loss_sum).item() / world.size
        if not math.isfinite(mean_sum):
            raise UserError(
                f"the training loss became {mean_sum} in epoch {epoch + 1}; stopped without saving it. "
                f"{self.settings.run_dir or 'the run'} keeps the last good checkpoint (if any): try a lower --lr"
            )
        return Position(epoch, step, mean_sum, seconds, generator.get_state())

    def _epoch_steps(self, stage, loader: BatchIterator, resumed: Position, stops: StopSignals, bar, task):
        """Run the steps of epoch `resumed.epoch` from `resumed.step`; returns (loss sum, seconds, generator).

        Saves last.pt every `save_every` steps; on a stop signal saves and raises Interrupted.
        """
        settings, epoch, steps = self.settings, resumed.epoch, len(loader)
        generator = loader.generator(epoch)
        order = loader.order(generator)
        if resumed.step:
            generator.set_state(resumed.generator)
        loss_sum = torch.full((), resumed.loss_sum, device=settings.device)
        began = time.perf_counter() - resumed.seconds
        stage.start_epoch(epoch)
        for done, (rgb, labels) in enumerate(loader.batches(order, generator, resumed.step), resumed.step + 1):
            loss_sum += self.step(stage, rgb, labels)
            bar.update(task, advance=1, info=f"epoch {epoch + 1}")
            stop = self._should_stop(stops, done)
            periodic = settings.save_every and (epoch * steps + done) % settings.save_every == 0
            if (stop or periodic) and done < steps:
                saved = self.save(stage, self._partial(epoch, done, loss_sum, time.perf_counter() - began, generator))
                if stop:
                    raise Interrupted(stops.received, saved, settings.resume_hint)
        return loss_sum, time.perf_counter() - began, generator

    def fit(self, stage: TrainingStage, loader: BatchIterator, start: Position) -> None:
        """Train from `start` to the planned number of epochs; after each, the stage's end_epoch and a checkpoint."""
        settings, steps = self.settings, len(loader)
        if settings.run_dir is not None and settings.world.is_main:
            remove_stale_temporaries(settings.run_dir)
        with progress_bar(settings.progress) as bar, StopSignals() as stops:
            task = bar.add_task(settings.label, total=(settings.epochs - start.epoch) * steps - start.step, info="")
            for epoch in range(start.epoch, settings.epochs):
                resumed = start if epoch == start.epoch else Position(epoch)
                loss_sum, seconds, generator = self._epoch_steps(stage, loader, resumed, stops, bar, task)
                mean_sum = self._partial(epoch, steps, loss_sum, seconds, generator).loss_sum
                rate = (steps - resumed.step) * loader.batch_size / (seconds - resumed.seconds)
                lr = self.schedule.get_last_lr()[0]
                best = stage.end_epoch(EpochSummary(epoch + 1, settings.epochs, mean_sum / steps, seconds, rate, lr))
                stop, last = self._should_stop(stops, 0), epoch + 1 == settings.epochs
                periodic = settings.save_every and (epoch + 1) * steps % settings.save_every == 0
                if settings.save_each_epoch or best or stop or last or periodic:
                    saved = self.save(stage, Position(epoch + 1), best)
                if stop and not last:
                    raise Interrupted(stops.received, saved, settings.resume_hint)
