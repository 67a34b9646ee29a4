#!/usr/bin/env bash
# Stopped at 06:51 by queue_session28d, after its 10% scratch test row of seed 0 (seeds 1-2 would have ended after
# the session's time).
# Session 28 (2026-11-29, CPU: AMD EPYC, 2 cores), third queue: test rows for validation's new choices.
# queue_session28b was stopped at 05:36 during its 10% scratch run with --ema (2 x 29 minutes for its two 10%
# scratch runs left no time for the test rows); this queue first runs the one cheap row it had left (10% finetune
# with --augment resized-crop). Then: 1% finetune and scratch as validation now chooses (both with --ema 0.999,
# whose seed-0 rows lead), 3 seeds; then 10% scratch at 8,000 steps (validation's new choice), one seed per call
# so each row lands as it finishes. From /work/snap28b (06d8d55).
set -euo pipefail
S=/work/main/results/cpu-study
cd /work/snap28b
export PYTHONPATH=/work/snap28b
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
echo "start $(date +%T) $(git rev-parse --short HEAD)"
test_rows() {  # test_rows MODE FRACTION SEEDS: validation's choice for that mode and fraction, on test
  local recipe
  if [ "$1" = finetune ]; then
    recipe="$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction $2 --encoder-id $ID 2> /dev/null) --encoder $RUN"
  else
    recipe="$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction $2 2> /dev/null) --pretext-from $RUN"
  fi
  echo "$(date +%T) test $1 $2 seeds $3: $recipe"
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache $recipe --label-fraction $2 --eval-split test --seeds $3 \
    --results $S/transfer_test.csv 2>&1 | grep -v "epoch\|decod\|keeps"
}
finetune=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction 0.1 --encoder-id $ID 2> /dev/null)
echo "$(date +%T) 0.1 finetune --augment resized-crop: $finetune"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache $finetune --encoder $RUN --augment resized-crop --label-fraction 0.1 --eval-split val \
  --seeds 0 --results $S/sweep_val_ema_augment.csv 2>&1 | grep -v "epoch\|decod\|keeps"
test_rows finetune 0.01 0,1,2
test_rows scratch 0.01 0,1,2
for seed in 0 1 2; do test_rows scratch 0.1 $seed; done
echo "done $(date +%T)"
