#!/usr/bin/env bash
# Session 43. resnet18 at 1%, the second rung of scratch's tuning (session 30 did it for unet-s): the co-trained
# 2,000-step scratch recipe of session 42 at twice the steps (4,000; --epochs 1334), from a random init, validation,
# seed 0. Against finetuning's 2,000-step choice (61.80) this is the gap between the two modes' choices that unet-s
# measured at +5.88. Run from /work/snap43 (3556e05).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap43
export PYTHONPATH=/work/snap43
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01
  --eval-split val --results $S/sweep_val_r18_cotrain.csv --pool all --lr 0.002 --weight-decay 0.5
  --label-smoothing 0.1 --ema 0.999 --pretext-weight 0.3 --seeds 0 --epochs 1334)
python -m ssl_colorize transfer "${common[@]}" --mode scratch --model resnet18 --pretext-from $RUN \
  2>&1 | grep --line-buffered -v "decod\|keeps"
echo "scratch 4,000 steps co-trained done $(date +%T)"
echo "queue done $(date +%T)"
