#!/usr/bin/env bash
# Session 56: does the residual depth that tied unet-s at 10 epochs (session 55) pay when trained longer?
# The README says a larger backbone trained longer would close the probe gap; unet-s's turned recipe still gained
# 3.7-4.6 probe points from 20 to 60 epochs at full scale. Here both models get 20 epochs at the same proxy recipe
# (rot3-stride4, 20,000 fit images, pretraining seed 1, fp32 on this CPU): unet-s first (its own 10 -> 20 epoch
# row), then unet-s-deep-res. Probes go to the depth study's CSV (probe_val_s55.csv: the script skips encoders
# probed already), then the colorization metrics and the 1% finetune rows (validation, seed 0, lr 5e-3,
# layer decay 0.7, best.pt, gray, 1,000 steps). Runs from a worktree of main (/work/snap56). Resumable.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
W=/work/snap56
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
[ -d $W ] || git -C $M worktree add --detach $W HEAD
cd $W
export PYTHONPATH=$W
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
QUIET=(grep --line-buffered -v "^\s*[0-9]*%\|decod\|keeps")
runs=(rot3-stride4-seed1-fp32-ep20 deep-res-rot3-stride4-seed1-ep20)
models=(unet-s unet-s-deep-res)
for i in 0 1; do
  run=${runs[$i]}
  if ! grep -q "^$run pretraining done" $S/logs/queue_session56.log; then
    rm -rf $P/*-$run  # an interrupted run starts again: the queue's runs are not resumed halfway
    python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
      --rebalance-lambda 1 --limit 20000 --epochs 20 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
      --seed 1 --model ${models[$i]} --name $run 2>&1 | "${QUIET[@]}"
    echo "$run pretraining done $(date +%T)"
  fi
  python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache \
    --out $S/probe_val_s55.csv 2>&1 | "${QUIET[@]}"
  echo "$run probes done $(date +%T)"
done
for run in "${runs[@]}"; do
  grep -q "^$run evaluate done" $S/logs/queue_session56.log && continue
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_s55.csv 2>&1 | "${QUIET[@]}"
  echo "$run evaluate done $(date +%T)"
done
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for run in deep-res-rot3-stride4-seed1-ep20 rot3-stride4-seed1-fp32-ep20; do
  grep -q "^$run finetune 0.01 done" $S/logs/queue_session56.log && continue
  python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.01 --encoder "$(ls -d $P/*-$run | tail -1)" \
    2>&1 | "${QUIET[@]}"
  echo "$run finetune 0.01 done $(date +%T)"
done
echo "queue done $(date +%T)"
