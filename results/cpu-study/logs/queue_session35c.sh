#!/usr/bin/env bash
# Session 35 (2026-12-04, CPU: AMD EPYC Zen 3, AVX2 only, fp32, 2 cores), after the fresh-clone CI check and the
# resnet18 throughput rows: the proxy finetune pair at 1% labels for pretraining seed 1 (validation, seed 0,
# lr 5e-3, layer decay 0.7, best.pt, gray, 1,000 steps), `hist1-rot3-stride4-seed1` and `rot3-stride4-seed1-fp32`,
# the part of queue_session35b that its stop left out. Run from a worktree of 63f3c25.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
cd /work/snap35
export PYTHONPATH=/work/snap35
echo "start $(date +%T) $(git rev-parse --short HEAD)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for run in hist1-rot3-stride4-seed1 rot3-stride4-seed1-fp32; do
  python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.01 --encoder "$(ls -d $P/*-$run | tail -1)"
  echo "$run finetune 0.01 done $(date +%T)"
done
echo "queue done $(date +%T)"
