#!/usr/bin/env bash
# Stopped at 04:07, at epoch 23 of 230 (no row written): the session's checks beside it slowed it to a tenth of the
# run in 17 minutes, and the rest would not have finished before the session ended.
# Session 27 (2026-11-29, CPU: AMD EPYC, 2 cores), seventh queue: plain scratch at 10% rose 77.06 -> 77.44 from 4,000 to
# 8,000 steps (validation seed 0, queue_session27e), so validation's 10% scratch choice (co-trained from a random init,
# W 0.1, --input lab, 4,000 steps: 78.24) gets the same doubling. From /work/snap27c (06587a2); the session's final
# checks (ruff, tests, a clean-clone CI run) ran beside it, so its time is not a clean measurement.
set -euo pipefail
cd /work/snap27c
export PYTHONPATH=/work/snap27c
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --mode scratch --pretext-from $RUN --label-fraction 0.1 --lr 2e-3 --label-smoothing 0.1 \
  --input lab --pretext-weight 0.1 --epochs 230 --eval-split val --seeds 0 --results $S/sweep_val_scratch_length.csv
echo "done $(date +%T)"
