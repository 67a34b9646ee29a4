#!/usr/bin/env bash
# Session 23 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session23b.sh: equal effort at 1% labels.
# Co-training from a random init gained 4.0 points for scratch at 1% with weight 0.1 (validation, seed 0),
# a weight finetuning's 1% co-training rows never tried (0.3, 1, 3: all cost). So: finetune at 1% with
# weight 0.1 (the rerun turned encoder, finetune's 1% recipe: lr 5e-3, layer decay 0.7, colors, 1,000 steps),
# validation seed 0; then choose.py's 1% pick for that encoder over its co-training rows, and its test rows
# (seeds 0-2) if it is co-trained (plain finetuning's 1% test rows exist). Run from /work/snap23 (17c42fb).
set -euo pipefail
while pgrep -f "queue_session23b[.]sh" >/dev/null; do sleep 10; done
cd /work/snap23
export PYTHONPATH=/work/snap23
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
echo "start $(date +%T) $(git rev-parse --short HEAD)"
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01
      --encoder $RUN)
python -m ssl_colorize transfer "${data[@]}" --mode finetune --lr 5e-3 --layer-decay 0.7 --input lab --epochs 334 \
  --pretext-weight 0.1 --eval-split val --seeds 0 --results $S/sweep_val_cotrain.csv
echo "weight 0.1 done $(date +%T)"
recipe=$(python benchmarks/choose.py sweep $S/sweep_val_cotrain.csv --mode finetune --fraction 0.01 --encoder-id $ID)
echo "best 1% finetune of the rerun encoder over its co-training rows: $recipe"
if [[ $recipe == *--pretext-weight* ]]; then
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${data[@]}" $recipe --eval-split test --seeds 0,1,2 --results $S/transfer_test.csv
  echo "test done $(date +%T)"
fi
