#!/usr/bin/env bash
# Session 23 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session23.sh: co-training from a random init at
# 1% labels on validation, equal effort with finetuning's 1% co-training rows (seed 0), since at 10% it raised
# scratch (weight 0.1: 78.24 against 77.06): scratch's validated 1% recipe (gray, lr 2e-3, label smoothing 0.1,
# weight decay 0.5, 2,000 steps = 667 epochs) plus the rerun turned run's pretext, weights 0.1 and 0.3; then
# choose.py's 1% scratch pick over every validation row, and its test rows (seeds 0-2) if it is co-trained
# (plain scratch's 1% test rows exist). Replaces a first version of this queue (100% finetune co-training at
# 15 epochs) that was stopped while it waited, before it ran anything. Run from /work/snap23 (17c42fb).
set -euo pipefail
while pgrep -f "queue_session23[.]sh" >/dev/null; do sleep 10; done
cd /work/snap23
export PYTHONPATH=/work/snap23
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01)
for weight in 0.1 0.3; do
  python -m ssl_colorize transfer "${data[@]}" --mode scratch --lr 2e-3 --label-smoothing 0.1 --weight-decay 0.5 \
    --epochs 667 --pretext-from $RUN --pretext-weight $weight --eval-split val --seeds 0 \
    --results $S/sweep_val_cotrain_scratch.csv
  echo "weight $weight done $(date +%T)"
done
recipe=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.01)
echo "best 1% scratch over every validation row: $recipe"
if [[ $recipe == *--pretext-weight* ]]; then
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${data[@]}" --pretext-from $RUN $recipe --eval-split test --seeds 0,1,2 \
    --results $S/transfer_test.csv
  echo "test done $(date +%T)"
fi
