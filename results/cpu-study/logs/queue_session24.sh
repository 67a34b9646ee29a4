#!/usr/bin/env bash
# Session 24 (2026-11-28, CPU: AMD EPYC, 2 cores): co-training at 100% labels, the cell the last note left
# "not measured". Each mode's validated 100% recipe (colors, 30 epochs; scratch lr 2e-3 ls 0.1: 88.86 val;
# finetune lr 5e-3 layer decay 1: 89.00 val with the first turned run) plus the pretext of the rerun turned
# encoder's run at weight 0.1 (the lighter weight; 10% scratch's choice), validation seed 0 (as the plain
# rows): scratch first (the control, about 42 minutes), then finetune from the rerun encoder; then, when
# choose.py picks the co-trained scratch over every 100% validation row, its test row (seed 0).
# Run from /work/snap24 (9cd59fe).
set -euo pipefail
cd /work/snap24
export PYTHONPATH=/work/snap24
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 1)
python -m ssl_colorize transfer "${data[@]}" --mode scratch --pretext-from $RUN --pretext-weight 0.1 \
  --lr 2e-3 --label-smoothing 0.1 --input lab --epochs 30 --eval-split val --seeds 0 \
  --results $S/sweep_val_cotrain_scratch.csv
echo "scratch done $(date +%T)"
python -m ssl_colorize transfer "${data[@]}" --mode finetune --encoder $RUN --pretext-weight 0.1 \
  --lr 5e-3 --layer-decay 1 --input lab --epochs 30 --eval-split val --seeds 0 \
  --results $S/sweep_val_cotrain.csv
echo "finetune done $(date +%T)"
recipe=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 1)
echo "best 100% scratch over every validation row: $recipe"
if [[ $recipe == *"--pretext-weight"* ]]; then
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${data[@]}" --pretext-from $RUN $recipe --eval-split test --seeds 0 \
    --results $S/transfer_test.csv
  echo "scratch test seed 0 done $(date +%T)"
fi
