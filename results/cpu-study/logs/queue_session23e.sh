#!/usr/bin/env bash
# Session 23 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session23d.sh, with the session's last half hour:
# equal length at 1%. Scratch's co-training rows ran its validated 2,000 steps, finetune's only its 1,000;
# the pretext may let finetuning train longer without overfitting. Finetune co-trained at 2,000 steps (668
# epochs), weights 0.3 and 0.1, validation seed 0 (plain finetuning at 1,000 steps: 62.34). Test rows of a
# leader would not fit this session. Run from /work/snap23 (0adb8d6).
set -euo pipefail
cd /work/snap23
export PYTHONPATH=/work/snap23
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
for weight in 0.3 0.1; do
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache --label-fraction 0.01 --encoder $RUN --mode finetune --lr 5e-3 --layer-decay 0.7 \
    --input lab --epochs 668 --pretext-weight $weight --eval-split val --seeds 0 --results $S/sweep_val_cotrain.csv
  echo "weight $weight done $(date +%T)"
done
