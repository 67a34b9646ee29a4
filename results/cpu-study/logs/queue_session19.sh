#!/usr/bin/env bash
# Session of 2026-11-28 (CPU, 2 cores): the 1% test rows (3 seeds) that queue_session18g.sh would have run next,
# where validation changed the choice last session: finetune with colors (--input lab) and scratch at 2,000
# steps. Choices by benchmarks/choose.py over every validation CSV of the study (finetune rows of encoder
# stride4-rcrop-full-ep60@last only). Run from /work/snap19 (commit 91cd88c).
set -euo pipefail
cd /work/snap19
export PYTHONPATH=/work/snap19
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
ENC=$M/runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
ID=20261127-204118-stride4-rcrop-full-ep60:dea38fc27e
echo "start $(date +%T) $(git rev-parse --short HEAD)"
VAL=($S/sweep_val.csv $S/sweep_val_10pct_levers.csv $S/sweep_val_10pct_stride4.csv $S/sweep_val_10pct_steps.csv
     $S/sweep_val_input.csv $S/sweep_val_1pct.csv $S/sweep_val_1pct_stride4.csv $S/ablation_finetune_val.csv
     $S/sweep_val_1pct_steps.csv)
for mode in finetune scratch; do
  recipe=$(python benchmarks/choose.py sweep "${VAL[@]}" --mode $mode --fraction 0.01 --encoder-id $ID)
  echo "0.01 $mode chosen: $recipe"
  extra=(); [ $mode = finetune ] && extra=(--encoder $ENC)
  # shellcheck disable=SC2086  # the recipe's options are words
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache \
    --mode $mode "${extra[@]}" --label-fraction 0.01 $recipe --eval-split test --seeds 0,1,2 \
    --results $S/transfer_test.csv
  echo "  done $(date +%T)"
done
