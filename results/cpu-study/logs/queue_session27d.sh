#!/usr/bin/env bash
# Stopped at 02:34 while waiting (no run started): its two rows run last in queue_session27e.sh.
# Session 27 (2026-11-29, CPU: AMD EPYC, 2 cores), fourth queue (after queue_session27c.sh): scratch's length,
# pushed one doubling further. At 10% scratch (--input lab) still rose with every doubling tried (29 -> 58 -> 115
# epochs: 73.96 -> 75.56 -> 77.06, validation seed 0) and at 1% (334 -> 667 epochs: 48.18 -> 50.42), while
# finetuning peaked at 1,000 steps (10%): equal effort means scratch gets the next doubling, 8,000 steps at 10%
# (230 epochs) and 4,000 at 1% (1,334 epochs), plain (no co-training) against those seed-0 rows first.
# Run from /work/snap27c (06587a2).
set -euo pipefail
while pgrep -f "queue_session27c.sh" > /dev/null; do sleep 20; done
cd /work/snap27c
export PYTHONPATH=/work/snap27c
S=/work/main/results/cpu-study
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode scratch --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --lr 2e-3 --label-smoothing 0.1 --eval-split val --seeds 0 --results $S/sweep_val_scratch_length.csv)
runs=(
  "--label-fraction 0.01 --weight-decay 0.5 --epochs 1334"
  "--label-fraction 0.1 --input lab --epochs 230"
)
for options in "${runs[@]}"; do
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${common[@]}" $options
  echo "done $(date +%T): $options"
done
