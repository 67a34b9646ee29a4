#!/usr/bin/env bash
# Session 29 (2026-11-29, CPU: AMD EPYC, 2 cores), second queue. From /work/snap29 (91cd905).
# Waits for queue_session29's test row of the new 10% finetune at seed 1, then stops that queue (its last pair,
# seed 2, would end after the session's time) and asks the same question at the other fractions, validation
# seed 0: scratch's whole validated recipe run from the encoder (no layer decay), 1% then 100%.
set -euo pipefail
S=/work/main/results/cpu-study
cd /work/snap29
export PYTHONPATH=/work/snap29
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
echo "start $(date +%T) $(git rev-parse --short HEAD)"
finetune_rows() { grep -c "^folder,.*,finetune,0.1,450,1,230," $S/transfer_test.csv || true; }
until [ "$(finetune_rows)" -ge 1 ]; do sleep 30; done
pkill -f "queue_session29\\.sh" || true
pkill -f "results $S/transfer_test.csv" || true
echo "$(date +%T) stopped queue_session29"
sleep 5
for fraction in 0.01 1; do
  scratch=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction $fraction 2> /dev/null)
  recipe="${scratch/--mode scratch/--mode finetune} --encoder-lr-scale 1 --layer-decay 1 --encoder $RUN"
  echo "$(date +%T) val finetune $fraction with scratch's recipe: $recipe"
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache $recipe --label-fraction $fraction --eval-split val --seeds 0 \
    --results $S/sweep_val_finetune_scratch_recipe.csv 2>&1 | grep -v "epoch\|decod\|keeps"
done
echo "done $(date +%T)"
