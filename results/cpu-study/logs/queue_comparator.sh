#!/usr/bin/env bash
# The comparator row queue_stride4_test.sh meant to run: its glob `*-rcrop-full-ep60` also matched the stride-4
# run (`...-stride4-rcrop-full-ep60`, the newer one), so that row re-ran the stride-4 encoder. Here by exact path,
# once the 1% test rows are done (the 100% finetune is left for a later session: session time); then the
# stride-4 run's colorization metrics on validation.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap72
until grep -q "finetune 0.01 done" results/cpu-study/logs/queue_stride4_test.log; do sleep 10; done
pkill -f queue_stride4_test.sh || true
pkill -f "label-fraction 1 --lr 5e-3" || true
sleep 5
RCROP=runs/ablation/pretrain/20261127-165408-rcrop-full-ep60
STRIDE4=runs/ablation/pretrain/20261127-204118-stride4-rcrop-full-ep60
python -m ssl_colorize transfer --task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache \
  --eval-split val --results results/cpu-study/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 \
  --label-fraction 0.1 --encoder "$RCROP/last.pt"
echo "comparator done $(date +%T)"
python -m ssl_colorize evaluate --model "$STRIDE4" --model "$STRIDE4/last.pt" --dataset folder \
  --data-dir ../shared/data/cifar10 --cache-dir /work/cache --eval-split val --no-semantic \
  --results results/cpu-study/evaluate_val_stride4_full.csv
echo "evaluate done $(date +%T)"
