"""Stage two: transfer a pretrained encoder to classification (linear probe, finetune, scratch)."""

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

from ssl_colorize.checkpoint import load_checkpoint
from ssl_colorize.data.datasets import Split
from ssl_colorize.data.loader import AUGMENTATIONS, BatchIterator
from ssl_colorize.data.splits import load_protocol_splits
from ssl_colorize.data.subsets import stratified_subset
from ssl_colorize.distributed import World, check_batch_divides, init_world, use_global_batchnorm
from ssl_colorize.errors import UserError, require
from ssl_colorize.models.colorizer import load_pretraining_checkpoint
from ssl_colorize.models.encoder_io import load_encoder, pretraining_identity, widen_input
from ssl_colorize.models.heads import Classifier, Standardize, parse_pool
from ssl_colorize.models.inference import (
    INPUT_KINDS,
    classifier_input,
    evaluate_logits,
    extract_features,
    recalibrate_batchnorm,
    topk_accuracy,
)
from ssl_colorize.models.registry import DEFAULT_MODEL, MODELS, create_encoder
from ssl_colorize.progress import console
from ssl_colorize.rundir import append_csv_row, device_name, git_sha
from ssl_colorize.runtime import prepare_model, resolve_precision, seed_everything
from ssl_colorize.train.cotrain import co_training_stage
from ssl_colorize.train.ema import WeightAverage
from ssl_colorize.train.engine import Engine, EpochSummary, LoopSettings, Position
from ssl_colorize.train.optim import make_optimizer

MODES = ("linear", "finetune", "scratch")
INITS = ("pretrained", "random")
# A co-trained scratch row's encoder id: a random init, then the id of the run whose pretext it learned.
COTRAINED_ID_PREFIX = "random+pretext:"
EVAL_SPLITS = ("val", "test")
RESULT_COLUMNS = (
    "dataset", "encoder", "pretext", "init", "mode", "label_fraction", "labels_per_class", "seed", "epochs",
    "top1", "top5", "train_seconds", "images_per_second", "device", "torch_version", "git_sha", "timestamp",
    "encoder_id", "recipe", "eval_split", "train_images", "eval_images",
)  # fmt: skip

# The trained modes' defaults where the validation split put them in the CPU study (README "Encoder study"):
# a pretrained encoder takes a higher lr than a random init, and label smoothing helps scratch only. The
# linear probe uses neither (L-BFGS, --linear-l2). The default --layer-decay 0.7 won at 1% labels and tied
# at 10% and 100%.
RECIPE_DEFAULTS = {"finetune": {"lr": 5e-3, "label_smoothing": 0.0}, "scratch": {"lr": 2e-3, "label_smoothing": 0.1}}


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


# Settings that do not change what a run computes, so a resumed run may differ in them.
# The encoder and pretext runs enter as their identity (encoder_id), not as paths.
NOT_IDENTITY = (
    "encoder", "pretext_from", "device", "precision", "cache_dir", "checkpoint_dir", "save_every", "compile",
)  # fmt: skip


@dataclass
class RunCheckpoint:
    """Where a finetune/scratch run keeps its training state (--checkpoint-dir), the settings it was started
    with, and the checkpoint it resumes from (None: a fresh start)."""

    folder: Path
    identity: dict
    resume: dict | None

    @classmethod
    def open(cls, config: TransferConfig, encoder_id: str, labeled: int, fit_images: int) -> "RunCheckpoint | None":
        """The run's folder and its last.pt if one is there; a UserError if that run had other settings."""
        folder = config.run_checkpoint_dir()
        if folder is None:
            return None
        identity = {k: v for k, v in asdict(config).items() if k not in NOT_IDENTITY}
        identity |= {"data_dir": str(Path(config.data_dir).resolve()), "encoder_id": encoder_id,
                     "labeled_images": labeled, "fit_images": fit_images}  # fmt: skip
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"cannot create --checkpoint-dir folder {folder}: {error.strerror}") from None
        if not (folder / "last.pt").is_file():
            if (folder / "row.json").is_file():  # training again would end by skipping its own row
                raise UserError(f"{folder} has the row of a finished run but no last.pt; give another --checkpoint-dir")
            return cls(folder, identity, None)
        checkpoint = load_checkpoint(folder / "last.pt")
        saved = checkpoint["config"]
        differ = sorted(k for k in identity.keys() | saved.keys() if identity.get(k) != saved.get(k))
        if differ:
            raise UserError(
                f"{folder} holds a run with other settings ({', '.join(differ)}); give the same settings to resume "
                "it, or another --checkpoint-dir"
            )
        return cls(folder, identity, checkpoint)

    def finished_row(self) -> dict | None:
        """The results row the run appended when it finished, or None."""
        path = self.folder / "row.json"
        return json.loads(path.read_text()) if path.is_file() else None

    def record(self, row: dict) -> None:
        (self.folder / "row.json").write_text(json.dumps(row, indent=1) + "\n")


