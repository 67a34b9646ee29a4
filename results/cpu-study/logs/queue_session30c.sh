#!/usr/bin/env bash
# Session 30 (2026-11-29, CPU: AMD EPYC, 2 cores), third queue, from /work/snap30 (b9d3998). Validation's new 1%
# scratch choice (4,000 steps, queue_session30b) on test, seed 0 (the time left allowed one seed).
set -euo pipefail
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun/last.pt
cd /work/snap30
export PYTHONPATH=/work/snap30
echo "start $(date +%T) $(git rev-parse --short HEAD)"
recipe="$(python benchmarks/choose.py sweep $S/sweep_val*.csv --mode scratch --fraction 0.01 2> /dev/null) --pretext-from $RUN"
echo "$(date +%T) test 0.01 seed 0: $recipe"
python -m ssl_colorize transfer --task classify --dataset folder --data-dir /work/shared/data/cifar10 \
  --cache-dir /work/cache $recipe --label-fraction 0.01 --eval-split test --seeds 0 \
  --results $S/transfer_test.csv 2>&1 | grep -v "epoch\|decod\|keeps"
echo "done $(date +%T)"
