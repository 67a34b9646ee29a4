#!/usr/bin/env bash
# Session 34 (2026-12-03, CPU: Intel Xeon with AMX, 2 cores), after queue_session34c: the histogram head's dose.
# At weight 1 (queue_session34) it raised the proxy probe (+1.8 at 1%, +1.7 at 100%) and tied finetuning; here
# `rot3-stride4` with `--histogram-weight 3`, the same proxy finetune rows, colorization metrics and probes.
# Run from /work/snap34 (fbb8682).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
while ! grep -q "^probes done [0-9]" $S/logs/queue_session34c.log; do sleep 10; done
cd /work/snap34
export PYTHONPATH=/work/snap34
echo "start $(date +%T) $(git rev-parse --short HEAD)"
run=hist3-rot3-stride4
python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
  --histogram-weight 3 --name $run
echo "$run pretraining done $(date +%T)"
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.1 0.01; do
  python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-$run | tail -1)"
  echo "$run finetune $fraction done $(date +%T)"
done
python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
  --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_session34.csv
echo "$run evaluate done $(date +%T)"
python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
echo "probes done $(date +%T)"
