#!/usr/bin/env bash
# Session 22 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session22b.sh (BatchNorm fix): finetuning with the pretext kept on (--pretext-weight, S4L),
# validation, seed 0, from the rerun turned encoder's run (last.pt; its decoder and turn head co-train), with
# the 10% and 1% finetune recipes validation chose for the turned encoder (colors; 10%: lr 1e-2; 1%: lr 5e-3;
# layer decay 0.7). Baselines on validation: finetune 10% 78.42 (rerun) / 78.60, 2,000 steps 78.10; tuned
# scratch 77.06; finetune 1% 60.58, scratch 50.42. Run from /work/snap22.
set -euo pipefail
cd /work/snap22
export PYTHONPATH=/work/snap22
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode finetune --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --encoder $RUN --input lab --layer-decay 0.7 --eval-split val --seeds 0 --results $S/sweep_val_cotrain.csv)
runs=(
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 1"
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 1 --epochs 58"
  "--label-fraction 0.01 --lr 5e-3 --pretext-weight 1"
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 0.3"
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 3"
)
for options in "${runs[@]}"; do
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${common[@]}" $options
  echo "done $(date +%T): $options"
done
