"""Stage two's settings: the transfer options, their checks, and a results row's recipe field."""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ssl_colorize.data.loader import AUGMENTATIONS
from ssl_colorize.errors import require
from ssl_colorize.models.heads import parse_pool
from ssl_colorize.models.inference import INPUT_KINDS
from ssl_colorize.models.registry import DEFAULT_MODEL, MODELS

MODES = ("linear", "finetune", "scratch")
INITS = ("pretrained", "random")

EVAL_SPLITS = ("val", "test")

# The trained modes' defaults where the validation split put them in the CPU study (README "Encoder study"):
# a pretrained encoder takes a higher lr than a random init, and label smoothing helps scratch only. The
# linear probe uses neither (L-BFGS, --linear-l2). The default --layer-decay 0.7 won at 1% labels and tied
# at 10% and 100%.
RECIPE_DEFAULTS = {"finetune": {"lr": 5e-3, "label_smoothing": 0.0}, "scratch": {"lr": 2e-3, "label_smoothing": 0.1}}

# Linear: L-BFGS iterations on cached features. Finetune/scratch: epochs over the labeled subset,
# with at least `min_steps` optimizer steps so that 1% of the labels still gets a real schedule.
DEFAULT_EPOCHS = {"linear": 300, "finetune": 15, "scratch": 15}


