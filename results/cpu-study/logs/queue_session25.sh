#!/usr/bin/env bash
# Session 25 (2026-11-28, CPU: AMD EPYC, 2 cores): the 100%-label scratch cell of the test table had seed 0
# only (co-trained from a random init, weight 0.1: 87.71). Seeds 1 and 2 of the same command (choose.py's
# 100% scratch pick over every validation row), about 37 minutes each here, one after the other.
# Run from /work/snap25 (13b9327).
set -euo pipefail
cd /work/snap25
export PYTHONPATH=/work/snap25
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 1)
recipe=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 1)
echo "best 100% scratch over every validation row: $recipe"
for seed in 1 2; do
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${data[@]}" --pretext-from $RUN $recipe --eval-split test --seeds $seed \
    --results $S/transfer_test.csv
  echo "scratch test seed $seed done $(date +%T)"
done
