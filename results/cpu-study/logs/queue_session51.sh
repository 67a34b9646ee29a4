#!/usr/bin/env bash
# Session 51: the work of queue_session47.sh's tail (finetuning's 8,000-step 1% rung, resumed from its checkpoint at
# step 500) and of queue_session48.sh (resnet18's 4,000-step 10% rung), now with --compile. torch.compile does not
# change what a run computes (a resumed run may differ in it: NOT_IDENTITY in train/transfer_checkpoint.py) and
# made unet-s finetuning 24-35% faster on these CPUs (results/throughput.md); the rung's earlier rows ran eager.
# Rerunning skips what is done and resumes what is not (--checkpoint-dir).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
cd /work/snap46
export PYTHONPATH=/work/snap46
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
TRANSFER=(python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10
  --cache-dir /work/cache --eval-split val --pool all --lr 0.002 --label-smoothing 0.1 --seeds 0 --model resnet18
  --save-every 250 --compile)
QUIET=(grep --line-buffered -v "decod\|keeps")
# 1% rung, 8,000 steps: finetuning's counterpart of scratch's 63.00 (queue_session46b.sh's command)
"${TRANSFER[@]}" --label-fraction 0.01 --results $S/sweep_val_r18_cotrain.csv --weight-decay 0.5 --ema 0.999 \
  --pretext-weight 0.3 --epochs 2667 --mode finetune --encoder $RUN_DIR/last.pt --encoder-lr-scale 1 --layer-decay 1 \
  --checkpoint-dir $M/runs/r18full/transfer/1pct-finetune-cotrain-8k 2>&1 | "${QUIET[@]}"
echo "finetune 1% 8,000 steps co-trained done $(date +%T)"
# 10% rung, 4,000 steps (queue_session48.sh's commands)
TEN=(--label-fraction 0.1 --results $S/sweep_val_r18_10pct.csv --weight-decay 0.05 --epochs 115)
"${TRANSFER[@]}" "${TEN[@]}" --mode scratch --pretext-weight 0.1 --pretext-from $RUN_DIR/last.pt \
  --checkpoint-dir $M/runs/r18full/transfer/10pct-scratch-cotrain-4k 2>&1 | "${QUIET[@]}"
echo "scratch 10% 4,000 steps co-trained done $(date +%T)"
"${TRANSFER[@]}" "${TEN[@]}" --mode finetune --encoder $RUN_DIR/last.pt --encoder-lr-scale 1 --layer-decay 1 \
  --input lab --checkpoint-dir $M/runs/r18full/transfer/10pct-finetune-lab-4k 2>&1 | "${QUIET[@]}"
echo "finetune 10% 4,000 steps with the colors done $(date +%T)"
echo "queue done $(date +%T)"
