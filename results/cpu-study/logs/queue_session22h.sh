#!/usr/bin/env bash
# Session 22 (2026-11-28, CPU: AMD EPYC, 2 cores), after queue_session22g.sh: torch.compile's throughput on this
# CPU (issue 9: not measured on the EPYC; eager rows in results/throughput_epyc.csv), nothing else running; then
# co-training at weight 0.3 for 2,000 steps at 10% on validation (seed 0; 1,000 steps gave 78.76). Run from /work/snap22.
set -euo pipefail
cd /work/snap22
export PYTHONPATH=/work/snap22
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
while pgrep -f "queue_session22g[.]sh" >/dev/null; do sleep 10; done
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python benchmarks/throughput.py --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --models unet-s --compile \
  --no-conventional --out /work/main/results/throughput_epyc_compile.csv
echo "compile bench done $(date +%T)"
python -m ssl_colorize transfer --task classify --mode finetune --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache --encoder $RUN --input lab --layer-decay 0.7 --label-fraction 0.1 --lr 1e-2 \
  --pretext-weight 0.3 --epochs 58 --eval-split val --seeds 0 --results $S/sweep_val_cotrain.csv
echo "done $(date +%T)"
