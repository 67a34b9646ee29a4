#!/usr/bin/env bash
# Session 23 (2026-11-28, CPU: AMD EPYC, 2 cores): co-training from a random init at 10% labels, the control
# S4L asks for (is the pretraining needed for co-training's gain?). Scratch's validated 10% recipe (lr 2e-3,
# label smoothing 0.1, colors, 115 epochs = 4,000 steps; validation 77.06, seed 0) plus the pretext of the
# rerun turned encoder's run (ab-classify, stride 4, resized crops, turns x3), none of its weights: weights
# 0.3, 1, 0.1 on validation (seed 0, as plain scratch's row), then the best weight's test rows (seeds 0-2),
# and choose.py's pick over every 10% scratch validation row. Run from /work/snap23 (17c42fb).
set -euo pipefail
cd /work/snap23
export PYTHONPATH=/work/snap23
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode scratch --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --label-fraction 0.1 --lr 2e-3 --label-smoothing 0.1 --input lab --epochs 115 --pretext-from $RUN)
for weight in 0.3 1 0.1; do
  python -m ssl_colorize transfer "${common[@]}" --pretext-weight $weight --eval-split val --seeds 0 \
    --results $S/sweep_val_cotrain_scratch.csv
  echo "weight $weight done $(date +%T)"
done
recipe=$(python benchmarks/choose.py sweep $S/sweep_val_cotrain_scratch.csv --mode scratch --fraction 0.1)
echo "best co-trained scratch: $recipe"
overall=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.1)
echo "best scratch over every validation row: $overall"
# shellcheck disable=SC2086  # the options are words
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --label-fraction 0.1 --pretext-from $RUN $recipe --eval-split test --seeds 0,1,2 \
  --results $S/transfer_test.csv
echo "test done $(date +%T)"