# Linear: L-BFGS iterations on cached features. Finetune/scratch: epochs over the labeled subset,
# with at least `min_steps` optimizer steps so that 1% of the labels still gets a real schedule.
DEFAULT_EPOCHS = {"linear": 300, "finetune": 15, "scratch": 15}


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


def load_pretext_run(config: TransferConfig) -> dict:
    """Scratch's --pretext-from checkpoint, checked to have trained the same --model."""
    checkpoint = load_pretraining_checkpoint(Path(config.pretext_from))
    trained = checkpoint["config"]["model"]
    if trained != config.model:
        raise UserError(f"--pretext-from {config.pretext_from} trained {trained}, not --model {config.model}")
    return checkpoint


def build_classifier(config: TransferConfig, num_classes: int) -> tuple[Classifier, dict]:
    """The classifier with a pretrained or random encoder, and {'encoder', 'pretext', 'init'} for the CSV.
    `config` is validated (its mode, init and encoder go together)."""
    if config.random_init():
        encoder = create_encoder(config.model, in_chans=INPUT_KINDS[config.input].channels)
        info = {"encoder": config.model, "pretext": "none", "init": "random", "id": "random"}
        if config.pretext_from is not None:  # co-trained: the encoder learns that run's pretext as it classifies
            checkpoint = load_pretext_run(config)
            settings = checkpoint["config"]
            # The pretext's run is part of the row's identity: co-training with two runs' settings (their
            # ab-bin rebalancing, their extra heads) are two candidates, never one recipe's seeds.
            identity = pretraining_identity(Path(config.pretext_from), checkpoint)
            info |= {"pretext": settings["objective"], "id": f"{COTRAINED_ID_PREFIX}{identity}"}
    else:
        encoder, meta = load_encoder(Path(config.encoder))
        if config.input == "lab":
            widen_input(encoder, INPUT_KINDS["lab"].channels)
        info = {"encoder": meta["model"], "pretext": meta["pretext"], "init": "pretrained", "id": meta["id"]}
    return Classifier(encoder, num_classes, config.pool, config.pool_grid), info


