#!/usr/bin/env bash
# Session 44. Two equal-effort counterparts for resnet18 (validation, seed 0), the 20-epoch turned encoder, the
# encoder at the head's rate (--encoder-lr-scale 1 --layer-decay 1):
#  1. 10%: finetuning on the gray image at 2,000 steps (--epochs 58), the other half of session 43c's split
#     (scratch gray 71.90, scratch lab 70.32, finetune lab 78.40), same recipe: lr 2e-3, ls 0.1, wd 0.05.
#  2. 1%: finetuning with session 42's co-trained recipe at 4,000 steps (--epochs 1334), the counterpart of session
#     43's scratch rung (57.08): lr 2e-3, wd 0.5, ls 0.1, ema 0.999, pretext weight 0.3.
# Run from /work/snap44 (05147e8).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap44
export PYTHONPATH=/work/snap44
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 0.1 --eval-split val --results $S/sweep_val_r18_10pct.csv --pool all --lr 0.002 --weight-decay 0.05 \
  --label-smoothing 0.1 --seeds 0 --epochs 58 --mode finetune --model resnet18 --encoder $RUN --encoder-lr-scale 1 \
  --layer-decay 1 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "finetune 10% 2,000 steps gray done $(date +%T)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 0.01 --eval-split val --results $S/sweep_val_r18_cotrain.csv --pool all --lr 0.002 --weight-decay 0.5 \
  --label-smoothing 0.1 --ema 0.999 --pretext-weight 0.3 --seeds 0 --epochs 1334 --mode finetune --model resnet18 \
  --encoder $RUN --encoder-lr-scale 1 --layer-decay 1 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "finetune 1% 4,000 steps co-trained done $(date +%T)"
echo "queue done $(date +%T)"
