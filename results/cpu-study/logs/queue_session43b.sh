#!/usr/bin/env bash
# Session 43, part two: resnet18 at 10%, the first rung past the 1,000-step rows, equal effort for both modes.
# unet-s's validated 10% scratch recipe without co-training (lr 2e-3, label smoothing 0.1, weight decay 0.05,
# --input lab) at twice the steps (2,000; --epochs 58), from a random init and from the 20-epoch turned encoder
# (no layer decay, the encoder at the head's rate: session 29's finding for unet-s at 10%). Co-training is left
# out for time (1.8x on resnet18). Validation, seed 0. Starts once queue_session43 has ended. Run from /work/snap43.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
until grep -q "queue done" $S/logs/queue_session43.log; do sleep 30; done
cd /work/snap43
export PYTHONPATH=/work/snap43
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.1
  --eval-split val --results $S/sweep_val_r18_10pct.csv --pool all --lr 0.002 --weight-decay 0.05
  --label-smoothing 0.1 --input lab --seeds 0 --epochs 58)
python -m ssl_colorize transfer "${common[@]}" --mode scratch --model resnet18 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "scratch 10% 2,000 steps done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder $RUN --encoder-lr-scale 1 --layer-decay 1 \
  2>&1 | grep --line-buffered -v "decod\|keeps"
echo "finetune 10% 2,000 steps done $(date +%T)"
echo "queue done $(date +%T)"
