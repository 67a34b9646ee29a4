#!/usr/bin/env bash
# Session 25 (2026-11-28, CPU: AMD EPYC, 2 cores): the linear probe's pooling. Every probe so far pooled each
# encoder stage globally (480 features for unet-s); colorization's linear evaluations (Zhang et al. 2016,
# 2017) pool each layer to a spatial grid instead. Validation probes of validation's probe encoder (the
# rerun turned run's last.pt) and of the random-init control (BatchNorm recalibrated), grids 1, 2 and 4
# (480, 1,920 and 7,680 features), the L2 sweep widened to 1e-5..1 (the 1% probes peaked at the old
# sweep's edge, 0.1; the random 100% probe at its other edge, 1e-4). Waits for queue_session25.sh.
# Run from /work/snap25b (the commit after 0302461).
set -euo pipefail
while pgrep -f queue_session25.sh > /dev/null; do sleep 30; done
cd /work/snap25b
export PYTHONPATH=/work/snap25b
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun
echo "start $(date +%T) $(git rev-parse --short HEAD)"
for grid in 1 2 4; do
  python benchmarks/ablation.py --data-dir /work/shared/data/cifar10 --runs /work/gridprobe --cache-dir /work/cache \
    --out $S/probe_val_grid.csv --checkpoints $RUN/last.pt --pool-grid $grid --l2 1e-5 1e-4 1e-3 1e-2 1e-1 1
  echo "grid $grid done $(date +%T)"
done
