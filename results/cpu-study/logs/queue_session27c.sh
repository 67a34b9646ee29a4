#!/usr/bin/env bash
# Stopped at 02:34 (one minute into its first run, no row written): replaced by queue_session27e.sh, which runs
# L2-SP on top of the 1% recipe queue_session27b.sh found.
# Session 27 (2026-11-29, CPU: AMD EPYC, 2 cores), third queue (after queue_session27b.sh): L2-SP for finetuning
# (`transfer --l2-sp X`, commit 06587a2): the encoder's weights decay toward their pretrained values instead of
# toward zero, at X times the step's lr (decoupled; over a run the pull adds up to about 5 X in the exponent at
# the deepest stage). On validation's finetune choices (the rerun turned encoder's last.pt, --input lab, layer
# decay 0.7; 1%: lr 5e-3, co-trained W 0.1, 2,000 steps; 10%: lr 1e-2, W 0.3, 1,000 steps), seed 0, X 0.1 and 1.
# Run from /work/snap27c (06587a2).
set -euo pipefail
while pgrep -f "queue_session27b.sh" > /dev/null; do sleep 20; done
cd /work/snap27c
export PYTHONPATH=/work/snap27c
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode finetune --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --encoder $RUN --input lab --layer-decay 0.7 --eval-split val --seeds 0 --results $S/sweep_val_finetune_reg.csv)
runs=(
  "--label-fraction 0.01 --lr 5e-3 --pretext-weight 0.1 --epochs 668 --l2-sp 1"
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 0.3 --l2-sp 1"
  "--label-fraction 0.01 --lr 5e-3 --pretext-weight 0.1 --epochs 668 --l2-sp 0.1"
  "--label-fraction 0.1 --lr 1e-2 --pretext-weight 0.3 --l2-sp 0.1"
)
for options in "${runs[@]}"; do
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${common[@]}" $options
  echo "done $(date +%T): $options"
done
