#!/usr/bin/env bash
# Session 38: queue_session38b's first step only (the histogram encoder's 4 x 4 validation probes, last.pt, L2 1e-3 .. 3),
# its test probe rows dropped because the scratch run ahead of it took longer than planned.
set -euo pipefail
M=/work/main
S=$M/results/cpu-study
DATA=/work/shared/data/cifar10
while ! grep -q "^queue done" $S/logs/queue_session38.log; do sleep 10; done
cd /work/snap38
export PYTHONPATH=/work/snap38
echo "start $(date +%T) $(git rev-parse --short HEAD)"
RUN_DIR="$(ls -d $M/runs/full/pretrain/*-hist1-rot3-stride4-rcrop-full-ep60 | tail -1)"
python benchmarks/ablation.py --data-dir $DATA --runs /work/gridprobe38 --cache-dir /work/cache \
  --out $S/probe_val_grid.csv --pool-grid 4 --l2 1e-3 1e-2 1e-1 1 3 --checkpoints "$RUN_DIR/last.pt"
echo "queue done $(date +%T)"
