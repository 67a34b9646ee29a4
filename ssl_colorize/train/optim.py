"""Optimizer and learning-rate schedule: AdamW with linear warmup and cosine decay."""

import math

import torch


def warmup_cosine(step: int, total_steps: int, warmup_steps: int) -> float:
    """Learning-rate multiplier: linear warmup to 1, then cosine decay to 0 at total_steps."""
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


def make_optimizer(
    param_groups: list[dict], lr: float, weight_decay: float, total_steps: int, warmup_steps: int
) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """AdamW over param groups (each may carry an 'lr_scale') with warmup + cosine decay.

    Norm and bias parameters get no weight decay, as is usual for conv nets. A group with an
    'anchor_decay' pulls its weights toward their values at this call instead of toward zero, at that
    rate, decoupled as AdamW's decay is (L2-SP, Li et al. 2018: finetuning that stays near the
    pretrained start).
    """
    groups, anchored = [], []
    for group in param_groups:
        scale = group.get("lr_scale", 1.0)
        decay = [p for p in group["params"] if p.requires_grad and p.ndim > 1]
        no_decay = [p for p in group["params"] if p.requires_grad and p.ndim <= 1]
        anchor_decay = group.get("anchor_decay", 0.0)
        groups.append({"params": decay, "lr": lr * scale, "weight_decay": 0.0 if anchor_decay else weight_decay})
        groups.append({"params": no_decay, "lr": lr * scale, "weight_decay": 0.0})
        if anchor_decay:
            anchored.append((groups[-2], [p.detach().clone() for p in decay], anchor_decay))
    optimizer = torch.optim.AdamW(groups, lr=lr)
    if anchored:

        @torch.no_grad()
        def pull_toward_anchors(optimizer, args, kwargs) -> None:
            for group, anchors, rate in anchored:  # group["lr"] is the scheduled lr of this step
                weight = min(1.0, group["lr"] * rate)  # a step never pulls past the anchor
                for parameter, anchor in zip(group["params"], anchors, strict=True):
                    parameter.lerp_(anchor, weight)

        optimizer.register_step_post_hook(pull_toward_anchors)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: warmup_cosine(step, total_steps, warmup_steps))
    return optimizer, schedule
