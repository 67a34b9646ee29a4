#!/usr/bin/env bash
# Session 44, part two (after queue_session44.sh): resnet18 at 10%, the co-training rung of scratch's tuning, which
# brought unet-s's 10% gap down (sessions 28-30): session 43c's gray 2,000-step scratch recipe (lr 2e-3, ls 0.1,
# wd 0.05, --epochs 58; 71.90 on validation) with the 20-epoch run's pretext kept on at unet-s's 10% weight (0.1).
# Validation, seed 0. Run from /work/snap44b (b673598: the row's encoder id names the pretext's run).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
until grep -q "queue done" $S/logs/queue_session44.log; do sleep 30; done
cd /work/snap44b
export PYTHONPATH=/work/snap44b
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 0.1 --eval-split val --results $S/sweep_val_r18_10pct.csv --pool all --lr 0.002 --weight-decay 0.05 \
  --label-smoothing 0.1 --pretext-weight 0.1 --seeds 0 --epochs 58 --mode scratch --model resnet18 --pretext-from $RUN \
  2>&1 | grep --line-buffered -v "decod\|keeps"
echo "scratch 10% 2,000 steps co-trained gray done $(date +%T)"
echo "queue done $(date +%T)"
