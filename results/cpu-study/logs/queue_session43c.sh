#!/usr/bin/env bash
# Session 43, part three: half of the 10% rung's split. queue_session43b changed length, recipe and input at once;
# this is resnet18 scratch with the same 2,000-step recipe on the gray image (no --input lab), so the colors' share
# of scratch's +4.16 shows. Validation, seed 0. Run from /work/snap43.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap43
export PYTHONPATH=/work/snap43
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 0.1 --eval-split val --results $S/sweep_val_r18_10pct.csv --pool all --lr 0.002 --weight-decay 0.05 \
  --label-smoothing 0.1 --seeds 0 --epochs 58 --mode scratch --model resnet18 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "scratch 10% 2,000 steps gray done $(date +%T)"
echo "queue done $(date +%T)"
