#!/usr/bin/env bash
# Session 32 (2026-11-29, CPU: AMD EPYC, 2 cores), first queue, from /work/snap32 (4dda5c2). Equal effort at 1%
# on validation, seed 0: both modes' 8,000-step choices one doubling further (16,000 steps, --epochs 5336),
# scratch first since it gained most from the last doubling (55.26 / 59.48 / 63.44 at 2,000 / 4,000 / 8,000).
set -euo pipefail
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
cd /work/snap32
export PYTHONPATH=/work/snap32
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
  --label-fraction 0.01 --eval-split val --seeds 0 --results $S/sweep_val_1pct_steps.csv --pool all --lr 0.002
  --weight-decay 0.5 --label-smoothing 0.1 --ema 0.999 --pretext-weight 0.3 --epochs 5336)
echo "$(date +%T) scratch choice, 16,000 steps"
python -m ssl_colorize transfer "${common[@]}" --mode scratch --pretext-from $RUN \
  2>&1 | grep -v "epoch\|decod\|keeps"
echo "$(date +%T) finetune choice, 16,000 steps"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder $RUN --input lab --layer-decay 1 \
  2>&1 | grep -v "epoch\|decod\|keeps"
echo "done $(date +%T)"
