#!/usr/bin/env bash
# Session 55, replacing queue_session55 after its comparator rerun and probes: the plain unet-s-deep lost 5-8 probe
# points at seed 1 (its pretext validation loss was worse too, 2.967 against 2.908), far beyond a pretraining seed's
# 0.4-0.8, so its seed 2 gives way to the question that loss raises: is it depth, or a plain 16-conv stack that
# 10 epochs cannot optimize? `unet-s-deep-res` has the same 16 convs with the added ones as residual units that
# start as the identity. Same proxy recipe and seed 1; then the colorization metrics of the three runs and their
# proxy finetune rows at 1% (validation, seed 0, lr 5e-3, layer decay 0.7, best.pt, gray, 1,000 steps).
# Runs from a worktree of main (/work/snap55b).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
W=/work/snap55b
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
while ! grep -q "^rot3-stride4-seed1-fp32 probes done [0-9]" $S/logs/queue_session55.log; do sleep 10; done
pkill -f queue_session55.sh || true
sleep 2
pkill -f "name deep-rot3-stride4-seed2" || true
sleep 5
rm -rf $P/*-deep-rot3-stride4-seed2
[ -d $W ] || git -C $M worktree add --detach $W HEAD
cd $W
export PYTHONPATH=$W
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
QUIET=(grep --line-buffered -v "^\s*[0-9]*%\|decod\|keeps")
run=deep-res-rot3-stride4-seed1
if ! ls -d $P/*-$run >/dev/null 2>&1; then
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
    --seed 1 --model unet-s-deep-res --name $run 2>&1 | "${QUIET[@]}"
  echo "$run pretraining done $(date +%T)"
fi
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache \
  --out $S/probe_val_s55.csv 2>&1 | "${QUIET[@]}"
echo "$run probes done $(date +%T)"
runs=(deep-res-rot3-stride4-seed1 deep-rot3-stride4-seed1 rot3-stride4-seed1-fp32)
for run in "${runs[@]}"; do
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_s55.csv 2>&1 | "${QUIET[@]}"
  echo "$run evaluate done $(date +%T)"
done
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for run in "${runs[@]}"; do
  python -m ssl_colorize transfer "${base[@]}" --label-fraction 0.01 --encoder "$(ls -d $P/*-$run | tail -1)" \
    2>&1 | "${QUIET[@]}"
  echo "$run finetune 0.01 done $(date +%T)"
done
echo "queue done $(date +%T)"
