#!/usr/bin/env bash
# Session of 2026-11-28 (CPU, 2 cores), 09:14: the chosen 100% finetune row's seed 1 on test (the time left in
# the session fits one 25-minute run, not a pair): its spread, not a paired comparison.
set -euo pipefail
cd /work/snap20
export PYTHONPATH=/work/snap20
S=/work/main/results/cpu-study
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 1 --mode finetune --encoder /work/main/runs/ablation/pretrain/20261128-045222-rot3-stride4-rcrop-full-ep60/last.pt \
  --lr 5e-3 --weight-decay 0.05 --label-smoothing 0 --input lab --encoder-lr-scale 1 --layer-decay 1 --epochs 30 \
  --eval-split test --seeds 1 --results $S/transfer_test.csv
echo "test finetune seed 1 done $(date +%T)"
