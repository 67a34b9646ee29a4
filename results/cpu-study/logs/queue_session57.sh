#!/usr/bin/env bash
# Session 57: is deep-res's 1% finetune lead at 20 epochs (session 56: 55.46 against unet-s's 54.32, pretraining
# seed 1) one pretraining seed's luck? Both models again at the same proxy recipe (rot3-stride4, 20,000 fit images,
# 20 epochs, fp32 on this CPU) at pretraining seed 2: unet-s first, then unet-s-deep-res. Probes go to the depth
# study's CSV (probe_val_s55.csv; the script skips encoders probed already), then the colorization metrics and the
# 1% finetune rows (validation, seed 0, lr 5e-3, layer decay 0.7, best.pt, gray, 1,000 steps), then the 10% rows.
# Runs from a worktree of main (/work/snap57). Resumable: each finished step is found in the log.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
L=$S/logs/queue_session57.log
W=/work/snap57
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
[ -d $W ] || git -C $M worktree add --detach $W HEAD
cd $W
export PYTHONPATH=$W
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
QUIET=(grep --line-buffered -v "^\s*[0-9]*%\|decod\|keeps")
runs=(rot3-stride4-seed2-fp32-ep20 deep-res-rot3-stride4-seed2-ep20)
models=(unet-s unet-s-deep-res)
for i in 0 1; do
  run=${runs[$i]}
  if ! grep -q "^$run pretraining done" $L; then
    rm -rf $P/*-$run  # an interrupted run starts again: the queue's runs are not resumed halfway
    python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
      --rebalance-lambda 1 --limit 20000 --epochs 20 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
      --seed 2 --model ${models[$i]} --name $run 2>&1 | "${QUIET[@]}"
    echo "$run pretraining done $(date +%T)"
  fi
done
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache \
  --out $S/probe_val_s55.csv 2>&1 | "${QUIET[@]}"
echo "probes done $(date +%T)"
for run in "${runs[@]}"; do
  grep -q "^$run evaluate done" $L && continue
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_s55.csv 2>&1 | "${QUIET[@]}"
  echo "$run evaluate done $(date +%T)"
done
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.01 0.1; do
  for run in "${runs[@]}"; do
    grep -q "^$run finetune $fraction done" $L && continue
    python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-$run | tail -1)" \
      2>&1 | "${QUIET[@]}"
    echo "$run finetune $fraction done $(date +%T)"
  done
done
echo "queue done $(date +%T)"
