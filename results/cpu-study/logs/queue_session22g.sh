#!/usr/bin/env bash
# Session 22 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session22e.sh: co-training weight 0.1 at 10% on
# validation (seeds 0-2; weight 0.3 gained +0.60 over none there, 3 seeds), then choose.py's 10% finetune
# recipe for the rerun encoder over its validation rows, and its test rows (seeds 0-2), then the 100% finetune
# seeds 1-2 (queue_session22f.sh, stopped). Run from /work/snap22.
set -euo pipefail
cd /work/snap22
export PYTHONPATH=/work/snap22
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode finetune --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --encoder $RUN)
python -m ssl_colorize transfer "${common[@]}" --input lab --layer-decay 0.7 --label-fraction 0.1 --lr 1e-2 \
  --pretext-weight 0.1 --eval-split val --seeds 0,1,2 --results $S/sweep_val_cotrain.csv
echo "weight 0.1 done $(date +%T)"
recipe=$(python benchmarks/choose.py sweep $S/sweep_val_cotrain.csv $S/sweep_val_rotation.csv --mode finetune \
  --fraction 0.1 --encoder-id $ID)
echo "chosen: $recipe"
# shellcheck disable=SC2086  # the options are words
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --encoder $RUN --label-fraction 0.1 $recipe --eval-split test --seeds 0,1,2 \
  --results $S/transfer_test.csv
echo "10% test done $(date +%T)"
bash /work/main/results/cpu-study/logs/queue_session22f.sh
