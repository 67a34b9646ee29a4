#!/usr/bin/env bash
# Session 25 (2026-11-28, CPU: AMD EPYC, 2 cores): the pooling grid as a lever for the trained modes too, with
# equal effort: each mode's validated recipe at 10% and 1% labels (choose.py over every validation row; finetune
# from the rerun turned encoder, scratch co-trained from a random init with its pretext) plus --pool-grid 2
# (the head sees each stage as a 2 x 2 map), validation seed 0 as the recipes' other rows. Waits for
# queue_session25c.sh. Run from /work/snap25c (86c6f9a).
set -euo pipefail
while pgrep -f "queue_session25(b|c)?.sh" > /dev/null; do sleep 30; done
cd /work/snap25c
export PYTHONPATH=/work/snap25c
S=/work/main/results/cpu-study
NAME=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun
RUN=/work/main/runs/ablation/pretrain/$NAME/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache)
for fraction in 0.1 0.01; do
  finetune=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction $fraction --encoder-id $NAME)
  scratch=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction $fraction)
  echo "$fraction: finetune $finetune; scratch $scratch"
  # shellcheck disable=SC2086  # the options are words
  python -m ssl_colorize transfer "${data[@]}" --encoder $RUN --label-fraction $fraction $finetune --pool-grid 2 \
    --eval-split val --seeds 0 --results $S/sweep_val_grid.csv
  # shellcheck disable=SC2086
  python -m ssl_colorize transfer "${data[@]}" --pretext-from $RUN --label-fraction $fraction $scratch --pool-grid 2 \
    --eval-split val --seeds 0 --results $S/sweep_val_grid.csv
  echo "$fraction done $(date +%T)"
done
