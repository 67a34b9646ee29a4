#!/usr/bin/env bash
# Stopped at 09:06 by queue_session29b after its seed-1 pair (the seed-2 pair would have ended after the session's
# time); the seed-2 scratch run had just started.
# Session 29 (2026-11-29, CPU: AMD EPYC, 2 cores), first queue. From /work/snap29 (91cd905).
# Equal effort at 10% labels: scratch's validated recipe (lr 2e-3, label smoothing 0.1, --input lab, co-trained
# W 0.1, 8,000 steps, no layer decay) run from the encoder instead of a random init: the same budget and recipe,
# only the start differs. Validation seed 0 first; if validation's 10% finetune choice becomes this recipe, its
# test rows follow, paired seed by seed with the 8,000-step scratch's missing seeds (1, 2); otherwise scratch's
# seeds 1-2 alone.
set -euo pipefail
S=/work/main/results/cpu-study
cd /work/snap29
export PYTHONPATH=/work/snap29
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
echo "start $(date +%T) $(git rev-parse --short HEAD)"
choice() {  # choice MODE FRACTION: validation's recipe for that mode and fraction
  if [ "$1" = finetune ]; then
    python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction $2 --encoder-id $ID 2> /dev/null
  else
    python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction $2 2> /dev/null
  fi
}
test_rows() {  # test_rows MODE FRACTION SEEDS: validation's choice for that mode and fraction, on test
  local recipe start
  start="--pretext-from $RUN"; [ "$1" = finetune ] && start="--encoder $RUN"
  recipe="$(choice $1 $2) $start"
  echo "$(date +%T) test $1 $2 seeds $3: $recipe"
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache $recipe --label-fraction $2 --eval-split test --seeds $3 \
    --results $S/transfer_test.csv 2>&1 | grep -v "epoch\|decod\|keeps"
}
scratch=$(choice scratch 0.1)
recipe="${scratch/--mode scratch/--mode finetune} --encoder-lr-scale 1 --layer-decay 1 --encoder $RUN"
echo "$(date +%T) val finetune 0.1 with scratch's recipe: $recipe"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache $recipe --label-fraction 0.1 --eval-split val --seeds 0 \
  --results $S/sweep_val_finetune_scratch_recipe.csv 2>&1 | grep -v "epoch\|decod\|keeps"
finetune=$(choice finetune 0.1)
echo "$(date +%T) validation's 10% finetune choice now: $finetune"
if [[ "$finetune" == *"--epochs 230"* ]]; then
  for seed in 0 1 2; do
    [ $seed = 0 ] || test_rows scratch 0.1 $seed
    test_rows finetune 0.1 $seed
  done
else
  for seed in 1 2; do test_rows scratch 0.1 $seed; done
fi
echo "done $(date +%T)"
