#!/usr/bin/env bash
# Session 56, after the checks: the 10% finetune rows of the two 20-epoch runs (validation, seed 0, lr 5e-3,
# layer decay 0.7, best.pt, gray, 1,000 steps: the levers table's 10% column). unet-s first (the shorter one).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
P=$M/runs/ablation/pretrain
cd /work/snap56
export PYTHONPATH=/work/snap56
for run in rot3-stride4-seed1-fp32-ep20 deep-res-rot3-stride4-seed1-ep20; do
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache --eval-split val --seeds 0 --results $S/ablation_finetune_val.csv --mode finetune \
    --lr 5e-3 --layer-decay 0.7 --label-smoothing 0 --label-fraction 0.1 --encoder "$(ls -d $P/*-$run | tail -1)" \
    2>&1 | grep --line-buffered -v "^\s*[0-9]*%\|decod\|keeps"
  echo "$run finetune 0.1 done $(date +%T)"
done
