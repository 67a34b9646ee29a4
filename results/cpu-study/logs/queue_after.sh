#!/usr/bin/env bash
# After the rcrop probes: scratch's 1% choice (weight decay 0.5) on the test split, then the 10% levers on validation.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap61
while pgrep -f "queue_rcrop60.sh" >/dev/null; do sleep 20; done
EP60=$(ls -d runs/ablation/pretrain/*-norebal-full-ep60 | tail -1)/last.pt
common=(--task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache)
echo "start $(date +%T)"
python -m ssl_colorize transfer "${common[@]}" --mode scratch --label-fraction 0.01 \
  $(python benchmarks/choose.py sweep results/cpu-study/sweep_val_1pct.csv --mode scratch --fraction 0.01) \
  --eval-split test --seeds 0,1,2 --results results/cpu-study/transfer_test.csv
echo "scratch 1% test done $(date +%T)"
val=(--label-fraction 0.1 --eval-split val --results results/cpu-study/sweep_val_10pct_levers.csv)
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder "$EP60" --lr 5e-3 "${val[@]}"
python -m ssl_colorize transfer "${common[@]}" --mode finetune --encoder "$EP60" --lr 5e-3 --layer-decay 0.7 "${val[@]}"
python -m ssl_colorize transfer "${common[@]}" --mode scratch --lr 2e-3 --label-smoothing 0.1 --weight-decay 0.5 "${val[@]}"
echo "10% levers done $(date +%T)"
