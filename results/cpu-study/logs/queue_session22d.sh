#!/usr/bin/env bash
# Session 22 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session22c.sh: the same rerun encoder's 1% finetune
# row without co-training (its baseline for the 1% co-training row; the first turned encoder gave 60.58), and 1%
# co-training at weight 0.3 and 3. Run from /work/snap22.
set -euo pipefail
cd /work/snap22
export PYTHONPATH=/work/snap22
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
while pgrep -f "queue_session22c[.]sh" >/dev/null; do sleep 10; done
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode finetune --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --encoder $RUN --input lab --layer-decay 0.7 --eval-split val --seeds 0 --results $S/sweep_val_cotrain.csv)
runs=(
  "--label-fraction 0.01 --lr 5e-3"
  "--label-fraction 0.01 --lr 5e-3 --pretext-weight 0.3"
  "--label-fraction 0.01 --lr 5e-3 --pretext-weight 3"
)
for options in "${runs[@]}"; do
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${common[@]}" $options
  echo "done $(date +%T): $options"
done
