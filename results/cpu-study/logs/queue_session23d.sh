#!/usr/bin/env bash
# Session 23 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session23c.sh: scratch co-training at 1% with
# weight 1 on validation (seed 0), so scratch's 1% weights match the range finetuning's tried (0.1-3; weight 0.3
# led 0.1 for scratch, 55.04 against 54.42). Its test rows wait for a later session if it leads.
# Run from /work/snap23 (17c42fb).
set -euo pipefail
while pgrep -f "queue_session23c[.]sh" >/dev/null; do sleep 10; done
cd /work/snap23
export PYTHONPATH=/work/snap23
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --label-fraction 0.01 --mode scratch --lr 2e-3 --label-smoothing 0.1 --weight-decay 0.5 --epochs 667 \
  --pretext-from $RUN --pretext-weight 1 --eval-split val --seeds 0 --results $S/sweep_val_cotrain_scratch.csv
echo "weight 1 done $(date +%T)"
python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.01
