#!/usr/bin/env bash
# Test rows of the encoder validation chose (rcrop-full-ep60@last), with recipes chosen per fraction on validation.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap61
while pgrep -f "queue_after.sh" >/dev/null; do sleep 20; done
ENC=$(ls -d runs/ablation/pretrain/*-rcrop-full-ep60 | tail -1)/last.pt
common=(--task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache)
test=(--eval-split test --seeds 0,1,2 --results results/cpu-study/transfer_test.csv)
choose() { python benchmarks/choose.py "$@"; }
echo "start $(date +%T)"
for f in 0.01 0.1 1; do
  python -m ssl_colorize transfer "${common[@]}" --mode linear --encoder "$ENC" --label-fraction $f \
    $(choose probe results/cpu-study/probe_val.csv --variant rcrop-full-ep60@last --fraction $f) "${test[@]}"
done
echo "probes done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder "$ENC" --label-fraction 0.01 \
  $(choose sweep results/cpu-study/sweep_val_1pct.csv --mode finetune --fraction 0.01) "${test[@]}"
echo "finetune 1% done $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder "$ENC" --label-fraction 0.1 \
  $(choose sweep results/cpu-study/sweep_val_10pct_levers.csv --mode finetune --fraction 0.1) "${test[@]}"
echo "finetune 10% done $(date +%T)"
# Scratch at 10%: the earlier sweep's choice (label smoothing) against the weight-decay lever, on validation.
python -c "import pandas as pd; pd.concat([pd.read_csv(f) for f in ('results/cpu-study/sweep_val.csv', 'results/cpu-study/sweep_val_10pct_levers.csv')]).to_csv('/tmp/scratch_10pct.csv', index=False)"
recipe=$(choose sweep /tmp/scratch_10pct.csv --mode scratch --fraction 0.1)
echo "scratch 10% choice: $recipe"
case "$recipe" in *"--weight-decay 0.5"*)
  python -m ssl_colorize transfer "${common[@]}" --mode scratch --label-fraction 0.1 $recipe "${test[@]}"
  echo "scratch 10% done $(date +%T)";;
esac
