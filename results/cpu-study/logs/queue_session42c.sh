#!/usr/bin/env bash
# Session 42, part three. queue_session42b.sh stopped after cloning: its `git log | head -1` ended the pipeline with
# SIGPIPE, which `set -o pipefail` turned into an exit, so neither test run started; the fresh-clone check then ran by
# hand (189 passed, rc 0). Too little session time was left for the two 40-minute test runs, so this queue splits the
# validation rung instead: both modes at 2,000 steps with the rung's recipe but without co-training (ema and
# regularization kept), which separates co-training's share from the longer schedule's. Validation, seed 0, resnet18,
# 1%. Run from /work/snap42b (9f4c4e9).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap42b
export PYTHONPATH=/work/snap42b
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)/last.pt"
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 0.01
  --eval-split val --results $S/sweep_val_r18_cotrain.csv --pool all --lr 0.002 --weight-decay 0.5
  --label-smoothing 0.1 --ema 0.999 --seeds 0 --epochs 667)
python -m ssl_colorize transfer "${common[@]}" --mode scratch --model resnet18 2>&1 | grep --line-buffered -v "decod\|keeps"
echo "scratch 2,000 steps without co-training done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder $RUN --encoder-lr-scale 1 --layer-decay 1 \
  2>&1 | grep --line-buffered -v "decod\|keeps"
echo "finetune 2,000 steps without co-training done $(date +%T)"
echo "queue done $(date +%T)"
