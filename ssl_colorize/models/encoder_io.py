"""Load a pretrained encoder strictly (run dir, checkpoint or safetensors) and export it.

Strict means: every encoder weight must be present with the right shape and nothing else may be
named encoder.*; only decoder (and head) keys of a colorizer checkpoint are left out.
"""

import hashlib
import json
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from ssl_colorize.checkpoint import find_checkpoint, load_checkpoint, save_atomic
from ssl_colorize.errors import UserError
from ssl_colorize.models.colorizer import input_channels
from ssl_colorize.models.registry import create_encoder

ENCODER_PREFIX = "encoder."


def _strict_load(encoder: torch.nn.Module, state: dict[str, torch.Tensor], source: Path) -> None:
    try:
        encoder.load_state_dict(state, strict=True)
    except RuntimeError as error:
        detail = " ".join(str(error).split())[:200]
        raise UserError(f"{source} does not fit the {type(encoder).__name__} it names: {detail}") from None


def weights_digest(state: dict[str, torch.Tensor]) -> str:
    """First 10 hex digits of a SHA-1 over the tensors' names and bytes: the same weights, the same id."""
    digest = hashlib.sha1()
    for key in sorted(state):
        digest.update(key.encode())
        digest.update(state[key].detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()[:10]


def encoder_identity(source: Path, state: dict[str, torch.Tensor]) -> str:
    """'<run or file name>:<weights digest>', so results of two pretraining runs are never pooled."""
    name = source.parent.name if source.suffix == ".pt" else source.stem if source.is_file() else source.name
    return f"{name}:{weights_digest(state)}"


def load_encoder(source: Path) -> tuple[torch.nn.Module, dict]:
    """Encoder weights from a pretraining run dir, a checkpoint, or an exported .safetensors file.

    Returns the encoder (CPU, eval mode) and its metadata: model name, pretext objective, and an id
    (see encoder_identity).
    """
    source = Path(source)
    if source.suffix == ".safetensors" and source.is_file():
        try:
            state = load_file(source)
            with open(source, "rb") as handle:  # metadata lives in the JSON header
                header_len = int.from_bytes(handle.read(8), "little")
                metadata = json.loads(handle.read(header_len)).get("__metadata__", {})
        except (SafetensorError, OSError, ValueError) as error:
            raise UserError(f"{source} is not a readable safetensors file ({error})") from None
        if "model" not in metadata:
            raise UserError(f"{source} has no 'model' metadata: not an ssl-colorize encoder export")
        info = {"model": metadata["model"], "pretext": metadata.get("pretext", "unknown")}
        in_chans = int(metadata.get("in_chans", 1))  # exports from before color hints read L only
        if "id" in metadata:  # the pretraining run it was exported from
            info["id"] = metadata["id"]
    else:
        checkpoint = load_checkpoint(find_checkpoint(source))
        if checkpoint.get("stage") != "pretrain":
            raise UserError(f"{source} is not a pretraining checkpoint (stage {checkpoint.get('stage')!r})")
        state = encoder_state(checkpoint)
        info = {"model": checkpoint["config"]["model"], "pretext": checkpoint["config"]["objective"]}
        in_chans = input_channels(checkpoint["config"])
        info["id"] = pretraining_identity(source, checkpoint)
    encoder = create_encoder(info["model"], in_chans)
    _strict_load(encoder, state, source)
    info.setdefault("id", encoder_identity(source, state))
    return encoder.eval(), info


def encoder_state(checkpoint: dict) -> dict[str, torch.Tensor]:
    """The encoder's weights of a pretraining checkpoint (its U-Net's `encoder.` entries, prefix dropped)."""
    return {
        key[len(ENCODER_PREFIX) :]: value
        for key, value in checkpoint["model"].items()
        if key.startswith(ENCODER_PREFIX)
    }


def pretraining_identity(source: Path, checkpoint: dict) -> str:
    """The encoder id of a pretraining checkpoint read from `source`; a colorizer export keeps its run's."""
    return checkpoint.get("encoder_id") or encoder_identity(Path(source), encoder_state(checkpoint))


# What a colorizer export keeps of a pretraining checkpoint: enough to colorize, evaluate and co-train.
COLORIZER_KEYS = ("stage", "model", "objective", "config")


def half_weights(state: dict[str, torch.Tensor], source: Path) -> dict[str, torch.Tensor]:
    """`state` with its floating tensors in float16 (integer counters kept), refused if any overflows."""
    halved = {key: value.half() if value.is_floating_point() else value for key, value in state.items()}
    overflowed = [key for key, value in halved.items() if value.is_floating_point() and not value.isfinite().all()]
    if overflowed:
        raise UserError(f"{source} has weights beyond float16's range ({overflowed[0]}): export without --half")
    return halved


def export_pretrained(run: Path, out: Path, overwrite: bool = False, half: bool = False) -> Path:
    """Write the encoder of a pretraining run as safetensors, with model name and pretext as metadata;
    or, for an `out` ending in .pt, the whole colorizer (weights, color bins, config, the run's encoder
    id) without optimizer state: a third of the checkpoint's size, read with weights_only like any.

    half=True stores the weights in float16 (half the size; loading casts them back to the model's
    float32). Rounded weights are other weights, so the export gets its own id: the run's name with
    the digest of the rounded encoder, and its rows are never pooled with the run's."""
    out = Path(out)
    if out.exists() and not overwrite:
        raise UserError(f"{out} already exists; pass --overwrite to replace it")
    if out.suffix not in (".safetensors", ".pt"):
        raise UserError(f"--out must end in .safetensors (the encoder) or .pt (the colorizer), got {out.name}")
    encoder, info = load_encoder(run)
    state = {key: value.contiguous() for key, value in encoder.state_dict().items()}
    if half:
        state = half_weights(state, Path(run))
        info["id"] = f"{info['id'].rsplit(':', 1)[0]}:{weights_digest(state)}"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".pt":
        checkpoint = load_checkpoint(find_checkpoint(run))
        if half:
            checkpoint["model"] = half_weights(checkpoint["model"], Path(run))
        save_atomic({**{key: checkpoint[key] for key in COLORIZER_KEYS}, "encoder_id": info["id"]}, out)
        return out
    channels = encoder.in_chans
    layout = "CIE L* / 50 - 1" + (", then a* and b* / 110 (zeros: unknown)" if channels > 1 else "")
    metadata = {**info, "in_chans": str(channels), "input": f"{layout}, shape (B, {channels}, H, W)"}
    save_file(state, str(out), metadata=metadata)
    return out


def widen_input(encoder: torch.nn.Module, in_chans: int) -> torch.nn.Module:
    """Give a 1-channel (gray) encoder `in_chans` input channels, in place: the first conv keeps its
    weights on channel 0 and gets zeros for the others, so on an input whose channel 0 is the gray
    input it computes exactly what it did, and finetuning can learn to use the new channels. An
    encoder that already reads that many (pretrained with color hints) is returned as it is."""
    if encoder.in_chans == in_chans:
        return encoder
    if encoder.in_chans != 1:
        raise UserError(f"only a gray (1-channel) encoder can be widened; this one takes {encoder.in_chans}")
    parent, name, conv = next(
        (parent, name, child)
        for parent in encoder.modules()
        for name, child in parent.named_children()
        if isinstance(child, torch.nn.Conv2d)
    )  # the first conv in definition order is the one that reads the input, in every registered model
    wide = torch.nn.Conv2d(
        in_chans, conv.out_channels, conv.kernel_size, conv.stride, conv.padding, conv.dilation, conv.groups,
        conv.bias is not None,
    )  # fmt: skip
    with torch.no_grad():
        wide.weight.zero_()
        wide.weight[:, :1] = conv.weight
        if conv.bias is not None:
            wide.bias.copy_(conv.bias)
    setattr(parent, name, wide)
    encoder.in_chans = in_chans
    return encoder
