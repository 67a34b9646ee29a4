#!/usr/bin/env bash
# Session 31 (2026-11-29, CPU: AMD EPYC, 2 cores), second queue, from /work/snap31 (0056ee5). Waits for the first
# queue (scratch's 1% at 8,000 steps on validation), then runs validation's 1% scratch choice on test: seeds 1-2 if
# the choice stayed at 4,000 steps (seed 0 ran in session 30), seeds 0-2 if it moved to 8,000.
# Stopped at 13:44, seconds into its first run (no row written): scratch at 8,000 steps gave 63.44 on validation,
# so finetuning's 8,000-step run had to come first (equal effort); queue_session31c replaces it.
set -euo pipefail
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
until grep -q "^done" $S/logs/queue_session31.log; do sleep 30; done
cd /work/snap31
export PYTHONPATH=/work/snap31
echo "start $(date +%T) $(git rev-parse --short HEAD)"
recipe="$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.01 2> /dev/null)"
case "$recipe" in
  *"--epochs 1334"*) seeds=1,2 ;;
  *) seeds=0,1,2 ;;
esac
echo "$(date +%T) test 0.01 seeds $seeds: $recipe"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache $recipe --pretext-from $RUN --label-fraction 0.01 --eval-split test --seeds $seeds \
  --results $S/transfer_test.csv 2>&1 | grep -v "epoch\|decod\|keeps"
echo "done $(date +%T)"
