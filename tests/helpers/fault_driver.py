"""`python -m ssl_colorize` with one fault injected, for tests/test_faults.py.

FAULT=kind:N (or none):
  step:N   SIGKILL right after optimizer step N of this process (a crash mid-epoch)
  write:N  SIGKILL in the middle of the N-th checkpoint write (half the temporary file on disk)
  saved:N  SIGKILL right after the N-th checkpoint file is in place (between epoch end and the next step)
  term:N   SIGTERM to itself after step N (a preempted cluster job; the run must save and exit)
"""

import os
import signal

import torch

from ssl_colorize import checkpoint
from ssl_colorize.train import engine

kind, _, number = os.environ.get("FAULT", "none").partition(":")
count = {"n": 0}


def reached() -> bool:
    count["n"] += 1
    return count["n"] == int(number)


if kind in ("step", "term"):
    real_step = engine.Engine.step

    def step(self, *args):
        loss = real_step(self, *args)
        if reached():
            os.kill(os.getpid(), signal.SIGKILL if kind == "step" else signal.SIGTERM)
        return loss

    engine.Engine.step = step
elif kind == "write":
    real_save = torch.save

    def save_half(obj, path, *args, **kwargs):
        real_save(obj, path, *args, **kwargs)
        if reached():
            os.truncate(path, os.path.getsize(path) // 2)
            os.kill(os.getpid(), signal.SIGKILL)

    checkpoint.torch.save = save_half
elif kind == "saved":
    real_atomic = engine.save_atomic

    def save_then_die(state, path):
        real_atomic(state, path)
        if reached():
            os.kill(os.getpid(), signal.SIGKILL)

    engine.save_atomic = save_then_die

from ssl_colorize.cli import app  # noqa: E402 - after the patches, like any user of the package

app(prog_name="ssl-colorize")
