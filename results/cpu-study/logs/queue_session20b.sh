#!/usr/bin/env bash
# Session of 2026-11-28 (CPU, 2 cores), 08:44: the rest of queue_session20.sh, whose scratch test command lacked
# --mode scratch (choose.py prints the recipe, not the mode; the transfer default is linear) and stopped with a
# one-line error after the finetune test row of seed 0. Scratch's test row of seed 0 with the recipe the
# validation chose (printed in queue_session20.log); further seeds did not fit in the session.
set -euo pipefail
cd /work/snap20
export PYTHONPATH=/work/snap20
S=/work/main/results/cpu-study
echo "start $(date +%T) $(git rev-parse --short HEAD)"
best_scratch=$(python benchmarks/choose.py sweep $S/sweep_val_100pct.csv --mode scratch --fraction 1)
echo "scratch chosen: $best_scratch"
# shellcheck disable=SC2086  # the recipe's options are words
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 1 --mode scratch $best_scratch --eval-split test --seeds 0 --results $S/transfer_test.csv
echo "test scratch seed 0 done $(date +%T)"
