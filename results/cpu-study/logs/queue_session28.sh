#!/usr/bin/env bash
# Session 28 (2026-11-29, CPU: AMD EPYC, 2 cores), first queue: the co-trained 10% scratch choice (W 0.1, --input lab)
# one doubling longer, 8,000 steps (4,000: 78.24, validation seed 0), as queue_session27g meant to and did not finish:
# plain scratch had risen 77.06 -> 77.44 with that doubling. From /work/snap28 (0b46539).
set -euo pipefail
cd /work/snap28
export PYTHONPATH=/work/snap28
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --mode scratch --pretext-from $RUN --label-fraction 0.1 --lr 2e-3 --label-smoothing 0.1 \
  --input lab --pretext-weight 0.1 --epochs 230 --eval-split val --seeds 0 --results $S/sweep_val_scratch_length.csv
echo "done $(date +%T)"
