#!/usr/bin/env bash
# Session 26 (2026-11-28, CPU: AMD EPYC, 2 cores), third queue (waits for queue_session26b.sh): validation's 10%
# scratch choice (co-trained from a random init, W = 0.1, chosen on seed 0) at validation seeds 1 and 2, so the
# 10% comparison on validation has three seeds on both sides (finetune's co-training weight was chosen on
# seeds 0-2). The recipe is choose.py's pick over every validation row. Run from /work/snap26b (b1ad408).
set -euo pipefail
while pgrep -f "queue_session26b.sh" > /dev/null; do sleep 30; done
cd /work/snap26b
export PYTHONPATH=/work/snap26b
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
scratch=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.1 2> /dev/null)
echo "scratch 10%: $scratch"
# shellcheck disable=SC2086  # the options are words
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --pretext-from $RUN --label-fraction 0.1 $scratch --eval-split val --seeds 1,2 \
  --results $S/sweep_val_cotrain_scratch.csv
echo "done $(date +%T)"
