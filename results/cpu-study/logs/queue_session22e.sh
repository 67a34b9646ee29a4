#!/usr/bin/env bash
# Session 22 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session22d.sh: seeds 1 and 2 of the 10% rows without co-training and with weight 0.3
set -euo pipefail
cd /work/snap22
export PYTHONPATH=/work/snap22
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
while pgrep -f "queue_session22d[.]sh" >/dev/null; do sleep 10; done
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode finetune --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --encoder $RUN --input lab --layer-decay 0.7 --eval-split val --seeds 1,2 --results $S/sweep_val_cotrain.csv)
runs=(
  "--label-fraction 0.1 --lr 1e-2"
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 0.3"
)
for options in "${runs[@]}"; do
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${common[@]}" $options
  echo "done $(date +%T): $options"
done
