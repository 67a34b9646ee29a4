#!/usr/bin/env bash
# Session 21 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session21c.sh: the rerun turned encoder's
# frozen probe at 100% labels on test (L2 from its validation rows, last.pt) and its 100% finetune row,
# seed 0, with the recipe validation chose for the turned encoder at 100% (lr 5e-3, layer decay 1, colors,
# 30 epochs): does the 100% tie hold with a second pretraining run of the recipe? Run from /work/snap21.
set -euo pipefail
cd /work/snap21
export PYTHONPATH=/work/snap21
S=/work/main/results/cpu-study
NAME=rot3-stride4-rcrop-full-ep60-rerun
ENC=$S/encoders/$NAME.safetensors
while pgrep -f "queue_session21c[.]sh" >/dev/null; do sleep 10; done
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 1
        --encoder $ENC --eval-split test --results $S/transfer_test.csv)
l2=$(python benchmarks/choose.py probe $S/probe_val.csv --variant $NAME@last --fraction 1)
echo "probe 100%: $l2"
# shellcheck disable=SC2086  # the options are words
python -m ssl_colorize transfer "${common[@]}" --mode linear $l2 --seeds 0,1,2
echo "probe done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --lr 5e-3 --layer-decay 1 --label-smoothing 0 \
  --input lab --epochs 30 --seeds 0
echo "finetune 100% seed 0 done $(date +%T)"
