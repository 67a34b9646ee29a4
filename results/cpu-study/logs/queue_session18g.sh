#!/usr/bin/env bash
# Stopped (its bash killed) during the 10% scratch test rows (they finished under it): session time; the 1% test
# rows it would have run next (finetune --input lab; scratch at 2,000 steps) are not measured.
# Session of 2026-11-28 (CPU, 2 cores): the rest of queue_session18d.sh, after its 10% finetune test rows.
# First the 1% finetune row at 2,000 steps (validation, seed 0, the chosen 1% recipe with colors), the
# equal-effort partner of the 1% scratch row at 2,000 steps (50.42 against 48.18 at 1,000). Then the test
# rows (3 seeds) the validation split chooses (benchmarks/choose.py over every validation CSV of the study,
# finetune rows of encoder stride4-rcrop-full-ep60@last only) where the choice changed this session:
# 10% scratch, then 1% finetune and scratch. Run from /work/snap18d (commit 31e90d6).
set -euo pipefail
cd /work/snap18d
export PYTHONPATH=/work/snap18d
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
ENC=$M/runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
ID=20261127-204118-stride4-rcrop-full-ep60:dea38fc27e
while pgrep -f "eval-split test --seeds 0,1,2" >/dev/null; do sleep 10; done
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val \
  --seeds 0 --label-fraction 0.01 --min-steps 2000 --mode finetune --encoder $ENC --input lab --lr 5e-3 \
  --layer-decay 0.7 --label-smoothing 0 --results $S/sweep_val_1pct_steps.csv
VAL=($S/sweep_val.csv $S/sweep_val_10pct_levers.csv $S/sweep_val_10pct_stride4.csv $S/sweep_val_10pct_steps.csv
     $S/sweep_val_input.csv $S/sweep_val_1pct.csv $S/sweep_val_1pct_stride4.csv $S/ablation_finetune_val.csv
     $S/sweep_val_1pct_steps.csv)
for cell in "0.1 scratch" "0.01 finetune" "0.01 scratch"; do
  read -r fraction mode <<< "$cell"
  recipe=$(python benchmarks/choose.py sweep "${VAL[@]}" --mode $mode --fraction $fraction --encoder-id $ID)
  echo "$fraction $mode chosen: $recipe"
  [[ $recipe == *"--input lab"* || $recipe != *"--epochs 29" && $recipe != *"--epochs 334" ]] || {
    echo "  unchanged from the committed test rows: skipped"; continue; }
  extra=(); [ $mode = finetune ] && extra=(--encoder $ENC)
  # shellcheck disable=SC2086  # the recipe's options are words
  python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache \
    --mode $mode "${extra[@]}" --label-fraction $fraction $recipe --eval-split test --seeds 0,1,2 \
    --results $S/transfer_test.csv
  echo "  done $(date +%T)"
done
