#!/usr/bin/env bash
# Session 55 (2026-12-07, CPU: AMD EPYC Zen 3, AVX2 only, fp32, 2 cores): depth as a pretext lever, the issue's
# "width and depth" lever that had only its width row (unet-m) at unet-s scale. `unet-s-deep` is unet-s with four
# 3x3 convs a stage instead of two (16 in the encoder, as many as resnet18's stages hold), at the proxy recipe
# `rot3-stride4` (ab-classify, lambda 1, output stride 4, rotation weight 3, first 20,000 fit images, 10 epochs):
#   1. unet-s-deep at pretraining seed 1, 2. its comparator rot3-stride4-seed1-fp32 again at this commit (session 35
#   ran it on this CPU type from 63f3c25: does it reproduce?), 3. unet-s-deep at seed 2 (comparator: session 35's
#   rot3-stride4-seed2-fp32), each followed by the validation probes; then the colorization metrics and the proxy
#   finetune rows at 1% (validation, seed 0, lr 5e-3, layer decay 0.7, best.pt, gray, 1,000 steps).
# Runs from a worktree of main (/work/snap55) so edits to main do not touch it.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
W=/work/snap55
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
[ -d $W ] || git -C $M worktree add --detach $W HEAD
cd $W
export PYTHONPATH=$W
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
QUIET=(grep --line-buffered -v "^\s*[0-9]*%\|decod\|keeps")
runs=(deep-rot3-stride4-seed1 rot3-stride4-seed1-fp32 deep-rot3-stride4-seed2)
models=(unet-s-deep unet-s unet-s-deep)
seeds=(1 1 2)
for i in 0 1 2; do
  run=${runs[$i]}
  if ! ls -d $P/*-$run >/dev/null 2>&1; then
    python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
      --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
      --seed ${seeds[$i]} --model ${models[$i]} --name $run 2>&1 | "${QUIET[@]}"
    echo "$run pretraining done $(date +%T)"
  fi
  python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache \
    --out $S/probe_val_s55.csv 2>&1 | "${QUIET[@]}"
  echo "$run probes done $(date +%T)"
done
for run in "${runs[@]}"; do
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_s55.csv 2>&1 | "${QUIET[@]}"
  echo "$run evaluate done $(date +%T)"
done
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for run in deep-rot3-stride4-seed1 deep-rot3-stride4-seed2; do
  python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.01 --encoder "$(ls -d $P/*-$run | tail -1)" \
    2>&1 | "${QUIET[@]}"
  echo "$run finetune 0.01 done $(date +%T)"
done
echo "queue done $(date +%T)"
