#!/usr/bin/env bash
# Session 27 (2026-11-29, CPU: AMD EPYC, 2 cores), fifth queue. Replaces queue_session27c/d (stopped at 02:34 before
# any row): queue_session27b found finetuning's 1% optimum at scratch's own regularization (label smoothing 0.1 and
# weight decay 0.5 together: 65.20 against 62.90, validation seed 0), so L2-SP is tried on top of that, then the
# test rows of validation's 1% choice, then L2-SP at 10%, a second validation seed of the 1% choice, and last
# scratch's length one doubling further (queue_session27d's rows). All from /work/snap27c (06587a2).
#  1. 1%: validation's new recipe (rerun turned encoder's last.pt, --input lab, lr 5e-3, layer decay 0.7,
#     co-trained W 0.1, 2,000 steps, ls 0.1, wd 0.5) plus `--l2-sp` 0.1 and 1 (the head keeps wd 0.5).
#  2. 1%: test rows, 3 seeds, of the recipe choose.py picks from every validation CSV.
#  3. 10%: validation's recipe (lr 1e-2, W 0.3, 1,000 steps) plus `--l2-sp` 0.1 and 1.
#  4. 1%: validation seed 1 of the 1% choice.
#  5. Scratch, plain, one doubling longer: 1% 4,000 steps (wd 0.5), 10% 8,000 steps (--input lab).
set -euo pipefail
cd /work/snap27c
export PYTHONPATH=/work/snap27c
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
ID=20261128-110204-rot3-stride4-rcrop-full-ep60-rerun:45c0b81872
echo "start $(date +%T) $(git rev-parse --short HEAD)"
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache)
common=("${data[@]}" --mode finetune --encoder $RUN --input lab --layer-decay 0.7 --eval-split val --seeds 0
        --results $S/sweep_val_finetune_reg.csv)
one_percent="--label-fraction 0.01 --lr 5e-3 --pretext-weight 0.1 --epochs 668 --label-smoothing 0.1 --weight-decay 0.5"
ten_percent="--label-fraction 0.1 --lr 1e-2 --pretext-weight 0.3"
# shellcheck disable=SC2086  # the options are words
for rate in 0.1 1; do
  python -m ssl_colorize transfer "${common[@]}" $one_percent --l2-sp $rate
  echo "1% l2-sp $rate done $(date +%T)"
done
choice=$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode finetune --fraction 0.01 --encoder-id $ID)
echo "1% choice: $choice"
# shellcheck disable=SC2086
python -m ssl_colorize transfer "${data[@]}" --encoder $RUN --label-fraction 0.01 $choice --eval-split test \
  --seeds 0,1,2 --results $S/transfer_test.csv
echo "1% test rows done $(date +%T)"
for rate in 0.1 1; do
  # shellcheck disable=SC2086
  python -m ssl_colorize transfer "${common[@]}" $ten_percent --l2-sp $rate
  echo "10% l2-sp $rate done $(date +%T)"
done
# shellcheck disable=SC2086
python -m ssl_colorize transfer "${data[@]}" --encoder $RUN --label-fraction 0.01 $choice --eval-split val \
  --seeds 1 --results $S/sweep_val_finetune_reg.csv
echo "1% validation seed 1 done $(date +%T)"
scratch=("${data[@]}" --mode scratch --lr 2e-3 --label-smoothing 0.1 --eval-split val --seeds 0
         --results $S/sweep_val_scratch_length.csv)
python -m ssl_colorize transfer "${scratch[@]}" --label-fraction 0.01 --weight-decay 0.5 --epochs 1334
echo "scratch 1% 4,000 steps done $(date +%T)"
python -m ssl_colorize transfer "${scratch[@]}" --label-fraction 0.1 --input lab --epochs 230
echo "scratch 10% 8,000 steps done $(date +%T)"
