#!/usr/bin/env bash
# The 10% gap (finetune - scratch +3.03 on test, aim +5): one learning-rate row each for finetune
# (stride4-rcrop-full-ep60 last.pt, lr 5e-3 + layer decay 0.7 on validation: 75.78) and tuned scratch
# (lr 2e-3 + label smoothing 0.1: 72.58), on the validation split, seed 0: finetune at 1e-2, scratch at 1e-3
# (scratch had 2e-3 and 5e-3 already). Run from /work/main at commit 32f50eb (its working tree's code).
set -euo pipefail
cd /work/main
while pgrep -f "queue_speedcheck" >/dev/null; do sleep 20; done
ENC=runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
common=(--task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.1
  --eval-split val --seeds 0 --results results/cpu-study/sweep_val_10pct_stride4.csv)
echo "start $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder "$ENC" --lr 1e-2 --layer-decay 0.7 --label-smoothing 0
python -m ssl_colorize transfer "${common[@]}" --mode scratch --lr 1e-3 --label-smoothing 0.1
echo "lr rows done $(date +%T)"
