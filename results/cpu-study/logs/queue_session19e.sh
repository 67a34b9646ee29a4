#!/usr/bin/env bash
# Session of 2026-11-28 (CPU, 2 cores), 06:41: does the turned encoder keep gaining with a longer finetune at 10%
# (validation, seed 0; the 10% recipe at 2,000 steps instead of 1,000)? Run from /work/main at d6b577b.
set -euo pipefail
cd /work/main
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --mode finetune --encoder runs/ablation/pretrain/20261128-045222-rot3-stride4-rcrop-full-ep60/last.pt --input lab --layer-decay 0.7 --label-smoothing 0 --label-fraction 0.1 --lr 1e-2 \
  --min-steps 2000 --eval-split val --seeds 0 --results results/cpu-study/sweep_val_rotation.csv
echo "done $(date +%T)"