def fit_linear_head(
    standardize: Standardize,
    head: torch.nn.Linear,
    features: torch.Tensor,
    labels: torch.Tensor,
    iterations: int,
    l2: float,
) -> None:
    """Fit standardization and the linear head on cached features (N, D): L-BFGS, L2 on the weights."""
    standardize.fit(features)
    standardize.eval()
    standardized = standardize(features)
    optimizer = torch.optim.LBFGS(head.parameters(), lr=1.0, max_iter=iterations, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(head(standardized), labels) + 0.5 * l2 * head.weight.square().sum()
        loss.backward()
        return loss

    with torch.enable_grad():
        optimizer.step(closure)


def encoder_param_groups(encoder: torch.nn.Module, scale: float, layer_decay: float) -> list[dict]:
    """Parameter groups with lr scales: stage i of n gets scale * layer_decay ** (n - 1 - i), the stem
    (anything outside `stages`) scale * layer_decay ** n; layer_decay 1 gives every stage `scale`."""
    depth = len(encoder.stages)
    groups: dict[int, list] = {}
    for name, parameter in encoder.named_parameters():
        parts = name.split(".")
        stage = int(parts[1]) if parts[0] == "stages" else -1
        groups.setdefault(stage, []).append(parameter)
    return [
        {"params": params, "lr_scale": scale * layer_decay ** (depth - 1 - stage)}
        for stage, params in sorted(groups.items())
    ]


def training_plan(config: TransferConfig, labeled: int, world: World | None = None) -> tuple[int, int, int]:
    """(epochs, steps per epoch, global batch size) of a finetune/scratch run over `labeled` images.

    At least `min_steps` optimizer steps, so that 1% of the labels still gets a real schedule. A batch
    larger than the labeled set shrinks to it (to a multiple of the process count under torchrun).
    """
    processes = world.size if world else 1
    batch_size = min(config.batch_size, max(processes, labeled // processes * processes))
    steps_per_epoch = max(1, labeled // batch_size)
    epochs = config.epochs or DEFAULT_EPOCHS[config.mode]
    return max(epochs, -(-config.min_steps // steps_per_epoch)), steps_per_epoch, batch_size


def freeze_batchnorm(encoder: torch.nn.Module) -> None:
    """Keep the encoder's BatchNorm statistics (eval mode) while its weights train."""
    for module in encoder.modules():
        if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
            module.eval()


class ClassifierStage:
    """Finetune/scratch as a training stage: gray, Lab or RGB input, cross-entropy; about ten log lines a run.
    Its checkpoint entries: the run's settings (`identity`), the weight average, the training time so far."""

    def __init__(self, model: Classifier, config: TransferConfig, world: World, average: WeightAverage | None = None,
                 identity: dict | None = None) -> None:  # fmt: skip
        self.model, self.config, self.world = model, config, world
        self.average, self.identity = average, identity or {}
        self.seconds_before, self.started = 0.0, time.perf_counter()

    def train_seconds(self) -> float:
        """Seconds of training so far, over every process that resumed this run."""
        return self.seconds_before + time.perf_counter() - self.started

    def start_epoch(self, epoch: int) -> None:
        self.model.train()
        if self.config.freeze_bn and self.config.mode == "finetune":
            freeze_batchnorm(self.model.encoder)

    def inputs(self, rgb: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return classifier_input(rgb, self.config.input), labels

    def loss(self, output: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(output.float(), labels, label_smoothing=self.config.label_smoothing)

    def end_epoch(self, summary: EpochSummary) -> bool:
        tenth = summary.epoch % max(1, summary.epochs // 10) == 0 or summary.epoch == summary.epochs
        if self.world.is_main and tenth:  # about ten lines a run in logs
            mode = self.config.mode
            console.print(f"{mode} epoch {summary.epoch}/{summary.epochs}: mean loss {summary.train_loss:.3f}")
        return False

    def state(self) -> dict:
        ema = {"ema": self.average.state()} if self.average is not None else {}
        return {"config": self.identity, "train_seconds": self.train_seconds(), **ema}

    def load_state(self, checkpoint: dict) -> None:
        """Continue from a checkpoint of `state` (and the engine's)."""
        self.seconds_before = checkpoint["train_seconds"]
        if self.average is not None:
            self.average.load_state(checkpoint["ema"])


def train_end_to_end(model: Classifier, train: Split, fit: Split, config: TransferConfig, device, precision,
                     world: World, saving: RunCheckpoint | None = None) -> tuple[int, float]:  # fmt: skip
    """Finetune or scratch training with --augment on the labeled `train`; with --pretext-weight also the
    pretext on every `fit` image (cotrain.py); with --ema the model ends with its weights' moving average.
    With `saving`, checkpoints every --save-every steps and on a stop, and resumes from its checkpoint.
    Returns the number of labeled images processed and the seconds earlier processes trained this run."""
    epochs, _, batch_size = training_plan(config, len(train), world)
    loader = BatchIterator(
        train.images, train.labels, batch_size, device, seed=config.seed, augmentation=config.augment, world=world
    )
    encoder_scale = config.encoder_lr_scale if config.mode == "finetune" else 1.0
    layer_decay = config.layer_decay if config.mode == "finetune" else 1.0
    encoder_groups = encoder_param_groups(model.encoder, encoder_scale, layer_decay)
    if config.mode == "finetune" and config.l2_sp > 0:  # decay toward the pretrained weights, not zero
        encoder_groups = [{**group, "anchor_decay": config.l2_sp} for group in encoder_groups]
    groups = [*encoder_groups, {"params": list(model.head.parameters())}]
    average = WeightAverage(model, config.ema) if config.ema > 0 else None
    classify = ClassifierStage(model, config, world, average, saving.identity if saving else None)
    network, stage = model, classify
    if config.pretext_weight > 0:
        stage = co_training_stage(
            model, classify, Path(config.pretext_source()), config.mode == "finetune", fit, config.pretext_weight,
            batch_size, device, config.seed, world,
        )  # fmt: skip
        network = stage.network
        # The decoder and turn head were trained with the encoder: they learn at the deepest stage's rate.
        pretext_only = [p for name, p in network.colorizer.named_parameters() if not name.startswith("encoder.")]
        groups.append({"params": pretext_only, "lr_scale": encoder_scale})
    total = epochs * len(loader)
    optimizer, schedule = make_optimizer(groups, config.lr, config.weight_decay, total, max(1, total // 20))
    if average is not None:  # after the step, so BatchNorm's statistics of the step's batch are in
        optimizer.register_step_post_hook(lambda *_: average.update())
    settings = LoopSettings(
        epochs, device, precision, world, label=config.mode, compile=config.compile,
        run_dir=saving.folder if saving else None, save_every=config.save_every, save_each_epoch=False,
        resume_hint="run the same command again to resume",
    )  # fmt: skip
    engine, start = Engine(network, optimizer, schedule, settings), Position()
    if saving is not None and saving.resume is not None:
        start = engine.load(saving.resume)
        stage.load_state(saving.resume)
        if world.is_main and start.epoch < epochs:
            console.print(f"resuming {saving.folder} at epoch {start.epoch + 1} step {start.step + 1}", highlight=False)
    engine.fit(stage, loader, start)
    if average is not None:
        average.copy_to_model()
    return total * batch_size, classify.seconds_before


def describe_plan(config: TransferConfig, labeled: int, world: World | None = None) -> str:
    """One line saying what will run, before it runs."""
    if config.mode == "linear":
        iterations = config.epochs or DEFAULT_EPOCHS["linear"]
        return f"linear probe: {labeled} labeled images, features cached, {iterations} L-BFGS iterations"
    epochs, steps, batch_size = training_plan(config, labeled, world)
    asked = config.epochs or DEFAULT_EPOCHS[config.mode]
    note = f" (raised from {asked} to reach --min-steps {config.min_steps})" if epochs > asked else ""
    return f"{config.mode}: {labeled} labeled images, {epochs} epochs{note} x {steps} steps of {batch_size} images"


def _train(model: Classifier, train: Split, train_full: Split, config: TransferConfig, info: dict, device,
           precision: str, world: World, saving: RunCheckpoint | None) -> tuple[int, int, float]:  # fmt: skip
    """Fit the probe (features cached) and/or train end to end; returns (images processed, epochs or iterations,
    seconds that earlier processes trained a resumed run)."""
    if config.mode == "linear" or (config.lp_ft and (saving is None or saving.resume is None)):
        if info["init"] == "random":
            recalibrate_batchnorm(model.encoder, train_full.images, device, precision)
        features = extract_features(model, train.images, device, precision, config.input)
        iterations = config.epochs if config.mode == "linear" and config.epochs else DEFAULT_EPOCHS["linear"]
        fit_linear_head(model.standardize, model.head, features, train.labels.to(device), iterations, config.linear_l2)
        if config.mode == "linear":
            return len(train), iterations, 0.0
    if config.sync_bn:
        use_global_batchnorm(model)
    train = Split(train.images.to(device if device.type == "cuda" else "cpu"), train.labels, train.classes)
    images_seen, seconds_before = train_end_to_end(model, train, train_full, config, device, precision, world, saving)
    # The planned epochs ran (a stop raises); images_seen / len(train) would undercount them, every
    # epoch dropping its last partial batch.
    return images_seen, training_plan(config, len(train), world)[0], seconds_before


def run_transfer(
    config: TransferConfig, train_full: Split, evaluation: Split, results: Path | None
) -> tuple[dict, Classifier]:
    """Train on a labeled subset of `train_full`, score on `evaluation` (the split named by
    config.eval_split); append the row to `results` (rank 0 under torchrun), return it and the model.
    With --checkpoint-dir a run resumes from its checkpoint, and a finished one returns the row it appended."""
    config.validate()
    device, world = init_world(config.device)
    check_batch_divides(config.batch_size, world)
    precision = resolve_precision(config.precision, device)
    seed_everything(config.seed)
    subset = stratified_subset(train_full.labels, config.seed, config.label_fraction, config.labels_per_class)
    train = Split(train_full.images[subset], train_full.labels[subset], train_full.classes)
    model, info = build_classifier(config, len(train_full.classes))
    model = prepare_model(model, device)
    saving = RunCheckpoint.open(config, info["id"], len(train), len(train_full))
    if world.is_main:
        console.print(describe_plan(config, len(train), world), highlight=False)
    start = time.perf_counter()
    images_seen, epochs, seconds_before = _train(
        model, train, train_full, config, info, device, precision, world, saving
    )
    seconds = seconds_before + time.perf_counter() - start
    finished = saving.finished_row() if saving else None
    if finished is not None:
        if world.is_main:
            console.print(f"{saving.folder} had finished: top1 {finished['top1']:.2f}, its row not appended again")
        return finished, model
    logits = evaluate_logits(model, evaluation.images, device, precision, config.input)
    labels = evaluation.labels.to(logits.device)
    row = {
        "dataset": config.dataset, "encoder": info["encoder"], "pretext": info["pretext"], "init": info["init"],
        "mode": config.mode, "label_fraction": config.label_fraction if config.label_fraction is not None else "",
        "labels_per_class": int(torch.bincount(train.labels).max()), "seed": config.seed, "epochs": epochs,
        "top1": round(topk_accuracy(logits, labels, 1), 2), "top5": round(topk_accuracy(logits, labels, 5), 2),
        "train_seconds": round(seconds, 2), "images_per_second": round(images_seen / seconds, 1),
        "device": device_name(device) + (f" x{world.size} processes" if world.distributed else ""),
        "torch_version": str(torch.__version__), "git_sha": git_sha(), "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "encoder_id": info["id"], "recipe": config.recipe(), "eval_split": config.eval_split,
        "train_images": len(train), "eval_images": len(evaluation),
    }  # fmt: skip
    if world.is_main:
        if results is not None:
            append_csv_row(results, row)
        if saving is not None:
            saving.record(row)
        console.print(
            f"{row['mode']} {row['pretext']} fraction {row['label_fraction']} seed {row['seed']}: "
            f"{config.eval_split} top1 {row['top1']:.2f} top5 {row['top5']:.2f} on {len(evaluation)} images "
            f"({seconds:.0f}s)",
            highlight=False,
        )
    return row, model


def load_transfer_data(config: TransferConfig) -> tuple[Split, Split]:
    """(labeled fit split, evaluation split): the fit split is train minus the validation hold-out
    (first --limit images of it), the evaluation split is the validation hold-out or the test split."""
    config.validate()
    cache = Path(config.cache_dir) if config.cache_dir else None
    _, world = init_world(config.device)
    with world.main_first():  # rank 0 decodes into the cache, the others read it
        splits = load_protocol_splits(
            config.dataset, Path(config.data_dir), config.image_size, cache, config.val_size, config.test_size,
            need_test=config.eval_split == "test",
        )  # fmt: skip
    if not splits.fit.classes:
        raise UserError(f"{config.data_dir} has no class folders: transfer needs labels")
    evaluation = splits.test if config.eval_split == "test" else splits.val
    return splits.fit.head(config.limit), evaluation
