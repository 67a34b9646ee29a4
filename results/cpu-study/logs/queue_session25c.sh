#!/usr/bin/env bash
# Session 25 (2026-11-28, CPU: AMD EPYC, 2 cores): test rows of the probes at validation's pooling grid and L2
# (choose.py probe over probe_val_grid.csv, queue_session25b) for validation's probe encoder at 100% labels
# (the rerun turned run's last.pt; at 1% and 10% too, though validation's probe encoder there is the plain
# run, whose weights did not outlive its session) and the random-init control, 3 seeds, into their own CSV
# (a grid-1 pick reruns a recipe transfer_test.csv may hold already: a check that it reproduces).
# Waits for queue_session25b.sh.
# Run from /work/snap25c (86c6f9a).
set -euo pipefail
while pgrep -f "queue_session25(b)?.sh" > /dev/null; do sleep 30; done
cd /work/snap25c
export PYTHONPATH=/work/snap25c
S=/work/main/results/cpu-study
RUN=/work/main/runs/ablation/pretrain/20261128-110204-rot3-stride4-rcrop-full-ep60-rerun
echo "start $(date +%T) $(git rev-parse --short HEAD)"
data=(--task classify --dataset folder --data-dir /work/shared/data/cifar10 --cache-dir /work/cache --mode linear)
for fraction in 1 0.1 0.01; do
  for variant in rot3-stride4-rcrop-full-ep60-rerun@last random-init; do
    options=$(python benchmarks/choose.py probe $S/probe_val_grid.csv --variant $variant --fraction $fraction)
    echo "$variant at $fraction: validation's probe $options"
    if [[ $variant == random-init ]]; then source=(--init random); else source=(--encoder $RUN/last.pt); fi
    # shellcheck disable=SC2086  # the options are words
    python -m ssl_colorize transfer "${data[@]}" "${source[@]}" --label-fraction $fraction $options \
      --eval-split test --seeds 0,1,2 --results $S/transfer_test_grid.csv
  done
done
echo "done $(date +%T)"
