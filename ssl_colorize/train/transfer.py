"""Stage two: transfer a pretrained encoder to classification (linear probe, finetune, scratch)."""

import time
from pathlib import Path

import torch
import torch.nn.functional as F

from ssl_colorize.data.datasets import Split
from ssl_colorize.data.loader import BatchIterator
from ssl_colorize.data.splits import load_protocol_splits
from ssl_colorize.data.subsets import stratified_subset
from ssl_colorize.distributed import World, check_batch_divides, init_world, use_global_batchnorm
from ssl_colorize.errors import UserError
from ssl_colorize.models.colorizer import load_pretraining_checkpoint
from ssl_colorize.models.encoder_io import load_encoder, pretraining_identity, widen_input
from ssl_colorize.models.heads import Classifier, Standardize
from ssl_colorize.models.inference import (
    INPUT_KINDS,
    classifier_input,
    evaluate_logits,
    extract_features,
    recalibrate_batchnorm,
    topk_accuracy,
)
from ssl_colorize.models.registry import create_encoder
from ssl_colorize.progress import console
from ssl_colorize.rundir import append_csv_row, device_name, git_sha
from ssl_colorize.runtime import prepare_model, resolve_precision, seed_everything
from ssl_colorize.train.cotrain import co_training_stage
from ssl_colorize.train.ema import WeightAverage
from ssl_colorize.train.engine import Engine, EpochSummary, LoopSettings, Position
from ssl_colorize.train.optim import make_optimizer
from ssl_colorize.train.transfer_checkpoint import RunCheckpoint
from ssl_colorize.train.transfer_config import DEFAULT_EPOCHS, TransferConfig, steps_per_epoch

# A co-trained scratch row's encoder id: a random init, then the id of the run whose pretext it learned.
COTRAINED_ID_PREFIX = "random+pretext:"
RESULT_COLUMNS = (
    "dataset", "encoder", "pretext", "init", "mode", "label_fraction", "labels_per_class", "seed", "epochs",
    "top1", "top5", "train_seconds", "images_per_second", "device", "torch_version", "git_sha", "timestamp",
    "encoder_id", "recipe", "eval_split", "train_images", "eval_images",
)  # fmt: skip


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
    steps = steps_per_epoch(labeled, batch_size)
    epochs = config.epochs or DEFAULT_EPOCHS[config.mode]
    return max(epochs, -(-config.min_steps // steps)), steps, batch_size


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
            f"({seconds:.0f}s)" + (f", row appended to {results}" if results is not None else ""),
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
