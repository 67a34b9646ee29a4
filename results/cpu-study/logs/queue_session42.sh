#!/usr/bin/env bash
# Session 42 (2026-12-06, CPU: Intel Xeon with AMX, 2 cores): the first rung of a tuned scratch for resnet18 at 1%
# labels, on validation (seed 0). unet-s's validation-chosen 1% scratch recipe at its 2,000-step length (lr 2e-3,
# label smoothing 0.1, weight decay 0.5, co-training with the pretext at weight 0.3, --ema 0.999, gray), given to
# both modes so the tuning effort is equal: resnet18 from a random init (co-trained with the resnet18 run's pretext
# settings) and from the turned resnet18 encoder at 20 epochs (runs/r18full, last.pt). Before it resnet18 had only
# the 1,000-step plain rows (validation: finetune 56.54, scratch 44.84). Run from /work/snap42 (bd067b4).
set -euo pipefail
cd /work/snap42
export PYTHONPATH=/work/snap42
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
common=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --label-fraction 0.01
  --eval-split val --results $S/sweep_val_r18_cotrain.csv --pool all --lr 0.002 --weight-decay 0.5
  --label-smoothing 0.1 --ema 0.999 --pretext-weight 0.3 --seeds 0 --epochs 667)
python -m ssl_colorize transfer "${common[@]}" --mode scratch --model resnet18 --pretext-from $RUN \
  2>&1 | grep -v "decod\|keeps"
echo "scratch co-trained 2,000 steps done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder $RUN --encoder-lr-scale 1 --layer-decay 1 \
  2>&1 | grep -v "decod\|keeps"
echo "finetune co-trained 2,000 steps done $(date +%T)"
echo "queue done $(date +%T)"
