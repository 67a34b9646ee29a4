#!/usr/bin/env bash
# Session 58: is the ab grid a lever? Zhang et al.'s 10-unit bins (262 in-gamut classes) against coarser 20-unit
# bins (76 classes) and finer 5-unit bins (969 classes), the soft targets' sigma scaled with the side (--ab-grid),
# at the proxy recipe of the 10-epoch comparator rot3-stride4-seed1-fp32 (unet-s, rot3-stride4, 20,000 fit
# images, 10 epochs, pretraining seed 1, fp32 on this CPU). Per run: pretraining, probes (to the depth study's
# CSV, probe_val_s55.csv, where the comparator was probed on this host; the script skips encoders probed
# already), colorization metrics, the 1% finetune (validation, seed 0, lr 5e-3, layer decay 0.7, 1,000 steps).
# Then the 10% finetunes, the comparator's included (not measured before). Runs from a worktree of main
# (/work/snap58). Resumable: each finished step is found in the log.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
L=$S/logs/queue_session58.log
W=/work/snap58
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
[ -d $W ] || git -C $M worktree add --detach $W HEAD
cd $W
export PYTHONPATH=$W
echo "start $(date +%T) $(git rev-parse --short HEAD) $(lscpu | grep 'Model name' | sed 's/  */ /g')"
QUIET=(grep --line-buffered -v "^\s*[0-9]*%\|decod\|keeps")
runs=(grid20-rot3-stride4-seed1 grid5-rot3-stride4-seed1)
grids=(20 5)
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
finetune() {  # run, label fraction
  grep -q "^$1 finetune $2 done" $L && return
  python -m ssl_colorize transfer "${base[@]}" --label-fraction $2 --encoder "$(ls -d $P/*-$1 | tail -1)" \
    2>&1 | "${QUIET[@]}"
  echo "$1 finetune $2 done $(date +%T)"
}
for i in 0 1; do
  run=${runs[$i]}
  if ! grep -q "^$run pretraining done" $L; then
    rm -rf $P/*-$run  # an interrupted run starts again: the queue's runs are not resumed halfway
    python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
      --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
      --seed 1 --ab-grid ${grids[$i]} --name $run 2>&1 | "${QUIET[@]}"
    echo "$run pretraining done $(date +%T)"
  fi
  python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache \
    --out $S/probe_val_s55.csv 2>&1 | "${QUIET[@]}"
  echo "$run probes done $(date +%T)"
  if ! grep -q "^$run evaluate done" $L; then
    python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
      --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_s55.csv 2>&1 | "${QUIET[@]}"
    echo "$run evaluate done $(date +%T)"
  fi
  finetune $run 0.01
done
for run in "${runs[@]}" rot3-stride4-seed1-fp32; do
  finetune $run 0.1
done
echo "queue done $(date +%T)"
