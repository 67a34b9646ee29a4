#!/usr/bin/env bash
# Session 30 (2026-11-29, CPU: AMD EPYC, 2 cores), second queue, from /work/snap30 (HEAD of main at its start).
# Waits for queue_session30 (the rerun's pretraining again and the 10% seed-2 pair), then asks at 1% labels,
# validation seed 0, what one more doubling of length gives both modes' validated recipes: 4,000 steps
# instead of 2,000 (finetune from the rerun encoder, scratch from a random init; equal effort).
set -euo pipefail
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
until grep -q "^done" $S/logs/queue_session30.log; do sleep 30; done
cd /work/snap30
export PYTHONPATH=/work/snap30
echo "start $(date +%T) $(git rev-parse --short HEAD)"
finetune=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction 0.01 --encoder-id $ID 2> /dev/null)
scratch=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.01 2> /dev/null)
for recipe in "${finetune/--epochs 668/--epochs 1336} --encoder $RUN" "${scratch/--epochs 667/--epochs 1334} --pretext-from $RUN"; do
  echo "$(date +%T) val 0.01 seed 0: $recipe"
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
    --cache-dir /work/cache $recipe --label-fraction 0.01 --eval-split val --seeds 0 \
    --results $S/sweep_val_1pct_steps.csv 2>&1 | grep -v "epoch\|decod\|keeps"
done
echo "done $(date +%T)"
