#!/usr/bin/env bash
# Session 37: queue_session37b's deferred proxy finetune rows (validation, seed 0, lr 5e-3, layer decay 0.7, best.pt,
# gray), 1% first, for the two proxy view runs, after the fresh-clone CI check. Run from /work/snap37 (56f7dc4).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
cd /work/snap37
export PYTHONPATH=/work/snap37
echo "start $(date +%T) $(git rev-parse --short HEAD)"
proxy=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
       --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.01 0.1; do
  for r in view10-rot3-stride4-seed1 view30-rot3-stride4; do
    python -m ssl_colorize transfer "${proxy[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-"$r" | tail -1)"
    echo "$r finetune $fraction done $(date +%T)"
  done
done
echo "queue done $(date +%T)"
