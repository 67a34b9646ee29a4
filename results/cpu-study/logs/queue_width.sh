#!/usr/bin/env bash
# Width and skips at proxy scale (20,000 fit images, 10 epochs, ab-classify without rebalancing: the `norebal` row's recipe), then their validation probes.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap70
common=(--dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --objective ab-classify
        --rebalance-lambda 1 --limit 20000 --epochs 10 --out runs/ablation)
echo "start $(date +%T)"
python -m ssl_colorize pretrain "${common[@]}" --model unet-m --name unet-m
echo "unet-m done $(date +%T)"
python -m ssl_colorize pretrain "${common[@]}" --model unet-s --no-skips --name noskips
echo "noskips done $(date +%T)"
python /work/snap70/benchmarks/ablation.py --data-dir ../shared/data/cifar10 --runs runs/ablation --cache-dir /work/cache \
  --out results/cpu-study/probe_val.csv
echo "probes done $(date +%T)"
