#!/usr/bin/env bash
# Session 27 (2026-11-29, CPU: AMD EPYC, 2 cores), second queue (after queue_session27.sh): equal effort for
# finetuning. Scratch's validated recipes carry label smoothing 0.1 (and weight decay 0.5 at 1%); finetuning's
# never tried either (ls 0, wd 0.05 throughout). On validation's finetune choices (the rerun turned encoder's
# last.pt, --input lab, layer decay 0.7; 1%: lr 5e-3, co-trained W 0.1, 2,000 steps; 10%: lr 1e-2, W 0.3,
# 1,000 steps), seed 0: label smoothing 0.1, weight decay 0.5, and (1%) both. Run from /work/snap27 (71db5ba).
set -euo pipefail
while pgrep -f "queue_session27.sh" > /dev/null; do sleep 20; done
cd /work/snap27
export PYTHONPATH=/work/snap27
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode finetune --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --encoder $RUN --input lab --layer-decay 0.7 --eval-split val --seeds 0 --results $S/sweep_val_finetune_reg.csv)
runs=(
  "--label-fraction 0.01 --lr 5e-3 --pretext-weight 0.1 --epochs 668 --label-smoothing 0.1"
  "--label-fraction 0.01 --lr 5e-3 --pretext-weight 0.1 --epochs 668 --weight-decay 0.5"
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 0.3 --label-smoothing 0.1"
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 0.3 --weight-decay 0.5"
  "--label-fraction 0.01 --lr 5e-3 --pretext-weight 0.1 --epochs 668 --label-smoothing 0.1 --weight-decay 0.5"
)
for options in "${runs[@]}"; do
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${common[@]}" $options
  echo "done $(date +%T): $options"
done
