#!/usr/bin/env bash
# Session 45: resnet18 at 10%, finetuning's co-training rung, the equal-effort counterpart of session 44's co-trained
# scratch (72.58): finetuning's 10% choice (lr 2e-3, ls 0.1, wd 0.05, --input lab, no layer decay, --epochs 58;
# 78.40 on validation) with the 20-epoch run's pretext kept on at the same weight (0.1). Validation, seed 0.
# Run from /work/snap45 (dbb2525).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap45
export PYTHONPATH=/work/snap45
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 0.1 --eval-split val --results $S/sweep_val_r18_10pct.csv --pool all --lr 0.002 --weight-decay 0.05 \
  --label-smoothing 0.1 --input lab --pretext-weight 0.1 --seeds 0 --epochs 58 --mode finetune --encoder $RUN \
  --encoder-lr-scale 1 --layer-decay 1 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "finetune 10% 2,000 steps co-trained lab done $(date +%T)"
echo "queue done $(date +%T)"
