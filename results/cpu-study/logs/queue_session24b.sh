#!/usr/bin/env bash
# Session 24 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session24.sh: the rerun turned encoder's plain
# 100% finetuning row on validation (seed 0, the validated 30-epoch recipe with colors), so that its
# co-trained row (88.86) has a plain row of the same encoder beside it. Run from /work/snap24 (9cd59fe).
set -euo pipefail
cd /work/snap24
export PYTHONPATH=/work/snap24
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --label-fraction 1 --mode finetune --encoder $RUN \
  --lr 5e-3 --layer-decay 1 --input lab --epochs 30 --eval-split val --seeds 0 --results $S/sweep_val_100pct.csv
echo "finetune done $(date +%T)"
