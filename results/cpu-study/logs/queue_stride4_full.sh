#!/usr/bin/env bash
# Output stride 4 at full scale with the chosen pretext (rcrop-full-ep60's command plus --output-stride 4), its
# validation probes (best.pt and last.pt), a 10% finetune row on validation, then test rows for last.pt.
set -euo pipefail
cd /work/main
export PYTHONPATH=/work/snap71
while pgrep -f "queue_stride4.sh" >/dev/null; do sleep 20; done
run() { ls -d runs/ablation/pretrain/*-"$1" | tail -1; }
echo "start $(date +%T)"
python -m ssl_colorize pretrain --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache --objective ab-classify \
  --rebalance-lambda 1 --model unet-s --epochs 60 --augment resized-crop --output-stride 4 --out runs/ablation --name stride4-rcrop-full-ep60
echo "pretrain done $(date +%T)"
RUN=$(run stride4-rcrop-full-ep60)
python /work/snap71/benchmarks/ablation.py --data-dir ../shared/data/cifar10 --runs runs/ablation --cache-dir /work/cache \
  --out results/cpu-study/probe_val.csv --checkpoints "$RUN/last.pt"
echo "probes done $(date +%T)"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir ../shared/data/cifar10 --cache-dir /work/cache \
  --eval-split val --results results/cpu-study/ablation_finetune_val.csv --mode finetune --lr 5e-3 --layer-decay 0.7 \
  --label-fraction 0.1 --encoder "$RUN/last.pt"
echo "finetune val done $(date +%T)"
