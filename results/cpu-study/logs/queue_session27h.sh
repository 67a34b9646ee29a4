#!/usr/bin/env bash
# Session 27 (2026-11-29, CPU: AMD EPYC, 2 cores), last queue: validation seed 2 of both 1% choices (finetune: the new
# recipe with ls 0.1 and wd 0.5; scratch: co-trained W 0.3, 2,000 steps), so the 1% comparison has three validation
# seeds on both sides, as the 10% one has. From /work/snap27c (06587a2).
set -euo pipefail
cd /work/snap27c
export PYTHONPATH=/work/snap27c
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01
      --eval-split val --seeds 2)
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer "${data[@]}" --mode finetune --encoder $RUN --lr 5e-3 --layer-decay 0.7 --input lab \
  --pretext-weight 0.1 --epochs 668 --label-smoothing 0.1 --weight-decay 0.5 --results $S/sweep_val_finetune_reg.csv
echo "finetune done $(date +%T)"
python -m ssl_colorize transfer "${data[@]}" --mode scratch --pretext-from $RUN --lr 2e-3 --label-smoothing 0.1 \
  --weight-decay 0.5 --pretext-weight 0.3 --epochs 667 --results $S/sweep_val_cotrain_scratch.csv
echo "scratch done $(date +%T)"
