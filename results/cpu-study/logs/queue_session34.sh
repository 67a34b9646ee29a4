#!/usr/bin/env bash
# Session 34 (2026-12-03, CPU: Intel Xeon with AMX, 2 cores): two new pretext levers at proxy scale (commit
# fbb8682): `rot3-stride4` (ab-classify, lambda 1, output stride 4, rotation weight 3, the first 20,000 fit
# images, 10 epochs) with `--histogram-weight 1` (each image's color distribution over the ab bins predicted
# from the pooled deepest stage) and with `--tone-jitter 0.5` (random tone curves on the gray input), then
# `rot3-stride4` itself again on this CPU (the comparator's third run); for each the proxy finetune rows
# (validation, seed 0, lr 5e-3, layer decay 0.7, best.pt, gray) at 10% and 1% and the colorization metrics
# (validation, no semantic classifier); then the validation probes of the new runs (ablation.py).
# Run from /work/snap34 (fbb8682).
set -euo pipefail
cd /work/snap34
export PYTHONPATH=/work/snap34
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
echo "start $(date +%T) $(git rev-parse --short HEAD)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
variant() {  # name, extra pretraining options...
  local run=$1; shift
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
    --name $run "$@"
  echo "$run pretraining done $(date +%T)"
  for fraction in 0.1 0.01; do
    python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-$run | tail -1)"
    echo "$run finetune $fraction done $(date +%T)"
  done
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_session34.csv
  echo "$run evaluate done $(date +%T)"
}
variant hist1-rot3-stride4 --histogram-weight 1
variant tone0.5-rot3-stride4 --tone-jitter 0.5
variant rot3-stride4-rerun2
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
echo "probes done $(date +%T)"