@dataclass
class TransferConfig:
    """One transfer run. `epochs`, `lr` and `label_smoothing` None mean the mode's default (DEFAULT_EPOCHS,
    RECIPE_DEFAULTS)."""

    mode: str = "linear"
    encoder: str | None = None
    init: str = "pretrained"
    model: str = DEFAULT_MODEL
    dataset: str = "cifar100"
    data_dir: str = "data"
    label_fraction: float | None = 1.0
    labels_per_class: int | None = None
    seed: int = 0
    epochs: int | None = None
    min_steps: int = 1000
    batch_size: int = 128
    lr: float | None = None
    encoder_lr_scale: float = 1.0
    layer_decay: float = 0.7
    weight_decay: float = 0.05
    l2_sp: float = 0.0
    label_smoothing: float | None = None
    ema: float = 0.0
    augment: str = "crop-flip"
    lp_ft: bool = False
    freeze_bn: bool = False
    pretext_weight: float = 0.0
    pretext_from: str | None = None
    sync_bn: bool = False
    compile: bool = False
    linear_l2: float = 1e-3
    pool: str = "all"
    pool_grid: int = 1
    input: str = "gray"
    device: str = "auto"
    precision: str = "auto"
    limit: int | None = None
    val_size: int | None = None
    test_size: int | None = None
    eval_split: str = "val"
    image_size: int = 32
    cache_dir: str | None = None
    checkpoint_dir: str | None = None
    save_every: int = 500

    def __post_init__(self) -> None:
        for name, value in RECIPE_DEFAULTS.get(self.mode, {}).items():
            if getattr(self, name) is None:
                setattr(self, name, value)

    def validate(self) -> None:
        """One UserError line for any setting out of range (checked before data is read)."""
        require(
            [
                (self.mode in MODES, f"--mode must be one of {', '.join(MODES)}"),
                (self.init in INITS, f"--init must be one of {', '.join(INITS)}"),
                (
                    self.mode == "finetune" or not (self.lp_ft or self.freeze_bn),
                    "--lp-ft and --freeze-bn apply to --mode finetune only",
                ),
                (0 <= self.pretext_weight <= 100, f"--pretext-weight must be in [0, 100], got {self.pretext_weight}"),
                (
                    self.mode != "linear" or self.pretext_weight == 0,
                    "--pretext-weight applies to --mode finetune or scratch (a linear probe's encoder is frozen)",
                ),
                (
                    self.mode != "scratch" or (self.pretext_weight == 0) == (self.pretext_from is None),
                    "--mode scratch with --pretext-weight needs --pretext-from RUN (the pretext's settings), "
                    "and --pretext-from needs --pretext-weight",
                ),
                (
                    self.mode == "scratch" or self.pretext_from is None,
                    "--pretext-from applies to --mode scratch only (finetune co-trains with its --encoder's pretext)",
                ),
                (
                    self.pretext_weight == 0 or not str(self.pretext_source()).endswith(".safetensors"),
                    "--pretext-weight needs the pretraining run or its .pt colorizer export, not an encoder export",
                ),
                (
                    self.mode != "linear" or self.checkpoint_dir is None,
                    "--checkpoint-dir applies to --mode finetune or scratch (a linear probe takes seconds)",
                ),
                (1 <= self.save_every <= 10_000_000, f"--save-every must be at least 1, got {self.save_every}"),
                (self.model in MODELS, f"--model must be one of {', '.join(MODELS)}"),
                (self.input in INPUT_KINDS, f"--input must be one of {', '.join(INPUT_KINDS)}"),
                (
                    self.mode != "linear" or self.input == "gray",
                    "--mode linear takes --input gray (a frozen encoder cannot learn to use colors)",
                ),
                (
                    self.mode != "finetune" or self.input != "rgb",
                    "--mode finetune takes --input gray, or lab to add the colors (a colorization encoder sees L)",
                ),
                (self.eval_split in EVAL_SPLITS, f"--eval-split must be val or test, got {self.eval_split!r}"),
                (self.epochs is None or 1 <= self.epochs <= 100_000, f"--epochs must be at least 1, got {self.epochs}"),
                (0 <= self.min_steps <= 10_000_000, f"--min-steps must be 0 or more, got {self.min_steps}"),
                (1 <= self.batch_size <= 65_536, f"--batch-size must be 1 to 65536, got {self.batch_size}"),
                (self.lr is None or 0 < self.lr <= 10, f"--lr must be in (0, 10], got {self.lr}"),
                (
                    0 <= self.encoder_lr_scale <= 100,
                    f"--encoder-lr-scale must be in [0, 100], got {self.encoder_lr_scale}",
                ),
                (0 < self.layer_decay <= 1, f"--layer-decay must be in (0, 1], got {self.layer_decay}"),
                (0 <= self.weight_decay <= 10, f"--weight-decay must be in [0, 10], got {self.weight_decay}"),
                (0 <= self.l2_sp <= 100, f"--l2-sp must be in [0, 100], got {self.l2_sp}"),
                (
                    self.mode == "finetune" or self.l2_sp == 0,
                    "--l2-sp applies to --mode finetune only (it keeps pretrained weights near their start)",
                ),
                (
                    self.label_smoothing is None or 0 <= self.label_smoothing < 1,
                    f"--label-smoothing must be in [0, 1), got {self.label_smoothing}",
                ),
                (0 <= self.ema < 1, f"--ema must be in [0, 1), got {self.ema}"),
                (
                    self.mode != "linear" or (self.ema == 0 and self.augment == "crop-flip"),
                    "--ema and --augment apply to --mode finetune or scratch (a linear probe fits cached features)",
                ),
                (self.augment in AUGMENTATIONS, f"--augment must be one of {', '.join(AUGMENTATIONS)}"),
                (1 <= self.pool_grid <= 8, f"--pool-grid must be 1 to 8, got {self.pool_grid}"),
                (0 <= self.linear_l2 <= 1e3, f"--linear-l2 must be in [0, 1000], got {self.linear_l2}"),
                (self.limit is None or self.limit >= 1, f"--limit must be at least 1, got {self.limit}"),
                (self.val_size is None or self.val_size >= 1, f"--val-size must be at least 1, got {self.val_size}"),
                (
                    self.test_size is None or self.test_size >= 1,
                    f"--test-size must be at least 1, got {self.test_size}",
                ),
                (
                    self.labels_per_class is None or self.labels_per_class >= 1,
                    f"--labels-per-class must be at least 1, got {self.labels_per_class}",
                ),
                # last: a wrong value of one option is the more specific message
                (
                    self.mode != "finetune" or self.init == "pretrained",
                    "--init random applies to --mode linear (the probe's control); --mode scratch trains a random init",
                ),
                (
                    not self.random_init() or self.encoder is None,
                    "--encoder was given with a random init (--mode scratch or --init random)",
                ),
                (
                    self.random_init() or self.encoder is not None,
                    f"--mode {self.mode} needs --encoder RUN_DIR|FILE"
                    + (" (or --init random)" if self.mode == "linear" else "; --mode scratch trains a random init"),
                ),
            ]
        )
        parse_pool(self.pool, 4)

    def random_init(self) -> bool:
        """Whether the encoder starts from random weights (scratch, or the probe's control)."""
        return self.mode == "scratch" or self.init == "random"

    def pretext_source(self) -> str | None:
        """The pretraining run (or colorizer export) whose pretext co-training keeps on: finetune's
        encoder, or scratch's --pretext-from."""
        return self.pretext_from if self.mode == "scratch" else self.encoder

    def recipe(self) -> str:
        """The settings that define a result besides data, encoder and seed, as one CSV field."""
        pool = [f"pool={self.pool}"] + [f"grid={self.pool_grid}"] * (self.pool_grid > 1)  # rows before it: 1
        if self.mode == "linear":
            return " ".join([*pool, f"l2={self.linear_l2:g}"])
        parts = [*pool, f"lr={self.lr:g}", f"wd={self.weight_decay:g}", f"ls={self.label_smoothing:g}"]
        parts += [f"input={self.input}"] * (self.input != "gray")  # rows from before --input are gray
        parts += [f"augment={self.augment}"] * (self.augment != "crop-flip")  # rows before --augment: crop-flip
        parts += [f"ema={self.ema:g}"] * (self.ema > 0)
        if self.mode == "finetune":
            parts += [f"enc_lr={self.encoder_lr_scale:g}", f"layer_decay={self.layer_decay:g}"]
            parts += [f"l2_sp={self.l2_sp:g}"] * (self.l2_sp > 0)
            parts += ["lp_ft"] * self.lp_ft + ["freeze_bn"] * self.freeze_bn
        parts += [f"pretext_w={self.pretext_weight:g}"] * (self.pretext_weight > 0)
        return " ".join(parts)

    def run_checkpoint_dir(self) -> Path | None:
        """This run's folder under --checkpoint-dir (one per label share and seed), or None."""
        if self.checkpoint_dir is None:
            return None
        per_class = self.labels_per_class
        share = f"fraction{self.label_fraction:g}" if per_class is None else f"per-class{per_class}"
        return Path(self.checkpoint_dir) / f"{share}-seed{self.seed}"


