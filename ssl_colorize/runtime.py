"""Device, precision and seeding: the runtime choices every stage (training, colorizing, evaluating) shares."""

import contextlib
import logging
import random
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ssl_colorize.errors import UserError

DEVICES = ("auto", "cpu", "cuda")
PRECISIONS = ("auto", "fp32", "bf16")

log = logging.getLogger(__name__)


def resolve_device(name: str) -> torch.device:
    """'auto' picks CUDA when present; asking for CUDA without one is a user error."""
    if name not in DEVICES:
        raise UserError(f"unknown device {name!r}; choose one of {', '.join(DEVICES)}")
    if name == "cuda" and not torch.cuda.is_available():
        raise UserError("--device cuda asked for, but no CUDA GPU is visible")
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def read_cpuinfo(path: Path = Path("/proc/cpuinfo")) -> dict[str, str]:
    """The CPU's fields ('model name', 'flags', ...) from /proc/cpuinfo; empty where it cannot be read."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return {}
    return {key.strip(): value.strip() for key, value in (line.split(":", 1) for line in lines if ":" in line)}


def bf16_unit(cpuinfo: dict[str, str]) -> str | None:
    """The CPU's native bf16 unit: 'AMX', 'AVX512-BF16', or None."""
    flags = set(cpuinfo.get("flags", "").split())
    return "AMX" if "amx_bf16" in flags else "AVX512-BF16" if "avx512_bf16" in flags else None


def cpu_model(path: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model name and bf16 unit, e.g. 'AMD EPYC (AVX512-BF16)': the machines change from one
    session to the next, and bf16 speed depends on the unit."""
    cpuinfo = read_cpuinfo(path)
    if not cpuinfo:
        return "cpu"
    return f"{cpuinfo.get('model name', 'cpu')} ({bf16_unit(cpuinfo) or 'no bf16 unit'})"


def cpu_supports_bf16() -> bool:
    """True when the CPU has native bf16 math (AVX512-BF16 or AMX), where autocast pays off."""
    return bf16_unit(read_cpuinfo()) is not None or "AMX" in torch.backends.cpu.get_cpu_capability()


def resolve_precision(name: str, device: torch.device) -> str:
    """'auto' is bf16 where the hardware does bf16 natively (measured ~2x on CPU), else fp32."""
    if name not in PRECISIONS:
        raise UserError(f"unknown precision {name!r}; choose one of {', '.join(PRECISIONS)}")
    if name == "bf16" and device.type == "cpu" and not cpu_supports_bf16():
        # Measured on an AVX2-only AMD EPYC: bf16 matmul 0.3-2 GFLOP/s against fp32's 118-147.
        log.warning("--precision bf16 on a CPU without a bf16 unit is emulated, far slower than fp32; use auto")
    if name != "auto":
        return name
    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    return "bf16" if cpu_supports_bf16() else "fp32"


def autocast(device: torch.device, precision: str) -> contextlib.AbstractContextManager:
    """bf16 autocast for the forward pass (losses are computed in fp32 by the objectives)."""
    if precision == "bf16":
        return torch.autocast(device.type, dtype=torch.bfloat16)
    return contextlib.nullcontext()


def prepare_model(model: nn.Module, device: torch.device) -> nn.Module:
    """Move to device in channels_last, which the bf16 convolution kernels prefer."""
    return model.to(device=device, memory_format=torch.channels_last)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
