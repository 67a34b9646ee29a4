#!/usr/bin/env bash
# Session of 2026-11-28 (CPU, 2 cores): the rest of queue_session18c.sh, reordered after the 2,000-step rows
# with colors came in (validation, 10%: scratch --input lab 75.56 at 2,000 steps against 73.96 at 1,000;
# finetune 77.22 against 77.30): scratch still gains with length, so both modes get 4,000 steps too (equal
# effort) before the test rows (queue_session18d.sh waits for this queue). Then the resnet18 proxy probes.
# Run from /work/snap18b (commit ec6ff0f); validation split, seed 0, encoder stride4-rcrop-full-ep60@last.
set -euo pipefail
cd /work/snap18b
export PYTHONPATH=/work/snap18b
M=/work/main
DATA=/work/shared/data/cifar10
ENC=$M/runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
while pgrep -f "resnet18-stride4" >/dev/null; do sleep 20; done
echo "resnet18 pretraining done $(date +%T) $(git rev-parse --short HEAD)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0)
steps=(--label-fraction 0.1 --min-steps 4000 --input lab --results $M/results/cpu-study/sweep_val_10pct_steps.csv)
python -m ssl_colorize transfer "${base[@]}" "${steps[@]}" --mode scratch --lr 2e-3 --label-smoothing 0.1
python -m ssl_colorize transfer "${base[@]}" "${steps[@]}" --mode finetune --encoder $ENC --lr 1e-2 --layer-decay 0.7 --label-smoothing 0
echo "lab 4000-step pair done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache \
  --out $M/results/cpu-study/probe_val.csv
echo "probes done $(date +%T)"
