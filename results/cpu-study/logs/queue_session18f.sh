#!/usr/bin/env bash
# Stopped by SIGTERM at epoch ~140 of 667 (see queue_session18d.sh); its row ran again in queue_session18g.sh.
# Session of 2026-11-28: the 1% finetune row at 2,000 steps (validation, seed 0, the chosen 1% recipe with colors),
# the equal-effort partner of queue_session18d.sh's 1% scratch row at 2,000 steps (50.42 against 48.18 at 1,000).
# Started beside queue_session18d.sh's 10% test rows (both slower for it), so that 18d's 1% choice sees it.
set -euo pipefail
cd /work/snap18d
export PYTHONPATH=/work/snap18d
M=/work/main
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --eval-split val --seeds 0 --label-fraction 0.01 --min-steps 2000 --mode finetune \
  --encoder $M/runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt --input lab --lr 5e-3 \
  --layer-decay 0.7 --label-smoothing 0 --results $M/results/cpu-study/sweep_val_1pct_steps.csv
echo "done $(date +%T)"
