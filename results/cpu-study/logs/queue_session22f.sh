#!/usr/bin/env bash
# Session 22 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session22e.sh: queue_session22.sh again (stopped at 12:28): seeds 1 and 2 of the 100% finetune row from the committed
# rerun turned encoder (seed 0 ran in queue_session21d.sh), with the same recipe (lr 5e-3, layer decay 1,
# colors, 30 epochs), so the 100% finetune cell has 3 seeds of one encoder. Run from /work/snap22.
set -euo pipefail
cd /work/snap22
export PYTHONPATH=/work/snap22
S=/work/main/results/cpu-study
NAME=rot3-stride4-rcrop-full-ep60-rerun
ENC=$S/encoders/$NAME.safetensors
echo "start $(date +%T) $(git rev-parse --short HEAD)"
while pgrep -f "queue_session22e[.]sh" >/dev/null; do sleep 10; done
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 1
        --encoder $ENC --eval-split test --results $S/transfer_test.csv)
for seed in 1 2; do
  python -m ssl_colorize transfer "${common[@]}" --mode finetune --lr 5e-3 --layer-decay 1 --label-smoothing 0 \
    --input lab --epochs 30 --seeds $seed
  echo "finetune 100% seed $seed done $(date +%T)"
done
