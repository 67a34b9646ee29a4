#!/usr/bin/env bash
# 1% labels, validation split, seed 0: equal effort (3 runs each) for finetune (encoder norebal-full-ep60@last) and scratch.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap60
RUN=$(ls -d runs/ablation/pretrain/*-norebal-full-ep60 | tail -1)
common=(--task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01 --eval-split val --results results/cpu-study/sweep_val_1pct.csv)
ft() { python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder "$RUN/last.pt" "$@"; echo "done $* $(date +%T)"; }
sc() { python -m ssl_colorize transfer "${common[@]}" --mode scratch "$@"; echo "done scratch $* $(date +%T)"; }
ft --lr 5e-3
sc --lr 2e-3 --label-smoothing 0.1
ft --lr 5e-3 --lp-ft
sc --lr 5e-3 --label-smoothing 0.1
ft --lr 5e-3 --layer-decay 0.7
sc --lr 2e-3 --label-smoothing 0.1 --weight-decay 0.5
