#!/usr/bin/env bash
# 100% labels, seed 0: finetune of the chosen encoder with the recipe of the earlier 100% cell (lr 5e-3, encoder at 1x).
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap61
while pgrep -f "queue_test.sh" >/dev/null; do sleep 20; done
ENC=$(ls -d runs/ablation/pretrain/*-rcrop-full-ep60 | tail -1)/last.pt
echo "start $(date +%T)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache \
  --mode finetune --encoder "$ENC" --label-fraction 1 --lr 5e-3 --eval-split test --seeds 0 \
  --results results/cpu-study/transfer_test.csv
echo "finetune 100% done $(date +%T)"
