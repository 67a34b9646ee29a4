#!/usr/bin/env bash
# Session 48: what the machine does after queue_session47.sh (the 8,000-step 1% rung, scratch then finetuning), so
# that a machine kept between sessions keeps working. Most valuable first; rerunning skips what is done and resumes
# what is not (--checkpoint-dir; a run whose row.json exists is skipped):
# 1. resnet18's second 10% rung (session 43-45's first one at 2,000 steps: finetune 78.40 with the colors, scratch
#    co-trained on gray 72.58, +5.82 between the choices): each mode's choice at twice the steps, 4,000
#    (--epochs 115: 4,500 labeled images are 35 steps an epoch), validation, seed 0, lr 2e-3, weight decay 0.05,
#    label smoothing 0.1. Scratch gray, co-trained at weight 0.1 with the run's pretext; finetuning with
#    --input lab, the encoder at the head's rate, no layer decay, no co-training (it cost 0.52 at 2,000 steps).
#    unet-s's 10% gap fell to +0.33 on test only once scratch had co-training and 8,000 steps.
# The encoder is the second 20-epoch run (session 46-47; it finetunes within 0.12 of the first run).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap46
export PYTHONPATH=/work/snap46
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
while pgrep -f "queue_session47[.]sh" > /dev/null; do sleep 60; done
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
COMMON=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.1
  --eval-split val --results $S/sweep_val_r18_10pct.csv --pool all --lr 0.002 --weight-decay 0.05 --label-smoothing 0.1
  --seeds 0 --epochs 115 --model resnet18 --save-every 250)
python -m ssl_colorize transfer "${COMMON[@]}" --mode scratch --pretext-weight 0.1 --pretext-from $RUN_DIR/last.pt \
  --checkpoint-dir $M/runs/r18full/transfer/10pct-scratch-cotrain-4k 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "scratch 10% 4,000 steps co-trained done $(date +%T)"
python -m ssl_colorize transfer "${COMMON[@]}" --mode finetune --encoder $RUN_DIR/last.pt --encoder-lr-scale 1 --layer-decay 1 \
  --input lab --checkpoint-dir $M/runs/r18full/transfer/10pct-finetune-lab-4k 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "finetune 10% 4,000 steps with the colors done $(date +%T)"
echo "queue done $(date +%T)"
