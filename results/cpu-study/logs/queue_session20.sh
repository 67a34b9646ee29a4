#!/usr/bin/env bash
# (Stopped at 08:42:58 by its own bug: the scratch test command below lacks --mode scratch, so transfer took its
# default, linear, and refused --input lab with one line; queue_session20b.sh ran the scratch row. Comment added after.)
# Session of 2026-11-28 (CPU, 2 cores), from 07:10: the 100%-label cells with this study's two new levers.
# 1. The turned encoder's frozen probe at 100% on test (its L2 from validation), the one probe cell it lacks.
# 2. Validation (seed 0, 15 epochs = 5,274 steps unless named): tuned scratch with colors (--input lab), the
#    turned encoder finetuned with colors (the 100% finetune recipe: lr 5e-3, layer decay 1), scratch with
#    colors at 30 epochs, scratch gray (the test table's 100% scratch recipe, never run on validation at 100%);
#    then the finetune partner of the length row (30 epochs) only if length paid scratch on validation.
# 3. Test rows of the validation's choice for each mode (benchmarks/choose.py over the 100% validation
#    rows; finetune rows of both full-scale encoders), one seed at a time, finetune and scratch alternating,
#    so a stop leaves matched pairs.
# Run from /work/snap20 (commit 508851f).
set -euo pipefail
cd /work/snap20
export PYTHONPATH=/work/snap20
M=/work/main
S=$M/results/cpu-study
PLAIN=$M/runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60/last.pt
ROT=$M/runs/ablation/pretrain/20261128-045222-rot3-stride4-rcrop-full-ep60/last.pt
common=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --label-fraction 1)
val=(--eval-split val --seeds 0 --results $S/sweep_val_100pct.csv)
echo "start $(date +%T) $(git rev-parse --short HEAD)"
l2=$(python benchmarks/choose.py probe $S/probe_val.csv --variant rot3-stride4-rcrop-full-ep60 --fraction 1)
echo "rot3 probe 100%: $l2"
# shellcheck disable=SC2086  # the options are words
python -m ssl_colorize transfer "${common[@]}" --mode linear --encoder $ROT $l2 --eval-split test --seeds 0,1,2 \
  --results $S/transfer_test.csv
echo "probe done $(date +%T)"
scratch=(--mode scratch --lr 2e-3 --label-smoothing 0.1)
python -m ssl_colorize transfer "${common[@]}" "${val[@]}" "${scratch[@]}" --input lab
echo "val scratch lab done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" "${val[@]}" --mode finetune --encoder $ROT --lr 5e-3 --layer-decay 1 --input lab
echo "val finetune rot3 lab done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" "${val[@]}" "${scratch[@]}" --input lab --epochs 30
echo "val scratch lab 30 done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" "${val[@]}" "${scratch[@]}"
echo "val scratch gray done $(date +%T)"
best_scratch=$(python benchmarks/choose.py sweep $S/sweep_val_100pct.csv --mode scratch --fraction 1)
echo "scratch chosen: $best_scratch"
# The encoder of the best finetune row (rows of different encoders are never averaged), then its best recipe.
best_encoder() {
  python -c "import pandas as p; r = p.read_csv('$S/sweep_val_100pct.csv'); r = r[r['mode'] == 'finetune']
print(r.groupby(['encoder_id', 'recipe', 'epochs'])['top1'].mean().idxmax()[0])"
}
encoder_path() { if [[ $1 == 20261128-045222-rot3* ]]; then echo $ROT; else echo $PLAIN; fi; }
if [[ $best_scratch == *"--epochs 30" ]]; then
  id=$(best_encoder)
  recipe=$(python benchmarks/choose.py sweep $S/sweep_val_100pct.csv --mode finetune --fraction 1 --encoder-id "$id")
  echo "finetune at 30 epochs: $id $recipe"
  # shellcheck disable=SC2086
  python -m ssl_colorize transfer "${common[@]}" "${val[@]}" --mode finetune --encoder "$(encoder_path "$id")" \
    ${recipe% --epochs *} --epochs 30
  echo "val finetune 30 done $(date +%T)"
fi
id=$(best_encoder)
best_finetune=$(python benchmarks/choose.py sweep $S/sweep_val_100pct.csv --mode finetune --fraction 1 --encoder-id "$id")
enc=$(encoder_path "$id")
echo "finetune chosen: $id $best_finetune"
for seed in 0 1 2; do
  # shellcheck disable=SC2086
  python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder $enc $best_finetune --eval-split test \
    --seeds $seed --results $S/transfer_test.csv
  echo "test finetune seed $seed done $(date +%T)"
  # shellcheck disable=SC2086
  python -m ssl_colorize transfer "${common[@]}" $best_scratch --eval-split test --seeds $seed --results $S/transfer_test.csv
  echo "test scratch seed $seed done $(date +%T)"
done
