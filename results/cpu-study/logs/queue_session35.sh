#!/usr/bin/env bash
# Session 35 (2026-12-04, CPU: AMD EPYC Zen 3 with AVX2 only, no bf16 unit, 2 cores): bf16 is emulated here
# (matmul 2 against fp32's 127 GFLOP/s), so `auto` trains in fp32, about 6x slower than the AMX sessions; a
# full-scale run (60 epochs) does not fit in a session. At proxy scale instead: does the histogram head's probe
# gain (session 34, pretraining seed 0: +1.8 / +0.4 / +1.7 at 1 / 10 / 100% labels) repeat at pretraining seed 1?
# `hist1-rot3-stride4-seed1` (rot3-stride4 + --histogram-weight 1, --seed 1), then its comparator
# `rot3-stride4-seed1-fp32` on this CPU in the same precision (the bf16 AMX run of seed 1 is on file: the pair
# also says what the precision changes); each run's validation probes right after it (ablation.py), then
# the colorization metrics, then the proxy finetune rows (validation, seed 0, lr 5e-3, layer decay 0.7,
# best.pt, gray) at 10% and 1% while the session lasts. Run from /work/snap35 (63f3c25).
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
P=$M/runs/ablation/pretrain
while pgrep -f benchmarks/throughput.py > /dev/null; do sleep 10; done
cd /work/snap35
export PYTHONPATH=/work/snap35
echo "start $(date +%T) $(git rev-parse --short HEAD)"
runs=(hist1-rot3-stride4-seed1 rot3-stride4-seed1-fp32)
extra=("--histogram-weight 1" "")
for i in 0 1; do
  run=${runs[$i]}
  # shellcheck disable=SC2086  # the extra options split into words on purpose
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
    --seed 1 --name $run ${extra[$i]}
  echo "$run pretraining done $(date +%T)"
  python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
  echo "$run probes done $(date +%T)"
done
for run in "${runs[@]}"; do
  python -m ssl_colorize evaluate --model "$(ls -d $P/*-$run | tail -1)" --dataset folder --data-dir $DATA \
    --cache-dir /work/cache --eval-split val --no-semantic --results $S/evaluate_val_session35.csv
  echo "$run evaluate done $(date +%T)"
done
base=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val --seeds 0
      --results $S/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 --label-smoothing 0)
for fraction in 0.01 0.1; do
  for run in "${runs[@]}"; do
    python -m ssl_colorize transfer "${base[@]}" --label-fraction $fraction --encoder "$(ls -d $P/*-$run | tail -1)"
    echo "$run finetune $fraction done $(date +%T)"
  done
done
echo "queue done $(date +%T)"
