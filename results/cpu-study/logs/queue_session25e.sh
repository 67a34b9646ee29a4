#!/usr/bin/env bash
# Session 25 (2026-11-28, CPU: AMD EPYC, 2 cores): the rerun encoder's 1% probe at 4 x 4 peaked at the widened
# L2 sweep's edge (1): the same probes at L2 3 and 10 (the random control comes along; features cached).
# Run from /work/main at 91c672d.
set -euo pipefail
cd /work/main
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun
echo "start $(date +%T) $(git rev-parse --short HEAD)"
python benchmarks/ablation.py --data-dir /work/shared/data/cifar10 --runs /work/gridprobe --cache-dir /work/cache \
  --out $S/probe_val_grid_l2edge.csv --checkpoints $RUN/last.pt --pool-grid 4 --l2 3 10
echo "done $(date +%T)"
# Then (22:58, run by hand with this command, its output appended to the log) the 1% test rows at the new pick (L2 3 at 4 x 4; the rows at L2 1 came first, queue_session25c).
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache \
  --mode linear --encoder $RUN/last.pt --label-fraction 0.01 $(python benchmarks/choose.py probe $S/probe_val_grid.csv \
  $S/probe_val_grid_l2edge.csv --variant rot3-stride4-rcrop-full-ep60-rerun@last --fraction 0.01) \
  --eval-split test --seeds 0,1,2 --results $S/transfer_test_grid.csv
echo "test rows done $(date +%T)"
