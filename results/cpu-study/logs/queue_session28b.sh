#!/usr/bin/env bash
# Stopped at 05:36 during its 10% scratch run with --ema (started 05:31, no row written): its two 10% scratch runs
# (29 minutes each at 8,000 steps) would have left no time for test rows; its last row, 10% finetune with
# --augment resized-crop, ran in queue_session28c.
# Session 28 (2026-11-29, CPU: AMD EPYC, 2 cores), second queue: two levers the issue names for an equal-effort
# scratch recipe and never tried for either mode: a moving average of the weights (--ema 0.999; with the warm-up
# (1 + t) / (10 + t) it stays below 0.999 for these runs' 700-4,000 steps, so it averages about the last tenth of
# the steps) and stronger augmentation of the labeled images (--augment resized-crop). Each added to validation's
# current choice of each mode (benchmarks/choose.py over the validation CSVs), 1% first, then 10%; validation
# seed 0 as every recipe choice. From /work/snap28b (06d8d55); after queue_session28.
set -euo pipefail
while pgrep -f "queue_session28.sh" > /dev/null; do sleep 20; done
cd /work/snap28b
export PYTHONPATH=/work/snap28b
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
echo "start $(date +%T) $(git rev-parse --short HEAD)"
for fraction in 0.01 0.1; do
  finetune=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction $fraction --encoder-id $ID 2> /dev/null)
  scratch=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction $fraction 2> /dev/null)
  for lever in "--ema 0.999" "--augment resized-crop"; do
    for mode in finetune scratch; do
      if [ $mode = finetune ]; then recipe="$finetune --encoder $RUN"; else recipe="$scratch --pretext-from $RUN"; fi
      echo "$(date +%T) $fraction $mode $lever: $recipe"
      python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
        --cache-dir /work/cache $recipe $lever --label-fraction $fraction --eval-split val --seeds 0 \
        --results $S/sweep_val_ema_augment.csv 2>&1 | grep -v "epoch\|decod\|keeps"
    done
  done
done
echo "done $(date +%T)"
