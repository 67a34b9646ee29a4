#!/usr/bin/env bash
# Session 35 (2026-12-04, CPU: AMD EPYC Zen 3, AVX2 only, fp32, 2 cores), replacing queue_session35 after its
# two pretrainings and their probes (it is stopped before its colorization metrics and finetunes, which this
# queue runs at the end instead): the same pair at pretraining seed 2, `hist1-rot3-stride4-seed2` and
# `rot3-stride4-seed2-fp32`, so the histogram head's probe gain is judged on three pretraining seeds; then the
# colorization metrics of the four fp32 runs and their proxy finetune rows (validation, seed 0, lr 5e-3,
# layer decay 0.7, best.pt, gray), 1% first, while the session lasts. Run from /work/snap35 (63f3c25).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
while ! grep -q "^rot3-stride4-seed1-fp32 probes done [0-9]" $S/logs/queue_session35.log; do sleep 10; done
pkill -f queue_session35.sh || true
sleep 2
pkill -f "ssl_colorize evaluate" || true
cd /work/snap35
export PYTHONPATH=/work/snap35
echo "start $(date +%T) $(git rev-parse --short HEAD)"
runs=(hist1-rot3-stride4-seed2 rot3-stride4-seed2-fp32)
extra=("--histogram-weight 1" "")
for i in 0 1; do
  run=${runs[$i]}
  # shellcheck disable=SC2086  # the extra options split into words on purpose
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
    --seed 2 --name $run ${extra[$i]}
  echo "$run pretraining done $(date +%T)"
  python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
  echo "$run probes done $(date +%T)"
done
all=(hist1-rot3-stride4-seed1 rot3-stride4-seed1-fp32 "${runs[@]}")
for run in "${all[@]}"; do
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_session35.csv
  echo "$run evaluate done $(date +%T)"
done
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.01 0.1; do
  for run in "${all[@]}"; do
    python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-$run | tail -1)"
    echo "$run finetune $fraction done $(date +%T)"
  done
done
echo "queue done $(date +%T)"
