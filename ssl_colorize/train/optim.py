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

    Norm and bias parameters get no weight decay, as is usual for conv nets.
    """
    groups = []
    for group in param_groups:
        scale = group.get("lr_scale", 1.0)
        decay = [p for p in group["params"] if p.requires_grad and p.ndim > 1]
        no_decay = [p for p in group["params"] if p.requires_grad and p.ndim <= 1]
        groups.append({"params": decay, "lr": lr * scale, "weight_decay": weight_decay})
        groups.append({"params": no_decay, "lr": lr * scale, "weight_decay": 0.0})
    optimizer = torch.optim.AdamW(groups, lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: warmup_cosine(step, total_steps, warmup_steps))
    return optimizer, schedule
