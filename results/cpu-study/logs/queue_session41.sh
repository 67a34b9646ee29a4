#!/usr/bin/env bash
# Session 41 (2026-12-06, CPU: Intel Xeon with AMX, 2 cores): resnet18's finetune and scratch rows on the test split,
# the cells the test table left "not measured". The resnet18 turned encoder at 20 epochs (runs/r18full, last.pt) and
# a random-init resnet18, each with the one recipe validation has for it at full scale (seed 0, 1,000 steps of 128
# images, gray): finetune lr 5e-3, layer decay 0.7, label smoothing 0, weight decay 0.05 (56.54 / 76.08 on
# validation); scratch lr 2e-3, label smoothing 0.1, weight decay 0.5 at 1% and 0.05 at 10% (44.84 / 66.16).
# Neither recipe was tuned for resnet18 (both are unet-s's 1,000-step proxy recipes), and 1,000 steps is not the
# tuned scratch budget (unet-s's tuned scratch needed 16,000 steps and co-training at 1%). Most valuable first:
# seed 0 of all four cells, then seed 1, then seed 2, so a stopped queue leaves whole seeds. Run from /work/snap41
# (63eea34; package code as in 96148ea).
set -euo pipefail
cd /work/snap41
export PYTHONPATH=/work/snap41
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split test
      --results $S/transfer_test.csv)
for seed in 0 1 2; do
  for fraction in 0.01 0.1; do
    wd=0.05; [ $fraction = 0.01 ] && wd=0.5
    python -m ssl_colorize transfer "${base[@]}" --seeds $seed --label-fraction $fraction --mode finetune \
      --encoder "$RUN_DIR/last.pt" --lr 5e-3 --layer-decay 0.7 --label-smoothing 0
    echo "finetune $fraction seed $seed done $(date +%T)"
    python -m ssl_colorize transfer "${base[@]}" --seeds $seed --label-fraction $fraction --mode scratch \
      --model resnet18 --lr 2e-3 --label-smoothing 0.1 --weight-decay $wd
    echo "scratch $fraction seed $seed done $(date +%T)"
  done
done
echo "queue done $(date +%T)"
