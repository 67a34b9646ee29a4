#!/usr/bin/env bash
# Finetune versus scratch on 2 CPU cores, under the validation protocol.
#   sweep ENCODER OUT_CSV : equal-effort recipe sweeps on the validation split (seed 0, 10% labels): three
#       runs each for scratch and finetune (two learning rates and one recipe lever). 2 CPU cores allow no
#       more: every run is 1,000 steps (about 3 minutes); the 1% and 100% sweeps are in the GPU plan.
#   final-trained ENCODER OUT_CSV FT_ARGS SCRATCH_ARGS : the test table's finetune and scratch rows, 3 seeds,
#       at $FRACTIONS (default 1% and 10% labels), with the recipes the sweep chose (benchmarks/choose.py
#       sweep; with --fraction F a recipe per fraction: FRACTIONS=F, one call each).
#   final-probes ENCODER OUT_CSV PROBE_ARGS RANDOM_PROBE_ARGS : its linear and random-init probe rows at
#       $FRACTIONS (default 1%, 10% and 100%), with the L2 the validation probes chose for each encoder and
#       fraction (benchmarks/choose.py probe --fraction F: its pooling grid and L2).
# Data: ../shared/data/cifar10 (or $DATA); decoded arrays cached in $CACHE; SEEDS=0,1,2 by default.
set -euo pipefail
DATA=${DATA:-../shared/data/cifar10}
CACHE=${CACHE:-/tmp/ssl-colorize-cache}
common=(--task classify --dataset folder --data-dir "$DATA" --cache-dir "$CACHE")
# The sweep's base recipe, written out (the per-mode defaults are its winners; later options win).
base=(--lr 2e-3 --label-smoothing 0 --layer-decay 1)
step=$1 encoder=$2 out=$3
shift 3
test_split=(--eval-split test --seeds "${SEEDS:-0,1,2}" --results "$out")  # SEEDS=0 runs one seed
if [ "$step" = sweep ]; then
  for lr in 2e-3 5e-3; do
    ssl-colorize transfer "${common[@]}" "${base[@]}" --mode scratch --label-fraction 0.1 --lr $lr --results "$out"
    ssl-colorize transfer "${common[@]}" "${base[@]}" --mode finetune --encoder "$encoder" --label-fraction 0.1 --lr $lr \
      --results "$out"
  done
  # One recipe lever each, at 10% labels: label smoothing for scratch, linear-probe-then-finetune.
  ssl-colorize transfer "${common[@]}" "${base[@]}" --mode scratch --label-fraction 0.1 --label-smoothing 0.1 \
    --results "$out"
  ssl-colorize transfer "${common[@]}" "${base[@]}" --mode finetune --encoder "$encoder" --label-fraction 0.1 --lp-ft \
    --results "$out"
elif [ "$step" = final-trained ]; then  # ENCODER OUT_CSV FINETUNE_ARGS SCRATCH_ARGS
  read -r -a finetune_recipe <<< "$1"; read -r -a scratch_recipe <<< "$2"
  IFS=, read -r -a fractions <<< "${FRACTIONS:-0.01,0.1}"
  for fraction in "${fractions[@]}"; do
    ssl-colorize transfer "${common[@]}" --mode finetune --encoder "$encoder" --label-fraction $fraction \
      "${finetune_recipe[@]}" "${test_split[@]}"
    ssl-colorize transfer "${common[@]}" --mode scratch --label-fraction $fraction "${scratch_recipe[@]}" \
      "${test_split[@]}"
  done
elif [ "$step" = final-probes ]; then  # ENCODER OUT_CSV PROBE_ARGS RANDOM_PROBE_ARGS
  read -r -a probe_recipe <<< "$1"; read -r -a random_probe_recipe <<< "$2"
  ssl-colorize transfer "${common[@]}" --mode linear --encoder "$encoder" --label-fraction "${FRACTIONS:-0.01,0.1,1}" \
    "${probe_recipe[@]}" "${test_split[@]}"
  ssl-colorize transfer "${common[@]}" --mode linear --init random --label-fraction "${FRACTIONS:-0.01,0.1,1}" \
    "${random_probe_recipe[@]}" "${test_split[@]}"
else
  echo "usage: $0 sweep|final-trained|final-probes ENCODER OUT_CSV [recipe options...]" >&2
  exit 2
fi
