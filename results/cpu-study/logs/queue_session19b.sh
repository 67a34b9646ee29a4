#!/usr/bin/env bash
# Session of 2026-11-28 (CPU, 2 cores): the rotation lever at proxy scale (the stride4 proxy recipe: unet-s,
# ab-classify without rebalancing, output stride 4, 20,000 fit images, 10 epochs) plus --rotation-weight W:
# pretraining, the validation probes (benchmarks/ablation.py), finetune rows at 10% and 1% (validation, seed 0,
# the proxy rows' recipe lr 5e-3 + layer decay 0.7) and colorization metrics on validation.
# WEIGHTS=1 first (04:22-04:31), then WEIGHTS="3 0.3" (a second start of this script). Waits for queue_session19.sh. Run from /work/snap19b (commit c88a992).
set -euo pipefail
cd /work/snap19b
export PYTHONPATH=/work/snap19b
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
while pgrep -f "queue_session19[.]sh" >/dev/null; do sleep 10; done
run() { ls -d $M/runs/ablation/pretrain/*-"$1" | tail -1; }
for weight in ${WEIGHTS:-1}; do
  name=rot${weight}-stride4
  echo "start $name $(date +%T) $(git rev-parse --short HEAD)"
  python -m ssl_colorize pretrain --dataset folder --data-dir $DATA --cache-dir /work/cache --objective ab-classify \
    --rebalance-lambda 1 --limit 20000 --epochs 10 --out $M/runs/ablation --output-stride 4 --rotation-weight $weight \
    --name $name
  echo "$name pretrained $(date +%T)"
  python benchmarks/ablation.py --data-dir $DATA --runs $M/runs/ablation --cache-dir /work/cache --out $S/probe_val.csv
  echo "probes done $(date +%T)"
  common=(--task classify --dataset folder --data-dir $DATA --cache-dir /work/cache --eval-split val
          --results $S/ablation_finetune_val.csv --mode finetune --encoder "$(run $name)" --lr 5e-3 --layer-decay 0.7)
  python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.1
  python -m ssl_colorize transfer "${common[@]}" --label-fraction 0.01
  echo "finetune done $(date +%T)"
  python -m ssl_colorize evaluate --model "$(run $name)" --dataset folder --data-dir $DATA --cache-dir /work/cache \
    --eval-split val --no-semantic --results $S/evaluate_val_width.csv
  echo "evaluate done $(date +%T)"
done
