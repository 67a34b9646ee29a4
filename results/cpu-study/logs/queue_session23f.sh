#!/usr/bin/env bash
# Session 23 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session23e.sh: finetune co-trained at 1% with
# weight 0.1 and 2,000 steps led plain finetuning on validation (62.90 against 62.34, seed 0), so choose.py's
# 1% pick for the rerun encoder moves to it; its test rows, one seed at a time (about 7 minutes each), in
# the session's last 25 minutes: whatever seeds finish are committed. Run from /work/snap23 (0adb8d6).
set -euo pipefail
cd /work/snap23
export PYTHONPATH=/work/snap23
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
echo "start $(date +%T) $(git rev-parse --short HEAD)"
recipe=$(python benchmarks/choose.py sweep $S/sweep_val_cotrain.csv --mode finetune --fraction 0.01 --encoder-id $ID)
echo "best 1% finetune of the rerun encoder over its co-training rows: $recipe"
for seed in 0 1 2; do
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache --label-fraction 0.01 --encoder $RUN $recipe --eval-split test --seeds $seed \
    --results $S/transfer_test.csv
  echo "seed $seed done $(date +%T)"
done