def steps_per_epoch(labeled: int, batch_size: int) -> int:
    """Optimizer steps in an epoch over `labeled` images: a batch larger than the labeled set shrinks to it."""
    return max(1, labeled // batch_size)


def training_steps(results: pd.DataFrame, batch_size: int = TransferConfig.batch_size) -> pd.Series:
    """A results table's optimizer steps per finetune/scratch row: epochs x steps per epoch over
    its `train_images`. The CSV does not record the batch: the default is the option's."""
    return results["epochs"] * results["train_images"].map(lambda labeled: steps_per_epoch(labeled, batch_size))


# recipe() keys -> CLI options, so a CSV row's recipe can be rerun as written (flags have no value).
RECIPE_OPTIONS = {
    "pool": "--pool", "grid": "--pool-grid", "l2": "--linear-l2", "lr": "--lr", "wd": "--weight-decay",
    "ls": "--label-smoothing", "enc_lr": "--encoder-lr-scale", "layer_decay": "--layer-decay", "lp_ft": "--lp-ft",
    "freeze_bn": "--freeze-bn", "input": "--input", "pretext_w": "--pretext-weight", "l2_sp": "--l2-sp",
    "augment": "--augment", "ema": "--ema",
}  # fmt: skip


def recipe_arguments(recipe: str) -> list[str]:
    """A results row's recipe field -> the `ssl-colorize transfer` options that reproduce it."""
    arguments = []
    for part in recipe.split():
        key, _, value = part.partition("=")
        arguments += [RECIPE_OPTIONS[key]] + ([value] if value else [])
    return arguments
