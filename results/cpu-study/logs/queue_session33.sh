#!/usr/bin/env bash
# Session 33 (2026-11-29, CPU: AMD EPYC, 2 cores), from /work/snap33 (5213958). Test runs of validation's 1%
# choices (python benchmarks/choose.py sweep results/cpu-study/sweep_val*.csv --mode scratch|finetune
# --fraction 0.01): scratch at 16,000 steps (--epochs 5336) seed 0, finetuning at 8,000 steps (--epochs 2668)
# seed 2 (its third seed), then scratch seed 1; one job at a time.
set -euo pipefail
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
cd /work/snap33
export PYTHONPATH=/work/snap33
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
  --label-fraction 0.01 --eval-split test --results $S/transfer_test.csv --pool all --lr 0.002
  --weight-decay 0.5 --label-smoothing 0.1 --ema 0.999 --pretext-weight 0.3)
echo "$(date +%T) scratch choice, 16,000 steps, test seed 0"
python -m ssl_colorize transfer "${common[@]}" --seeds 0 --mode scratch --pretext-from $RUN --epochs 5336 \
  2>&1 | grep -v "epoch\|decod\|keeps"
echo "$(date +%T) finetune choice, 8,000 steps, test seed 2"
python -m ssl_colorize transfer "${common[@]}" --seeds 2 --mode finetune --encoder $RUN --input lab \
  --encoder-lr-scale 1 --layer-decay 1 --epochs 2668 2>&1 | grep -v "epoch\|decod\|keeps"
echo "$(date +%T) scratch choice, 16,000 steps, test seed 1"
python -m ssl_colorize transfer "${common[@]}" --seeds 1 --mode scratch --pretext-from $RUN --epochs 5336 \
  2>&1 | grep -v "epoch\|decod\|keeps"
echo "done $(date +%T)"
