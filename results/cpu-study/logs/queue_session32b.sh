#!/usr/bin/env bash
# Session 32 (2026-11-29, CPU: AMD EPYC, 2 cores), second queue, from /work/snap32 (4dda5c2). Validation kept
# finetuning's 1% choice at 8,000 steps (16,000: 64.48 < 65.84) and moved scratch's to 16,000 (65.14): test seed 1
# of the finetune choice (its seed 0 ran in session 31), the one run that fits the session's last half hour.
set -euo pipefail
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
cd /work/snap32
export PYTHONPATH=/work/snap32
echo "start $(date +%T) $(git rev-parse --short HEAD)"
echo "$(date +%T) finetune choice, 8,000 steps, test seed 1"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --label-fraction 0.01 --eval-split test --seeds 1 --results $S/transfer_test.csv \
  --mode finetune --encoder $RUN --pool all --lr 0.002 --weight-decay 0.5 --label-smoothing 0.1 --input lab \
  --ema 0.999 --encoder-lr-scale 1 --layer-decay 1 --pretext-weight 0.3 --epochs 2668 \
  2>&1 | grep -v "epoch\|decod\|keeps"
echo "done $(date +%T)"
