#!/usr/bin/env bash
# Session 23 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session23.sh: co-training at 100% labels on
# validation, paired with plain finetuning of the same encoder (the rerun turned encoder) at the same length:
# 100% finetune recipe (lr 5e-3, layer decay 1, colors) at 15 epochs (30 epochs co-trained would take about
# 42 minutes here); weight 0.3 (validation's 10% choice), seed 0. Run from /work/snap23 (17c42fb).
set -euo pipefail
while pgrep -f "queue_session23[.]sh" >/dev/null; do sleep 10; done
cd /work/snap23
export PYTHONPATH=/work/snap23
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
common=(--task classify --mode finetune --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache
        --encoder $RUN --label-fraction 1 --lr 5e-3 --layer-decay 1 --input lab --epochs 15 --eval-split val --seeds 0)
python -m ssl_colorize transfer "${common[@]}" --pretext-weight 0.3 --results $S/sweep_val_100pct_cotrain.csv
echo "co-trained done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --results $S/sweep_val_100pct_cotrain.csv
echo "plain done $(date +%T)"
