#!/usr/bin/env bash
# Session 38, after queue_session38 (one job at a time): the histogram encoder's probes with the test table's pooling
# (4 x 4 per stage; last.pt, as the turned rerun's rows), L2 swept on validation over 1e-3 .. 3 (where the rerun's
# picks lie: 1, 1e-1, 1e-2 at 1%, 10%, 100%, and session 25's edge check at 3); an empty --runs folder so that only
# last.pt is probed (the random control's 4 x 4 rows exist already and are skipped). Then its test probe rows at
# validation's L2 per fraction, 3 seeds, pooled 4 x 4 and globally (the table's 1% cell is globally pooled).
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
echo "grid probes done $(date +%T)"
for fraction in 1 0.1 0.01; do
  for csv in probe_val_grid.csv probe_val.csv; do
    # shellcheck disable=SC2046  # choose.py prints the options as words
    python -m ssl_colorize transfer --task classify --dataset folder --data-dir $DATA --cache-dir /work/cache \
      --mode linear --encoder "$RUN_DIR/last.pt" --label-fraction $fraction \
      $(python benchmarks/choose.py probe $S/$csv --variant hist1-rot3-stride4-rcrop-full-ep60@last --fraction $fraction) \
      --eval-split test --seeds 0,1,2 --results $S/transfer_test_grid.csv 2>&1 | grep -v "epoch\|decod\|keeps"
    echo "test probe $fraction ($csv) done $(date +%T)"
  done
done
echo "queue done $(date +%T)"
