#!/usr/bin/env bash
# Output stride 4 at proxy scale (the `norebal` recipe with --output-stride 4), its validation probes and 10%/1%
# finetune rows, then colorization metrics on validation for the proxy width / skips / stride rows.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap71
while pgrep -f "queue_width_finetune.sh" >/dev/null; do sleep 20; done
run() { ls -d runs/ablation/pretrain/*-"$1" | tail -1; }
echo "start $(date +%T)"
python -m ssl_colorize pretrain --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --limit 20000 --epochs 10 --out runs/ablation --output-stride 4 --name stride4
echo "stride4 done $(date +%T)"
python /work/snap71/benchmarks/ablation.py --data-dir ../shared/data/cifar10 --runs runs/ablation --cache-dir /work/cache \
  --out results/cpu-study/probe_val.csv
echo "probes done $(date +%T)"
common=(--task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --eval-split val
        --results results/cpu-study/ablation_finetune_val.csv --mode finetune --encoder "$(run stride4)" --lr 5e-3 --layer-decay 0.7)
python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.1
python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.01
echo "finetune done $(date +%T)"
python -m ssl_colorize evaluate --model "$(run unet-m)" --model "$(run noskips)" --model "$(run stride4)" --dataset folder \
  --data-dir ../shared/data/cifar10 --cache-dir /work/cache --eval-split val --no-semantic \
  --results results/cpu-study/evaluate_val_width.csv
echo "evaluate done $(date +%T)"
