#!/usr/bin/env bash
# Session 31 (2026-11-29, CPU: AMD EPYC, 2 cores), first queue, from /work/snap31 (0056ee5). Equal effort at 1%
# on validation, seed 0, before any more test runs: (a) finetuning with scratch's low learning rate at scratch's
# new length (scratch's 1% recipe from the encoder, with finetuning's --input lab; 4,000 steps), (b) scratch's
# 1% choice one doubling further (8,000 steps), since it gained at 4,000.
set -euo pipefail
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
cd /work/snap31
export PYTHONPATH=/work/snap31
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
  --label-fraction 0.01 --eval-split val --seeds 0 --results $S/sweep_val_1pct_steps.csv)
echo "$(date +%T) finetune, scratch's recipe + input lab, 4,000 steps"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder $RUN --pool all --lr 0.002 \
  --weight-decay 0.5 --label-smoothing 0.1 --input lab --ema 0.999 --layer-decay 1 --pretext-weight 0.3 \
  --epochs 1334 2>&1 | grep -v "epoch\|decod\|keeps"
echo "$(date +%T) scratch choice, 8,000 steps"
python -m ssl_colorize transfer "${common[@]}" --mode scratch --pretext-from $RUN --pool all --lr 0.002 \
  --weight-decay 0.5 --label-smoothing 0.1 --ema 0.999 --pretext-weight 0.3 --epochs 2668 \
  2>&1 | grep -v "epoch\|decod\|keeps"
echo "done $(date +%T)"
