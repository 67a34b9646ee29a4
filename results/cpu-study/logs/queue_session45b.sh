#!/usr/bin/env bash
# Session 45, part two (after queue_session45.sh), and the sessions after it: resnet18 at 1%, the third rung of the
# co-trained ladder (sessions 42-44: scratch 51.08 -> 57.08, finetune 61.80 -> 65.24 at 2,000 -> 4,000 steps):
# the same recipe at 8,000 steps (--epochs 2667), scratch first (the baseline's tuning), then finetuning's
# equal-effort counterpart. lr 2e-3, wd 0.5, ls 0.1, ema 0.999, pretext weight 0.3, gray; finetune at the head's
# rate (--encoder-lr-scale 1 --layer-decay 1). Validation, seed 0. About 2.7 hours a run on 2 cores: each keeps
# its state under runs/r18full/transfer/ (--checkpoint-dir, every 250 steps), so rerunning this script in a later
# session resumes an unfinished run and skips a finished one. Run from /work/snap45b (ff5a1c5: --checkpoint-dir).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
until grep -q "queue done" $S/logs/queue_session45.log; do sleep 30; done
cd /work/snap45b
export PYTHONPATH=/work/snap45b
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
COMMON=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01
  --eval-split val --results $S/sweep_val_r18_cotrain.csv --pool all --lr 0.002 --weight-decay 0.5 --label-smoothing 0.1
  --ema 0.999 --pretext-weight 0.3 --seeds 0 --epochs 2667 --model resnet18 --save-every 250)
python -m ssl_colorize transfer "${COMMON[@]}" --mode scratch --pretext-from $RUN \
  --checkpoint-dir $M/runs/r18full/transfer/1pct-scratch-cotrain-8k 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "scratch 1% 8,000 steps co-trained done $(date +%T)"
python -m ssl_colorize transfer "${COMMON[@]}" --mode finetune --encoder $RUN --encoder-lr-scale 1 --layer-decay 1 \
  --checkpoint-dir $M/runs/r18full/transfer/1pct-finetune-cotrain-8k 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "finetune 1% 8,000 steps co-trained done $(date +%T)"
echo "queue done $(date +%T)"
