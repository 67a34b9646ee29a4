"""Device names in reports (which CPU a row was measured on) and the precision each CPU gets."""

import logging

import pytest
import torch

from ssl_colorize import runtime
from ssl_colorize.runtime import cpu_model, resolve_precision

PROCESSOR = "processor\t: {n}\nmodel name\t: {model}\nflags\t\t: fpu sse2 {flags}\npower management:\n\n"


@pytest.mark.parametrize(
    ("model", "flags", "expected"),
    [
        ("Intel Xeon Processor", "avx512_bf16 amx_bf16 amx_tile", "Intel Xeon Processor (AMX)"),
        ("AMD EPYC", "avx512f avx512_bf16", "AMD EPYC (AVX512-BF16)"),
        ("Old CPU", "avx2", "Old CPU (no bf16 unit)"),
    ],
)
def test_cpu_model_names_the_model_and_its_bf16_unit(tmp_path, model, flags, expected):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("".join(PROCESSOR.format(n=n, model=model, flags=flags) for n in range(2)))
    assert cpu_model(cpuinfo) == expected


def test_cpu_model_without_cpuinfo_is_plain_cpu(tmp_path):
    assert cpu_model(tmp_path / "missing") == "cpu"


@pytest.mark.parametrize(
    ("native", "asked", "expected", "warns"),
    [
        (True, "auto", "bf16", False),
        (False, "auto", "fp32", False),
        (True, "bf16", "bf16", False),
        (False, "bf16", "bf16", True),
        (False, "fp32", "fp32", False),
    ],
)
def test_cpu_precision_follows_the_bf16_unit_and_warns_when_bf16_is_emulated(
    monkeypatch, caplog, native, asked, expected, warns
):
    monkeypatch.setattr(runtime, "cpu_supports_bf16", lambda: native)
    with caplog.at_level(logging.WARNING, logger=runtime.__name__):
        assert resolve_precision(asked, torch.device("cpu")) == expected
    assert ("emulated" in caplog.text) == warns
