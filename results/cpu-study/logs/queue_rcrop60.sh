#!/usr/bin/env bash
# After the 60-epoch resized-crop pretraining: validation probes (best.pt and last.pt), colorization on validation.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap61
while pgrep -f "ssl_colorize pretrain" >/dev/null; do sleep 20; done
RUN=$(ls -d runs/ablation/pretrain/*-rcrop-full-ep60 | tail -1)
echo "run $RUN $(date +%T)"
python /work/snap61/benchmarks/ablation.py --data-dir ../shared/data/cifar10 --runs runs/ablation --cache-dir /work/cache \
  --out results/cpu-study/probe_val.csv --checkpoints "$RUN/last.pt"
echo "probes done $(date +%T)"
python -m ssl_colorize evaluate --model "$RUN" --model "$RUN/last.pt" --dataset folder \
  --data-dir ../shared/data/cifar10 --cache-dir /work/cache --eval-split val --no-semantic \
  --results results/cpu-study/evaluate_val_rcrop60.csv
echo "evaluate done $(date +%T)"
