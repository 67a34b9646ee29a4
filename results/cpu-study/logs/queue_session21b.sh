#!/usr/bin/env bash
# Session 21 (2026-11-28, CPU: AMD EPYC, 2 cores, AVX512-BF16 without AMX; lscpu_session21.txt).
# Part 1: the pretext's own optimizer, never swept before (AdamW lr 2e-3, weight decay 0.05 since the original
# study), at proxy scale: the rot3-stride4 proxy recipe (unet-s, ab-classify without rebalancing, output stride 4,
# rotation weight 3, 20,000 fit images, 10 epochs) with one change each; then the unchanged recipe again on this
# CPU (its first run was on the Xeon of session 19) to measure how far a rerun moves the seed-0 rows.
# Each: pretraining, validation probes (benchmarks/ablation.py), finetune at 10% and 1% (validation, seed 0, lr 5e-3,
# layer decay 0.7: the proxy rows' recipe), colorization metrics on validation.
# Part 2: the 100% scratch test rows of seeds 1 and 2 (recipe chosen on validation, as for seed 0).
# Run from /work/snap21 (commit in the log).
set -euo pipefail
cd /work/snap21
export PYTHONPATH=/work/snap21
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
while pgrep -f "queue_session21[.]sh" >/dev/null; do sleep 10; done
run() { ls -d $M/runs/ablation/pretrain/*-"$1" | tail -1; }
echo "start $(date +%T) $(git rev-parse --short HEAD)"
LEVERS=("rot3-stride4-lr4e-3 --lr 4e-3" "rot3-stride4-lr1e-3 --lr 1e-3" "rot3-stride4-wd0.5 --weight-decay 0.5" "rot3-stride4-rerun")
for lever in "${LEVERS[@]}"; do
  read -r name options <<< "$lever"
  echo "start $name $(date +%T)"
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight 3 \
    $options --name $name
  echo "$name pretrained $(date +%T)"
  python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
  echo "probes done $(date +%T)"
  common=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val
          --results $S/ablation_finetune_val.csv --mode finetune --encoder "$(run $name)" --lr 5e-3 --layer-decay 0.7)
  python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.1
  python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.01
  echo "finetune done $(date +%T)"
  python -m ssl_colorize evaluate --model "$(run $name)" --dataset folder --data-dir $DATA --cache-dir /work/cache \
    --eval-split val --no-semantic --results $S/evaluate_val_pretext_optim.csv
  echo "evaluate done $(date +%T)"
done
best_scratch=$(python benchmarks/choose.py sweep $S/sweep_val_100pct.csv --mode scratch --fraction 1)
echo "scratch chosen: $best_scratch"
for seed in 1 2; do
  # shellcheck disable=SC2086  # the recipe's options are words
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache \
    --label-fraction 1 $best_scratch --eval-split test --seeds $seed --results $S/transfer_test.csv
  echo "test scratch seed $seed done $(date +%T)"
done
