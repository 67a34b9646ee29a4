#!/usr/bin/env bash
# Session 54: its machine came new (an AVX2-only EPYC, fp32) without runs/, so the second 20-epoch resnet18 run and
# the 10% 4,000-step rung it fed (queue_session51.sh, scratch past step 1,000) were gone. This script does both again
# on a later bf16-capable host, in one command, and resumes whatever a rerun finds unfinished:
#   1. resnet18 pretrained with session 39's command (queue_session46.sh's step; about 3 hours on the AVX512-BF16 EPYC),
#   2. the 10% rung at 4,000 steps, co-trained scratch then finetuning with the colors (queue_session51.sh's commands,
#      about 2.6 hours each).
# It runs from a worktree of main (/work/snap54, made at main's HEAD when absent) so edits to main do not touch it,
# and refuses a CPU without a bf16 unit, where step 1 alone would take over 12 hours (results/throughput.md).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
W=/work/snap54
if ! grep -q -w -E "avx512_bf16|amx_bf16" /proc/cpuinfo; then
  echo "no bf16 unit on this CPU ($(lscpu | grep 'Model name' | sed 's/  */ /g')): not starting"; exit 1
fi
[ -d $W ] || git -C $M worktree add --detach $W HEAD
cd $W
export PYTHONPATH=$W
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
QUIET=(grep --line-buffered -v "^\s*[0-9]*%\|decod\|keeps")
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 2>/dev/null | tail -1 || true)"
if [ -z "$RUN_DIR" ]; then
  python -m ssl_colorize pretrain --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
    --objective ab-classify --rebalance-lambda 1 --model resnet18 --augment resized-crop --output-stride 4 \
    --rotation-weight 3 --epochs 20 --save-every 100 --out $M/runs/r18full --name r18-rot3-stride4-rcrop-full-ep20 \
    2>&1 | "${QUIET[@]}"
elif [ "$(($(wc -l < "$RUN_DIR/metrics.csv") - 1))" -lt 20 ]; then
  python -m ssl_colorize pretrain --resume "$RUN_DIR" 2>&1 | "${QUIET[@]}"
fi
RUN_DIR="$(ls -d $M/runs/r18full/pretrain/*-r18-rot3-stride4-rcrop-full-ep20 | tail -1)"
echo "pretraining done $(date +%T): $RUN_DIR"
TRANSFER=(python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10
  --cache-dir /work/cache --eval-split val --pool all --lr 0.002 --label-smoothing 0.1 --seeds 0 --model resnet18
  --save-every 250 --compile --label-fraction 0.1 --results $S/sweep_val_r18_10pct.csv --weight-decay 0.05
  --epochs 115)
"${TRANSFER[@]}" --mode scratch --pretext-weight 0.1 --pretext-from $RUN_DIR/last.pt \
  --checkpoint-dir $M/runs/r18full/transfer/10pct-scratch-cotrain-4k 2>&1 | "${QUIET[@]}"
echo "scratch 10% 4,000 steps co-trained done $(date +%T)"
"${TRANSFER[@]}" --mode finetune --encoder $RUN_DIR/last.pt --encoder-lr-scale 1 --layer-decay 1 --input lab \
  --checkpoint-dir $M/runs/r18full/transfer/10pct-finetune-lab-4k 2>&1 | "${QUIET[@]}"
echo "finetune 10% 4,000 steps with the colors done $(date +%T)"
echo "queue done $(date +%T)"
