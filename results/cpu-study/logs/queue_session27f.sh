#!/usr/bin/env bash
# Session 27 (2026-11-29, CPU: AMD EPYC, 2 cores), sixth queue (after queue_session27e.sh): at 1% label smoothing
# and weight decay paid only together (+0.50 and -0.48 alone, +2.30 together), so at 10% the pair is tried too
# (alone -0.92 and -0.64): validation's 10% finetune recipe with ls 0.1 and wd 0.5, seed 0. From /work/snap27c.
set -euo pipefail
while pgrep -f "queue_session27e.sh" > /dev/null; do sleep 20; done
cd /work/snap27c
export PYTHONPATH=/work/snap27c
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --mode finetune --encoder $RUN --input lab --layer-decay 0.7 --eval-split val --seeds 0 \
  --results $S/sweep_val_finetune_reg.csv --label-fraction 0.1 --lr 1e-2 --pretext-weight 0.3 \
  --label-smoothing 0.1 --weight-decay 0.5
echo "done $(date +%T)"
