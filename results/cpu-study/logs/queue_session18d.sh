#!/usr/bin/env bash
# Stopped (its bash killed) during its 10% finetune test rows (they finished under it), to move the 1% finetune
# 2,000-step validation row (queue_session18f.sh, stopped by SIGTERM: two runs side by side slowed both badly)
# ahead of the 1% choice; queue_session18g.sh ran the rest.
# Session of 2026-11-28 (CPU, 2 cores), fourth queue, after queue_session18c2.sh. First the length at 1% for
# scratch (2,000 steps, validation, seed 0: at 10% scratch kept gaining with steps, 73.96 / 75.56 / 77.06 at
# 1,000 / 2,000 / 4,000 with colors). Then test rows (3 seeds) for the
# recipes the validation split now chooses at 1% and 10% labels, for finetune (encoder
# stride4-rcrop-full-ep60@last) and tuned scratch, where the choice changed this session (--input lab,
# training length). The choice is made here, by benchmarks/choose.py over every validation CSV of the study
# (finetune rows of this encoder only), and printed to the log. Run from /work/snap18d (commit 31e90d6).
set -euo pipefail
cd /work/snap18d
export PYTHONPATH=/work/snap18d
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
ENC=$M/runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
ID=20261127-204118-stride4-rcrop-full-ep60:dea38fc27e
while pgrep -f "queue_session18c" >/dev/null; do sleep 20; done
VAL=($S/sweep_val.csv $S/sweep_val_10pct_levers.csv $S/sweep_val_10pct_stride4.csv $S/sweep_val_10pct_steps.csv
     $S/sweep_val_input.csv $S/sweep_val_1pct.csv $S/sweep_val_1pct_stride4.csv $S/ablation_finetune_val.csv)
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val \
  --seeds 0 --label-fraction 0.01 --min-steps 2000 --mode scratch --lr 2e-3 --label-smoothing 0.1 --weight-decay 0.5 \
  --results $S/sweep_val_1pct_steps.csv
VAL+=($S/sweep_val_1pct_steps.csv)
for fraction in 0.1 0.01; do
  for mode in finetune scratch; do
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
done
